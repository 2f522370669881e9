//! Operations compared: added, removed, and per operation its method, parameters, body and responses.

use super::{Change, Level, Mapping, Subject, code, rules};
use crate::emit::surface::{OperationSurface, ParameterSurface};
use crate::ir::ParamLocation;

/// The operation's key with its path parameters' names left out (`GET /pets/{}`): renaming a path parameter is
/// not a new operation.
fn identity(key: &str) -> String {
    let mut out = String::new();
    let mut rest = key;
    while let Some((before, _, after)) = crate::ir::split_path_group(rest) {
        out.push_str(before);
        out.push_str("{}");
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The changes of the operations: the new document's in order, then the operations removed, or left out by the new
/// side's settings (`left_out`, keys of operations its document still declares).
pub fn compare(
    old: &[OperationSurface],
    new: &[OperationSurface],
    left_out: &[String],
    mapping: &Mapping,
) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut matched = Vec::new();
    for operation in new {
        let subject = Subject::Operation { key: operation.key.clone(), method: operation.method.clone() };
        let Some(before) = old.iter().find(|o| identity(&o.key) == identity(&operation.key)) else {
            changes.push(Change { subject, what: "added".to_owned(), level: Level::Minor, wire: None });
            continue;
        };
        matched.push(before.key.clone());
        let mut facts = Vec::new();
        operation_changes(before, operation, mapping, &mut facts);
        changes.extend(facts.into_iter().map(|(what, level, wire)| Change {
            subject: subject.clone(),
            what,
            level,
            wire,
        }));
    }
    for gone in old.iter().filter(|o| !matched.contains(&o.key)) {
        let subject = Subject::Operation { key: gone.key.clone(), method: gone.method.clone() };
        // An operation the settings leave out is gone from the crate, but the API still serves it.
        let change = if left_out.iter().any(|key| identity(key) == identity(&gone.key)) {
            Change { subject, what: "left out by the generation settings".to_owned(), level: Level::Major, wire: None }
        } else {
            let wire = Some("requests to it are no longer served".to_owned());
            Change { subject, what: "removed".to_owned(), level: Level::Major, wire }
        };
        changes.push(change);
    }
    changes
}

type Facts = Vec<(String, Level, Option<String>)>;

fn operation_changes(old: &OperationSurface, new: &OperationSurface, mapping: &Mapping, facts: &mut Facts) {
    if old.method != new.method {
        facts.push((format!("method {} renamed {}", code(&old.method), code(&new.method)), Level::Major, None));
    }
    let major_before = facts.len();
    parameters(old, new, mapping, facts);
    body(old, new, mapping, facts);
    let explained = facts[major_before..].iter().any(|(_, level, _)| *level == Level::Major);
    // A positional argument's name is not part of the API: the types are.
    let argument_type = |argument: &String| argument.split_once(": ").map_or(argument.clone(), |(_, ty)| ty.to_owned());
    let (old_types, new_types): (Vec<String>, Vec<String>) = (
        old.signature.arguments.iter().map(argument_type).collect(),
        new.signature.arguments.iter().map(argument_type).collect(),
    );
    let same_arguments =
        old_types.len() == new_types.len() && old_types.iter().zip(&new_types).all(|(a, b)| mapping.same(a, b));
    if !explained && !same_arguments {
        facts.push((
            format!(
                "arguments {} → {}",
                code(&old.signature.arguments.join(", ")),
                code(&new.signature.arguments.join(", "))
            ),
            Level::Major,
            None,
        ));
    }
    responses(old, new, mapping, facts);
    if !old.deprecated && new.deprecated {
        // Rust's `#[deprecated]`: a warning where it is used, classed minor by Cargo's semver reference.
        facts.push(("deprecated".to_owned(), Level::Minor, None));
    }
}

fn parameters(old: &OperationSurface, new: &OperationSurface, mapping: &Mapping, facts: &mut Facts) {
    // Path parameters by their place in the path (renaming one in the template is not a new parameter), the
    // others by location and name.
    let path_index = |operation: &OperationSurface, p: &ParameterSurface| {
        operation.parameters.iter().filter(|q| q.location == ParamLocation::Path).position(|q| q == p)
    };
    let same = |a: &ParameterSurface, b: &ParameterSurface| {
        a.location == b.location
            && if a.location == ParamLocation::Path {
                path_index(old, a).is_some() && path_index(old, a) == path_index(new, b)
            } else {
                a.wire == b.wire
            }
    };
    let had_optional = old.parameters.iter().any(|p| !p.required);
    let has_optional = new.parameters.iter().any(|p| !p.required);
    let location = |p: &ParameterSurface| format!("{:?}", p.location).to_ascii_lowercase();
    for parameter in &new.parameters {
        let name = format!("{} parameter {}", location(parameter), code(&parameter.wire));
        let Some(before) = old.parameters.iter().find(|o| same(o, parameter)) else {
            if parameter.required {
                let wire = Some("requests without it are refused".to_owned());
                facts.push((format!("required {name} added (a new argument)"), Level::Major, wire));
            } else if !had_optional {
                facts.push((format!("optional {name} added (the method now takes `params`)"), Level::Major, None));
            } else {
                facts.push((format!("optional {name} added"), Level::Minor, None));
            }
            continue;
        };
        if before.required != parameter.required {
            if parameter.required {
                let wire = Some("requests without it are refused".to_owned());
                facts.push((format!("{name} now required (a new argument)"), Level::Major, wire));
            } else {
                facts.push((format!("{name} now optional (moved to `params`)"), Level::Major, None));
            }
        } else if !mapping.same(&before.ty, &parameter.ty) {
            let wire = Some("the parameter's value has another type".to_owned());
            facts.push((format!("{name}: {} → {}", code(&before.ty), code(&parameter.ty)), Level::Major, wire));
        } else if before.name != parameter.name || before.wire != parameter.wire {
            // A positional argument's name is not part of the API; a field of `params` is.
            let level = if parameter.required { Level::Patch } else { Level::Major };
            let what = format!(
                "{name}: renamed from {} (Rust {} → {})",
                code(&before.wire),
                code(&before.name),
                code(&parameter.name)
            );
            facts.push((what, level, None));
        }
        let (narrowed, widened) = rules::compare(&before.rules, &parameter.rules);
        if !narrowed.is_empty() {
            let wire = Some("requests within the old constraints may be refused".to_owned());
            facts.push((format!("{name} narrowed: {}", narrowed.join(", ")), Level::Patch, wire));
        }
        if !widened.is_empty() {
            facts.push((format!("{name} widened: {}", widened.join(", ")), Level::Patch, None));
        }
    }
    for gone in old.parameters.iter().filter(|o| !new.parameters.iter().any(|n| same(o, n))) {
        let name = format!("{} parameter {}", location(gone), code(&gone.wire));
        let how = match (gone.required, has_optional) {
            (true, _) => "an argument less",
            (false, false) => "the method no longer takes `params`",
            (false, true) => "a field of `params` less",
        };
        facts.push((format!("{name} removed ({how})"), Level::Major, None));
    }
}

fn body(old: &OperationSurface, new: &OperationSurface, mapping: &Mapping, facts: &mut Facts) {
    match (&old.body, &new.body) {
        (None, Some(body)) => {
            let wire = body.required.then(|| "requests without a body are refused".to_owned());
            let kind = if body.required { "required" } else { "optional" };
            facts.push((format!("{kind} request body added (a new argument)"), Level::Major, wire));
        }
        (Some(_), None) => facts.push(("request body removed (an argument less)".to_owned(), Level::Major, None)),
        (Some(before), Some(body)) => {
            if before.required != body.required {
                let wire = body.required.then(|| "requests without a body are refused".to_owned());
                let now = if body.required { "required" } else { "optional" };
                facts.push((format!("request body now {now}"), Level::Major, wire));
            }
            for (media, ty) in &body.options {
                match before.options.iter().find(|(m, _)| m == media) {
                    None => facts.push((
                        format!("request body: {} added", code(media)),
                        level_of_new_option(before.options.len()),
                        None,
                    )),
                    Some((_, old_ty)) if !mapping.same(old_ty, ty) => facts.push((
                        format!("request body {}: {} → {}", code(media), code(old_ty), code(ty)),
                        Level::Major,
                        Some("the body has another type".to_owned()),
                    )),
                    Some(_) => {}
                }
            }
            for (media, _) in before.options.iter().filter(|(m, _)| !body.options.iter().any(|(n, _)| n == m)) {
                let wire = Some("requests in that media type are refused".to_owned());
                facts.push((format!("request body: {} removed", code(media)), Level::Major, wire));
            }
        }
        (None, None) => {}
    }
}

/// A media type added to a body of one media type turns its argument into an enum (major); to an enum, a variant
/// of a `#[non_exhaustive]` enum (minor).
fn level_of_new_option(options_before: usize) -> Level {
    if options_before > 1 { Level::Minor } else { Level::Major }
}

fn responses(old: &OperationSurface, new: &OperationSurface, mapping: &Mapping, facts: &mut Facts) {
    let same_success = mapping.same(&old.signature.success, &new.signature.success);
    if !same_success {
        let wire = Some("successes carry another type".to_owned());
        facts.push((
            format!("returns {} (was {})", code(&new.signature.success), code(&old.signature.success)),
            Level::Major,
            wire,
        ));
    } else {
        enum_variants("success", &old.signature.success_variants, &new.signature.success_variants, mapping, facts);
    }
    enum_variants("error", &old.signature.error_variants, &new.signature.error_variants, mapping, facts);
    // Success statuses that change no type: read alike, so only the docs say so.
    let same_type = new.signature.success_variants.is_empty() && same_success;
    if same_type {
        for response in
            new.responses.iter().filter(|r| r.success && !old.responses.iter().any(|o| o.status == r.status))
        {
            facts.push((format!("success status `{}` declared (read as before)", response.status), Level::Patch, None));
        }
        for response in
            old.responses.iter().filter(|r| r.success && !new.responses.iter().any(|n| n.status == r.status))
        {
            facts.push((
                format!("success status `{}` no longer declared (read as before)", response.status),
                Level::Patch,
                None,
            ));
        }
    }
}

/// Variants of a `#[non_exhaustive]` success or error enum: added is minor, removed or retyped major.
fn enum_variants(which: &str, old: &[String], new: &[String], mapping: &Mapping, facts: &mut Facts) {
    let name = |line: &str| line.split('(').next().unwrap_or(line).to_owned();
    for variant in new {
        match old.iter().find(|o| name(o) == name(variant)) {
            None => facts.push((format!("{which} {} added", code(variant)), Level::Minor, None)),
            Some(before) if !mapping.same(before, variant) => facts.push((
                format!("{which} {} → {}", code(before), code(variant)),
                Level::Major,
                (which == "success").then(|| "successes carry another type".to_owned()),
            )),
            Some(_) => {}
        }
    }
    for gone in old.iter().filter(|o| !new.iter().any(|n| name(n) == name(o))) {
        facts.push((format!("{which} {} removed", code(gone)), Level::Major, None));
    }
}
