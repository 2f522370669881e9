//! What each operation's method promises a caller, as the text the emitter writes (the change report compares it).

use super::OperationEmitter;
use crate::analysis::Analysis;
use crate::emit::types::{Scope, TypePrinter};
use crate::ir::*;
use crate::names::Names;

/// What one operation's method promises a caller, as the text the emitter writes: its arguments (after
/// `&self`), its success type, and one line per variant of its body, success and error enums (docs left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub arguments: Vec<String>,
    pub success: String,
    pub body_variants: Vec<String>,
    pub success_variants: Vec<String>,
    pub error_variants: Vec<String>,
}

/// The signature of every operation's method, in IR order.
pub fn signatures(ir: &Ir, names: &Names, analysis: &Analysis) -> Vec<Signature> {
    let printer = TypePrinter::new(ir, names, Scope::Operations);
    let mut signatures = Vec::new();
    for (index, (operation, operation_names)) in ir.operations.iter().zip(&names.operations).enumerate() {
        let facts = analysis.operation(index);
        let emitter = OperationEmitter { printer: &printer, index, operation, names: operation_names, analysis, facts };
        let mut arguments = emitter.parameter_arguments(&facts.path_parameters);
        let mut body_types = Vec::new();
        emitter.body(&mut arguments, &mut body_types);
        let mut success_types = Vec::new();
        let success = emitter.success_type(&mut success_types);
        let (error_variants, _, _) = emitter.responses();
        signatures.push(Signature {
            arguments,
            success,
            body_variants: body_types.iter().flat_map(|item| variant_lines(item)).collect(),
            success_variants: success_types.iter().flat_map(|item| variant_lines(item)).collect(),
            error_variants: variant_lines(&error_variants),
        });
    }
    signatures
}

/// The variant lines of an enum's text (`Json(crate::models::Pet)`), without docs or braces.
fn variant_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.starts_with("    ") && !line.trim_start().starts_with("///"))
        .map(|line| line.trim().trim_end_matches(',').to_owned())
        .collect()
}
