//! Name hints built only when needed: lowering passes the hint of each schema site down as borrowed parts, and
//! only a site that becomes a named type copies them into its [`NameHint::Suggested`](crate::ir::NameHint).

/// The parts of a name hint, outermost first: the hint of the site around, then one part of its own.
#[derive(Debug, Clone, Copy)]
pub struct Hint<'h> {
    outer: Option<&'h Hint<'h>>,
    part: &'h str,
}

impl<'h> Hint<'h> {
    /// A hint of one part (a component key, an operation's name).
    pub fn new(part: &'h str) -> Self {
        Hint { outer: None, part }
    }

    /// This hint and one part more (a member's wire name, `item`, `Response`).
    pub fn with<'c>(&'c self, part: &'c str) -> Hint<'c> {
        Hint { outer: Some(self), part }
    }

    /// The parts, outermost first.
    pub fn parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        let mut hint = Some(self);
        while let Some(current) = hint {
            parts.push(current.part.to_owned());
            hint = current.outer;
        }
        parts.reverse();
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::Hint;

    #[test]
    fn parts_come_outermost_first() {
        let operation = Hint::new("listPets");
        let response = operation.with("Response");
        let status = response.with("200");
        assert_eq!(status.parts(), ["listPets", "Response", "200"]);
        assert_eq!(operation.parts(), ["listPets"]);
    }
}
