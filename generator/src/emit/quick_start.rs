//! The crate root's quick start: a `no_run` doctest built from the document (the credentials its requirement
//! asks for, one call, the errors), so `cargo doc` opens on an example that compiles against this very crate.

use crate::ir::*;
use crate::names::Names;
use proc_macro2::Literal;

/// The `# Quick start` section of the crate docs, as trusted markdown.
pub fn quick_start(ir: &Ir, names: &Names, crate_name: &str) -> String {
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
    match example_operation(ir) {
        Some(index) => {
            let operation = &ir.operations[index];
            let operation_names = &names.operations[index];
            // The method's order: path parameters as the URL names them, then the other required ones.
            let position = |parameter: &Parameter| {
                let braces = operation.path.find(&format!("{{{}}}", parameter.wire_name));
                braces.or_else(|| operation.path.find(&format!(":{}", parameter.wire_name))).unwrap_or(usize::MAX)
            };
            let mut required: Vec<&Parameter> = operation.parameters.iter().filter(|p| p.required).collect();
            required.sort_by_key(|p| if p.location == ParamLocation::Path { (0, position(p)) } else { (1, 0) });
            let mut arguments: Vec<String> = Vec::new();
            for parameter in required {
                arguments.push(Literal::string(&format!("<{}>", parameter.wire_name)).to_string());
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
        let (Some(scheme), Some(scheme_names)) = (ir.security_schemes.get(id), names.schemes.get(id)) else {
            continue;
        };
        let method = &scheme_names.method;
        let arguments = match scheme.kind {
            SchemeKind::Basic => format!("std::env::var(\"{prefix}_USER\")?, std::env::var(\"{prefix}_PASSWORD\")?"),
            SchemeKind::ApiKey { .. } => format!("std::env::var(\"{prefix}_API_KEY\")?"),
            _ => format!("std::env::var(\"{prefix}_TOKEN\")?"),
        };
        out.push_str(&format!("    .{method}({arguments})\n"));
    }
    out
}

/// The first operation whose required arguments a doctest can write as string literals (`&str` parameters, no
/// required body), a `GET` before any other method.
fn example_operation(ir: &Ir) -> Option<usize> {
    let simple = |operation: &Operation| {
        operation.body.as_ref().is_none_or(|body| !body.required)
            && operation.parameters.iter().filter(|p| p.required).all(|p| is_text(ir, p))
    };
    let candidates = || ir.operations.iter().enumerate().filter(|(_, operation)| simple(operation));
    candidates()
        .find(|(_, operation)| operation.method.eq_ignore_ascii_case("get"))
        .or_else(|| candidates().next())
        .map(|(index, _)| index)
}

/// Whether a required parameter is a `&str` argument.
fn is_text(ir: &Ir, parameter: &Parameter) -> bool {
    let ty = ir.get(parameter.ty);
    match &ty.kind {
        TypeKind::String(StringKind::Plain | StringKind::Uuid) => !ty.is_named(),
        TypeKind::Any => parameter.location == ParamLocation::Path,
        _ => false,
    }
}
