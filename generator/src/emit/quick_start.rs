//! The crate root's quick start: a `no_run` doctest built from the document (the credentials its requirement
//! asks for, one call, the errors), so `cargo doc` opens on an example that compiles against this very crate.

use super::literal::string_literal;
use crate::analysis::Analysis;
use crate::ir::*;
use crate::names::Names;

/// The `# Quick start` section of the crate docs, as trusted markdown.
pub fn quick_start(ir: &Ir, names: &Names, analysis: &Analysis, crate_name: &str) -> String {
    let krate = crate_name.replace('-', "_");
    let mut code = String::from("# async fn run() -> Result<(), Box<dyn std::error::Error>> {\n");
    code.push_str(&format!("let client = {krate}::Client::builder()\n"));
    let absolute = ir.servers.first().is_some_and(|server| server.default_url().contains("://"));
    if !absolute {
        code.push_str("    // The API description names its server by a path only: say where it runs.\n");
        code.push_str("    .origin(\"https://api.example.com\")\n");
    }
    code.push_str(&credentials(ir, names, &krate));
    code.push_str("    .build()?;\n");
    match analysis.example_operation() {
        Some(index) => {
            let operation = &ir.operations[index];
            let operation_names = &names.operations[index];
            // The method's order: path parameters as the template names them, then the other required ones.
            let named = &analysis.operation(index).path_parameters;
            let others = (0..operation.parameters.len())
                .filter(|index| operation.parameters[*index].required && !named.contains(index));
            let mut arguments: Vec<String> = Vec::new();
            for parameter in named.iter().copied().chain(others).map(|index| &operation.parameters[index]) {
                arguments.push(string_literal(&format!("<{}>", parameter.wire_name)));
            }
            if operation.parameters.iter().any(|p| !p.required) {
                arguments.push("&Default::default()".to_owned());
            }
            if operation.body.is_some() {
                arguments.push("None".to_owned());
            }
            let method = &operation_names.method;
            code.push_str(&format!(
                "// `{} {}`\nmatch client.{method}({}).await {{\n",
                operation.method.to_ascii_uppercase(),
                operation.path.replace(['`', '\n', '\r'], ""),
                arguments.join(", ")
            ));
            code.push_str("    Ok(response) => println!(\"{}\", response.status()),\n");
            code.push_str(&format!(
                "    // A status the operation declares as an error: its typed body, and the raw one.\n    \
                 Err({krate}::Error::Api(error)) => eprintln!(\"{{}}: {{}} bytes\", error.status(), error.raw_body().len()),\n"
            ));
            code.push_str(
                "    // Refused before sending, a transport failure, an undeclared status, a body that does not decode.\n    \
                 Err(other) => eprintln!(\"{other}\"),\n}\n",
            );
        }
        None => code.push_str("# let _ = client;\n"),
    }
    code.push_str("# Ok(()) }\n");
    format!(
        "# Quick start\n\nOne client per API; each operation is a method that returns a future to `.await`.\n\n\
         ```rust,no_run\n{code}```"
    )
}

/// Builder calls for the first alternative of the document's requirement, one line each, reading the secrets
/// from environment variables named after the crate (`MIXPEEK_TOKEN`).
fn credentials(ir: &Ir, names: &Names, krate: &str) -> String {
    let Some(alternative) = ir.security.first() else { return String::new() };
    let prefix = krate.to_ascii_uppercase();
    let mut out = String::new();
    for &id in alternative {
        let method = &names.scheme(id).method;
        let arguments = match ir.security_schemes[id].kind {
            SchemeKind::Basic => format!("std::env::var(\"{prefix}_USER\")?, std::env::var(\"{prefix}_PASSWORD\")?"),
            SchemeKind::ApiKey { .. } => format!("std::env::var(\"{prefix}_API_KEY\")?"),
            _ => format!("std::env::var(\"{prefix}_TOKEN\")?"),
        };
        out.push_str(&format!("    .{method}({arguments})\n"));
    }
    out
}
