//! `runtime::Buffered`, the value an untagged union reads before it picks a variant, against
//! `serde_json::Value`, which it replaces: for the same JSON text it must become the same `Value`, and every
//! type must decode from it exactly as from that `Value` (same result, same error), so the union rule
//! gives the same answers. Hand-picked texts (repeated members, escapes, numbers at the edges) and random
//! ones.

use chrono::{DateTime, NaiveDate, Utc};
use mixpeek::models::*;
use mixpeek::runtime::Buffered;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Debug;

#[derive(Debug, PartialEq, Deserialize)]
struct Record {
    a: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    b: Option<Option<String>>,
    #[serde(default)]
    c: Vec<u32>,
    #[serde(default = "half")]
    d: f64,
    #[serde(rename = "x y", default)]
    spaced: Option<bool>,
}

/// Absent is `None`, `null` is `Some(None)`.
fn nullable<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

fn half() -> f64 {
    0.5
}

#[derive(Debug, PartialEq, Deserialize)]
struct Open {
    a: Option<Value>,
    #[serde(flatten)]
    rest: BTreeMap<String, Value>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Closed {
    a: u8,
}

#[derive(Debug, PartialEq, Deserialize)]
enum External {
    A,
    B(i32),
    C(u8, String),
    D { x: Option<i64> },
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum SerdeUntagged {
    Num(f64),
    Text(String),
    Record(Record),
}

#[derive(Debug, PartialEq, Deserialize)]
struct Unit;

#[derive(Debug, PartialEq, Deserialize)]
struct Newtype(Vec<Value>);

/// Decodes `T` from the `Value` and from the `Buffered` of one text: the outcomes must be equal.
fn same<T: DeserializeOwned + PartialEq + Debug>(text: &str, value: &Value, buffered: &Buffered<'_>) {
    let from_value = T::deserialize(value).map_err(|error| error.to_string());
    let from_buffer = T::deserialize(buffered).map_err(|error| error.to_string());
    assert_eq!(from_buffer, from_value, "{} from {text}", std::any::type_name::<T>());
}

fn check(text: &str) {
    let value = serde_json::from_str::<Value>(text);
    let buffered = serde_json::from_str::<Buffered<'_>>(text);
    let (value, buffered) = match (value, buffered) {
        (Ok(value), Ok(buffered)) => (value, buffered),
        (value, buffered) => {
            let (value, buffered) = (value.map_err(|e| e.to_string()), buffered.map_err(|e| e.to_string()));
            assert_eq!(buffered.map(Buffered::into_value), value, "reading {text}");
            return;
        }
    };
    assert_eq!(buffered.clone().into_value(), value, "buffering {text}");
    // Buffered from a `Value` (owned strings) and from a `&Value` (borrowed ones) say the same.
    assert_eq!(Buffered::deserialize(value.clone()).unwrap().into_value(), value, "from an owned Value: {text}");
    assert_eq!(Buffered::deserialize(&value).unwrap().into_value(), value, "from a borrowed Value: {text}");
    // And decoding it into a `Value` replays it exactly.
    assert_eq!(Value::deserialize(&buffered).unwrap(), value, "replaying {text}");

    same::<Value>(text, &value, &buffered);
    same::<String>(text, &value, &buffered);
    same::<char>(text, &value, &buffered);
    same::<bool>(text, &value, &buffered);
    same::<()>(text, &value, &buffered);
    same::<i8>(text, &value, &buffered);
    same::<i32>(text, &value, &buffered);
    same::<i64>(text, &value, &buffered);
    same::<i128>(text, &value, &buffered);
    same::<u8>(text, &value, &buffered);
    same::<u32>(text, &value, &buffered);
    same::<u64>(text, &value, &buffered);
    same::<u128>(text, &value, &buffered);
    same::<f32>(text, &value, &buffered);
    same::<f64>(text, &value, &buffered);
    same::<Option<String>>(text, &value, &buffered);
    same::<Option<Option<i64>>>(text, &value, &buffered);
    same::<Vec<Value>>(text, &value, &buffered);
    same::<Vec<Option<f64>>>(text, &value, &buffered);
    same::<(i64, String)>(text, &value, &buffered);
    same::<BTreeMap<String, Value>>(text, &value, &buffered);
    same::<BTreeMap<String, String>>(text, &value, &buffered);
    same::<BTreeMap<i64, Value>>(text, &value, &buffered);
    same::<BTreeMap<bool, Value>>(text, &value, &buffered);
    same::<DateTime<Utc>>(text, &value, &buffered);
    same::<NaiveDate>(text, &value, &buffered);
    same::<Record>(text, &value, &buffered);
    same::<Vec<Record>>(text, &value, &buffered);
    same::<Open>(text, &value, &buffered);
    same::<Closed>(text, &value, &buffered);
    same::<External>(text, &value, &buffered);
    same::<Vec<External>>(text, &value, &buffered);
    same::<SerdeUntagged>(text, &value, &buffered);
    same::<Unit>(text, &value, &buffered);
    same::<Newtype>(text, &value, &buffered);
    same::<WebhookOutput>(text, &value, &buffered);
    same::<WebhookChannelInputConfigs>(text, &value, &buffered);
    same::<Vec<WebhookChannelInputConfigs>>(text, &value, &buffered);
    same::<ValidationErrorLocItem>(text, &value, &buffered);
    same::<HttpValidationError>(text, &value, &buffered);
    same::<ErrorResponse>(text, &value, &buffered);
    same::<NotificationChannel>(text, &value, &buffered);
    same::<Vec<WebhookEventType>>(text, &value, &buffered);
}

#[test]
fn hand_picked_texts_decode_as_from_a_value() {
    let texts = [
        "null",
        "true",
        "0",
        "-0",
        "-1",
        "7",
        "1.5",
        "-2.5e3",
        "1e400",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "300",
        "\"\"",
        "\"x\"",
        "\"caf\\u00e9 \\n\"",
        "\"2025-01-15T10:30:00+02:00\"",
        "\"2025-01-15\"",
        "\"A\"",
        "\"D\"",
        "\"slack\"",
        "[]",
        "{}",
        "[1, \"a\"]",
        "[1, \"a\", 2]",
        "[\"object.created\", \"nope\"]",
        r#"{"A": null}"#,
        r#"{"B": 3}"#,
        r#"{"C": [1, "x"]}"#,
        r#"{"C": []}"#,
        r#"{"D": {"x": 1}}"#,
        r#"{"D": [1]}"#,
        r#"{"A": 1, "B": 2}"#,
        r#"{"a": 1, "a": 2}"#,
        r#"{"a": 1, "b": null, "a": "x"}"#,
        r#"{"b": null}"#,
        r#"{"b": "s", "c": [1, 2], "d": 3, "x y": true}"#,
        r#"{"a\u0062": "escaped name", "b": "plain"}"#,
        r#"{"1": "one", "-2": "minus two", "1.5": "x", "01": "y", "true": 1, "false": 2}"#,
        r#"{"1 ": "trailing space"}"#,
        r#"[{"a": 1, "c": [3]}, {"b": "s"}]"#,
        r#"{"webhook_url": "https://hooks.slack.com/x", "channel": null}"#,
        r#"{"to_addresses": ["a@example.com"], "subject_template": null, "content_type": "markdown"}"#,
        r#"{"url": "https://x", "headers": {"K": "v", "K": "w"}, "payload_template": {"z": 1, "a": [true]}}"#,
        r#"{"url": "https://x", "webhook_url": "https://y"}"#,
        r#"{"bot_token": "xoxb-..."}"#,
        r#"{"detail": [{"loc": ["body", 0, 1.5], "msg": "m", "type": "t"}]}"#,
        r#"{"status": 404, "error": {"message": "m", "type": "t", "code": null, "details": {"b": 1, "a": 2, "b": 3}}}"#,
    ];
    for text in texts {
        check(text);
    }
    // Large objects take the sorting path for repeated names.
    let mut wide: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
    check(&format!("{{{}}}", wide.join(", ")));
    wide.push("\"k3\": \"again\"".to_owned());
    wide.push("\"a\": 1".to_owned());
    check(&format!("{{{}}}", wide.join(", ")));
    // The webhook list the decode benchmark reads, one of each shape.
    check(
        &serde_json::json!([{
            "webhook_id": "wh_0123456789abcdef",
            "webhook_name": "n",
            "event_types": ["object.created", "mystery.event"],
            "channels": [
                {"channel": "slack", "configs": {"webhook_url": "https://hooks.slack.com/services/T/B/X"}},
                {"channel": "email", "configs": {"to_addresses": ["oncall@example.com"], "subject_template": null}},
                {"channel": "webhook", "configs": {"url": "https://siem.example.com/hook", "headers": {"X-Key": "v"}}},
                {"channel": "pager", "configs": {"token": 1}}
            ],
            "created_at": "2025-01-01T00:00:00.123Z"
        }])
        .to_string(),
    );
}

/// A JSON text built from a few member names, so objects repeat names and hit struct fields.
fn json_text() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "a",
        "b",
        "c",
        "d",
        "x y",
        "1",
        "-2",
        "true",
        "A",
        "B",
        "C",
        "D",
        "url",
        "webhook_url",
        "to_addresses",
        "headers",
        "loc",
        "msg",
        "type",
        "caf\\u00e9",
    ]);
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0u8..=255).prop_map(|n| n.to_string()),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| serde_json::to_string(&f).unwrap()),
        prop::sample::select(vec![
            "\"\"",
            "\"s\"",
            "\"slack\"",
            "\"A\"",
            "\"object.created\"",
            "\"2025-01-15T10:30:00Z\"",
            "\"2025-01-15\"",
            "\"x\\ty\"",
            "\"é\"",
        ])
        .prop_map(str::to_owned),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((names.clone(), inner), 0..7).prop_map(|members| {
                let members: Vec<String> = members.iter().map(|(name, value)| format!("\"{name}\":{value}")).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

#[test]
fn random_texts_decode_as_from_a_value() {
    let mut runner = TestRunner::new(Config { cases: 3000, ..Config::default() });
    runner
        .run(&json_text(), |text| {
            check(&text);
            Ok(())
        })
        .unwrap();
}

/// A float variant takes only numbers it holds exactly: an integer beyond 2^53 goes to no float variant, so a
/// union keeps it in its catch-all (exact) instead of rounding it (`u64::MAX` would become `1.8446744073709552e19`).
#[test]
fn float_variants_take_only_numbers_they_hold_exactly() {
    use mixpeek::runtime::Fit;
    let fits = |text: &str| {
        let value: Buffered<'_> = serde_json::from_str(text).expect("JSON");
        (<f64 as Fit>::fit(&value).is_some(), <f32 as Fit>::fit(&value).is_some(), <i64 as Fit>::fit(&value).is_some())
    };
    assert_eq!(fits("1.5"), (true, true, false));
    assert_eq!(fits("9007199254740991"), (true, false, true), "2^53 - 1 is exact in an f64, not in an f32");
    assert_eq!(fits("9007199254740993"), (false, false, true), "2^53 + 1 is not exact in an f64");
    assert_eq!(fits("18446744073709551615"), (false, false, false), "u64::MAX: no float, no i64");
    assert_eq!(fits("-9223372036854775808"), (true, true, true), "-2^63 is a power of two");
    assert_eq!(fits("16777217"), (true, false, true), "2^24 + 1 is not exact in an f32");
}

/// A number no variant holds exactly is kept in the catch-all, and it is still a value the API accepts when a
/// variant is a float (`type: number` accepts every number), so it can be sent: the catch-all passes validation
/// then, and only then (`ValidationErrorLocItem` is a string or an integer: `u64::MAX` is neither an `i64` nor
/// a string, so sending it is refused).
#[test]
fn a_number_no_float_holds_exactly_is_still_accepted_by_a_float_variant() {
    use mixpeek::runtime::{Fit, Validate};
    let big = serde_json::json!(u64::MAX);
    assert!(<f64 as Fit>::accepts_unheld(&big));
    assert!(<f32 as Fit>::accepts_unheld(&serde_json::json!(16_777_217)));
    assert!(<Option<f64> as Fit>::accepts_unheld(&big) && <Box<f64> as Fit>::accepts_unheld(&big));
    assert!(!<f64 as Fit>::accepts_unheld(&serde_json::json!("1")), "a float accepts numbers only");
    assert!(!<i64 as Fit>::accepts_unheld(&big) && !<String as Fit>::accepts_unheld(&big));
    assert!(mixpeek::runtime::union::accepted_unheld(
        &big,
        &[<i64 as Fit>::accepts_unheld, <f64 as Fit>::accepts_unheld]
    ));
    assert!(!mixpeek::runtime::union::accepted_unheld(&big, &[<i64 as Fit>::accepts_unheld]));

    let item: ValidationErrorLocItem = serde_json::from_value(big.clone()).expect("decodes");
    assert_eq!(item, ValidationErrorLocItem::Other(big.clone()), "kept exactly");
    assert!(item.validate().is_err(), "no variant of a string-or-integer union accepts u64::MAX");
    assert!(ValidationErrorLocItem::Integer(7).validate().is_ok());
}
