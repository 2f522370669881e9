use generator::{Config, Source, generate};
fn show(file: &str, text: &str) {
    let t = std::time::Instant::now();
    let r = std::panic::catch_unwind(|| generate(&Source { file, text }, &[], &Config::new("hostile")));
    let el = t.elapsed();
    match r {
        Err(_) => println!("=== {file}: PANIC"),
        Ok(Err(e)) => println!("=== {file} ({el:?}): ERR\n{}", e.to_string().chars().take(400).collect::<String>()),
        Ok(Ok(o)) => {
            println!("=== {file} ({el:?}): OK, {} warnings", o.warnings.len());
            for w in o.warnings.iter().take(40) {
                println!("  {}", w.to_string().chars().take(300).collect::<String>());
            }
            let dir = std::path::Path::new("/work/scratch/probe").join(file.replace('.', "-"));
            if text.len() < 1_000_000 {
                xtask::codegen::ensure_files(&dir, &o.files, xtask::codegen::Mode::Write).unwrap();
            }
            for f in &o.files {
                if f.path.ends_with(".rs") {
                    if let Err(e) = syn::parse_file(&f.contents) {
                        println!("  SYN ERROR in {}: {e}", f.path);
                    }
                }
            }
        }
    }
}
fn nest_json(depth: usize) -> String {
    let mut s =
        String::from(r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"components":{"schemas":{"Deep":"#);
    for _ in 0..depth {
        s.push_str(r#"{"type":"array","items":"#);
    }
    s.push_str(r#"{"type":"string"}"#);
    for _ in 0..depth {
        s.push('}');
    }
    s.push_str("}}}");
    s
}
fn nest_yaml_flow(depth: usize) -> String {
    let mut s = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Deep: ");
    for _ in 0..depth {
        s.push_str("{type: array, items: ");
    }
    s.push_str("{type: string}");
    for _ in 0..depth {
        s.push('}');
    }
    s.push('\n');
    s
}
fn nest_yaml_block(depth: usize) -> String {
    let mut s = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Deep:\n");
    for i in 0..depth {
        let ind = " ".repeat(6 + 2 * i);
        s.push_str(&format!("{ind}properties:\n{ind}  p:\n"));
    }
    s
}
#[test]
fn probe() {
    let only = std::env::var("ONLY").ok();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hostile");
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_str().unwrap().to_owned();
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        show(&name, &text);
    }
    if only.is_some() {
        return;
    }
    let mut bomb = String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..10 {
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(",")));
    }
    let bomb = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{bomb}components:\n  schemas:\n    Bomb:\n      enum: *a9\n"
    );
    show("bomb.yaml", &bomb);
    show("nest10k.json", &nest_json(10_000));
    show("nest10k-flow.yaml", &nest_yaml_flow(10_000));
    show("nest10k-block.yaml", &nest_yaml_block(10_000));
    show("nest100.json", &nest_json(100));
    show("nest120.json", &nest_json(120));
    show("nest60.json", &nest_json(60));
    show("nest120-flow.yaml", &nest_yaml_flow(120));
    show("nest60-block.yaml", &nest_yaml_block(60));
    show("nest62-block.yaml", &nest_yaml_block(62));
    for (f, t) in
        [("null.yaml", "null"), ("42.yaml", "42"), ("list.yaml", "[]"), ("empty.yaml", ""), ("obj.json", "{}")]
    {
        show(f, t);
    }
}
