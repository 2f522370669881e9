//! The generator reads path templates as the shared cases say (`cases.rs`); the runtime's test reads them from the
//! same file, so the groups the generator makes parameters are exactly the ones a request fills.

mod cases;

#[test]
fn the_generator_reads_path_templates_as_the_cases_say() {
    for (template, reading) in cases::PATH_TEMPLATES {
        let mut pieces = Vec::new();
        let mut rest = *template;
        while let Some((text, name, after)) = generator::split_path_group(rest) {
            pieces.extend([text, name]);
            rest = after;
        }
        pieces.push(rest);
        assert_eq!(pieces, *reading, "{template}");
    }
}
