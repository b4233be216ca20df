//! Claims the documentation makes that a test can check: every file it
//! names or links is in the repository; the README's quick start does what
//! it says (findings, exit 1); the install section offers what works.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn docs() -> Vec<(String, String)> {
    let mut files = vec!["README.md".to_string()];
    for e in std::fs::read_dir(Path::new(ROOT).join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            files.push(format!("docs/{}", p.file_name().unwrap().to_string_lossy()));
        }
    }
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(Path::new(ROOT).join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

/// Text outside code: fenced blocks and inline code spans blanked out.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            out.push('\n');
            continue;
        }
        if !fenced {
            let mut in_code = false;
            for c in line.chars() {
                if c == '`' {
                    in_code = !in_code;
                }
                out.push(if in_code || c == '`' { ' ' } else { c });
            }
        }
        out.push('\n');
    }
    out
}

/// Relative Markdown links, and repository paths in code spans
/// (`src/…`, `tests/…`, …), point at files that exist.
#[test]
fn files_named_in_the_docs_exist() {
    let tops = [
        "src/",
        "tests/",
        "docs/",
        "examples/",
        "editors/",
        "scripts/",
        "benches/",
        "fuzz/",
        "shared/",
        "../shared/",
    ];
    let mut missing = Vec::new();
    for (file, text) in docs() {
        let base = Path::new(ROOT).join(&file);
        let base = base.parent().unwrap();
        let p = prose(&text);
        for (i, _) in p.match_indices("](") {
            let rest = &p[i + 2..];
            let target = rest.split([')', '#', ' ']).next().unwrap_or("");
            if target.is_empty() || target.contains(':') {
                continue;
            }
            if !base.join(target).exists() {
                missing.push(format!("{file}: link {target}"));
            }
        }
        for span in text.split('`').skip(1).step_by(2) {
            if tops.iter().any(|t| span.starts_with(t))
                && !span.contains(['*', '…', ' ', '<', '{'])
                && !Path::new(ROOT).join(span.trim_end_matches('/')).exists()
            {
                missing.push(format!("{file}: `{span}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the repository:\n{}",
        missing.join("\n")
    );
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap()
}

/// The README's quick start: the example check reports findings and exits
/// 1, as the README says it does.
#[test]
fn quick_start_check_does_what_the_readme_says() {
    let readme = readme();
    assert!(readme.contains("cargo run --release -- check examples/"));
    assert!(
        readme.contains("exits with code 1"),
        "the README says the exit code"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_notelint"))
        .args(["check", "examples/"])
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Found "), "{stdout}");
}

/// The install section offers what works today (building from a clone)
/// and does not offer unpublished packages as if they were there.
#[test]
fn install_section_offers_what_works() {
    let readme = readme();
    let start = readme.find("## Install").unwrap();
    let end = start + readme[start..].find("\n## Quick start").unwrap();
    let install = &readme[start..end];
    assert!(
        install.contains("cargo install --locked --path ."),
        "{install}"
    );
    assert!(
        install.contains("maturin build --release --locked"),
        "{install}"
    );
    assert!(install.contains("Nothing is published yet"), "{install}");
    // No unpublished install command in a code block.
    let mut fenced = false;
    for line in install.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if fenced {
            for cmd in [
                "pip install notelint",
                "cargo install notelint",
                "pipx install",
            ] {
                assert!(!line.contains(cmd), "{line}");
            }
        }
    }
    // Release builds are stripped; symbols stay for benches and profiling.
    let cargo = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    let profile = |name: &str| {
        let at = cargo
            .find(&format!("[profile.{name}]\n"))
            .unwrap_or_else(|| panic!("{name}"));
        let rest = &cargo[at + 1..];
        rest[..rest.find("\n[").unwrap_or(rest.len())].to_string()
    };
    assert!(profile("release").contains("strip = true"));
    assert!(!profile("release").contains("debug = 1"));
    assert!(profile("bench").contains("debug = 1"));
    assert!(profile("profiling").contains("debug = 1"));
}

/// Every rule link comes from one base, `NOTELINT_RULES_URL` at build time
/// or docs/rules.md in Cargo.toml's repository, and its anchor exists.
#[test]
fn rule_links_share_one_configurable_base() {
    let base = notelint::lint::docs::DOCS_URL;
    match option_env!("NOTELINT_RULES_URL") {
        Some(u) => assert_eq!(base, u),
        None => assert_eq!(
            base,
            concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md")
        ),
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_notelint"))
        .args(["explain", "NL001"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains(&format!("Docs: {base}#missing-author")), "{s}");
    let rules = std::fs::read_to_string(Path::new(ROOT).join("docs/rules.md")).unwrap();
    assert!(rules.contains("\n## missing-author\n"));
}
