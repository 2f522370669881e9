//! The hand-written crates: what someone would write with serde's derives for each synthetic document, as text.

use super::documents::{MEMBER_KINDS, member_required};
use super::{Case, Family};
use std::fmt::Write as _;

pub(super) fn derive_manifest(name: &str, family: Family) -> String {
    let mut manifest = format!(
        "# Written by `cargo xtask bench`: a hand-written crate of the same shape as {name:?}'s generated twin.\n\
         [package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n"
    );
    match family {
        Family::Struct => {
            manifest.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\", \"clock\"] }\n");
        }
        Family::Enum => {}
        Family::Operations => manifest.push_str(
            "reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\", \"multipart\"] }\n",
        ),
    }
    manifest
}

/// The hand-written crate of a case: what someone would write with serde's derives, with the same types,
/// the same optional members, the same derived traits as the generated items.
pub(super) fn derive_crate(case: Case) -> String {
    let mut out = String::from(
        "//! Hand-written by `cargo xtask bench` (as text): the derive-based twin of a generated crate.\n\n",
    );
    match case.family {
        Family::Struct => {
            out.push_str(
                "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\npub struct Wide {\n",
            );
            for i in 0..case.size {
                let rust = MEMBER_KINDS[i % MEMBER_KINDS.len()].1;
                if member_required(i) {
                    let _ = writeln!(out, "    pub member_{i}: {rust},");
                } else {
                    let _ = writeln!(
                        out,
                        "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub member_{i}: Option<{rust}>,"
                    );
                }
            }
            out.push_str("}\n");
        }
        Family::Enum => {
            out.push_str(
                "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]\npub enum Many {\n",
            );
            for i in 0..case.size {
                let _ = writeln!(out, "    #[serde(rename = \"value-{i}\")]\n    Value{i},");
            }
            out.push_str("    #[serde(other)]\n    Unknown,\n}\n");
        }
        Family::Operations => {
            out.push_str(
                "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\npub struct Item {\n    pub id: String,\n    \
                 #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub name: Option<String>,\n}\n\n\
                 #[derive(Debug)]\npub enum Error {\n    Http(reqwest::Error),\n    Json(serde_json::Error),\n}\n\n\
                 impl From<reqwest::Error> for Error {\n    fn from(error: reqwest::Error) -> Self {\n        Error::Http(error)\n    }\n}\n\n\
                 impl From<serde_json::Error> for Error {\n    fn from(error: serde_json::Error) -> Self {\n        Error::Json(error)\n    }\n}\n\n\
                 #[derive(Debug, Clone)]\npub struct Client {\n    pub http: reqwest::Client,\n    pub base: String,\n}\n\nimpl Client {\n",
            );
            for i in 0..case.size {
                let _ = write!(
                    out,
                    "    pub async fn get_item_{i}(&self, id: &str, limit: Option<i64>) -> Result<Item, Error> {{\n        \
                     let mut request = self.http.get(format!(\"{{}}/items{i}/{{}}\", self.base, id));\n        \
                     if let Some(limit) = limit {{\n            request = request.query(&[(\"limit\", limit)]);\n        }}\n        \
                     let response = request.send().await?.error_for_status()?;\n        \
                     Ok(serde_json::from_slice(&response.bytes().await?)?)\n    }}\n\n"
                );
            }
            out.push_str("}\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_struct_twin_has_every_member() {
        let derive = derive_crate(Case { family: Family::Struct, size: 10 });
        assert_eq!(derive.matches("pub member_").count(), 10);
        assert_eq!(derive.matches("Option<").count(), 6 + 1);
    }
}
