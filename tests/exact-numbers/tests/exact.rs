//! The Mixpeek client built with its `exact-numbers` feature: the number tests of the default suite, now in
//! the mode that keeps every digit, and the reason the feature is off by default.

#[path = "../../client/tests/client_numbers.rs"]
mod client_numbers;

use serde::Deserialize;

#[test]
fn the_feature_puts_serde_json_in_the_mode_that_keeps_every_digit() {
    assert!(client_numbers::exact_mode(), "exact-numbers did not turn on serde_json's arbitrary_precision");
}

/// The crate documentation's reason for keeping the feature off by default: with `arbitrary_precision`
/// serde's own `untagged` enums (in any crate of the build) no longer decode a decimal from JSON.
#[test]
fn the_feature_stops_serde_untagged_enums_from_decoding_decimals() {
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Amount {
        Number(f64),
        Text(String),
    }
    assert!(serde_json::from_str::<Amount>("\"1.5\"").is_ok());
    let decimal = serde_json::from_str::<Amount>("1.5");
    assert!(decimal.is_err(), "serde's untagged enums now decode decimals: revisit the crate docs ({decimal:?})");
}

/// A union buffers its value before choosing a variant: a number arrives there as its text, and becomes a
/// float only when the float spells the same decimal (so a float variant never takes a number it would round).
#[test]
fn a_buffered_number_is_a_float_only_when_the_float_holds_its_decimal() {
    use mixpeek::runtime::Buffered;
    fn read(text: &str) -> Buffered<'_> {
        serde_json::from_str(text).expect("JSON")
    }
    for (text, float) in [("1.5", 1.5), ("1.50", 1.5), ("15e-1", 1.5), ("-0.0", -0.0), ("1e300", 1e300), ("0.1", 0.1)] {
        assert_eq!(read(text), Buffered::Float(float), "{text}");
        assert!(read(text).is_exact_f64(), "{text}");
    }
    assert_eq!(read("18446744073709551615"), Buffered::PosInt(u64::MAX));
    assert_eq!(read("-9223372036854775808"), Buffered::NegInt(i64::MIN));
    for text in ["0.1000000000000000055511151231257827", "18446744073709551616", "-9223372036854775809", "1e+400"] {
        let buffered = read(text);
        assert!(matches!(&buffered, Buffered::Exact(number) if number.to_string() == text), "{text}: {buffered:?}");
        assert!(!buffered.is_exact_f64() && buffered.is_number(), "{text}");
        assert_eq!(buffered.into_value().to_string(), text);
    }
}
