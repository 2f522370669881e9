//! The document generation works from: the spec text parsed, then the overlays applied in order.

use crate::error::{Errors, Warning};
use crate::source::Source;
use crate::{overlay, parse};

/// Parses the spec and applies the overlays in order: the document generation works from.
pub fn effective_document(
    spec: &Source<'_>,
    overlays: &[Source<'_>],
) -> Result<(serde_json::Value, Vec<Warning>), Errors> {
    let mut document = parse::parse_document(spec.file, spec.text)?;
    let mut warnings = Vec::new();
    for overlay in overlays {
        warnings.extend(overlay::apply_overlay(&mut document, overlay)?);
    }
    Ok((document, warnings))
}
