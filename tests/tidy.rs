//! Tidy checks, as rust-analyzer has them: rules about the source tree that
//! the compiler does not enforce, checked on every `cargo test`.
//!
//! - **Layers.** A module imports only from its own layer or the layers
//!   below it: `util` < `syntax` < `index` < `lint` < `workspace` <
//!   `analysis` < {`cli`, `lsp`}. `cli` and `lsp` stand side by side and do
//!   not import each other; `main.rs` (which picks one) and `lib.rs` are
//!   exempt. Read from every `crate::…` path (and `super::…` path that
//!   reaches the crate root) outside comments and strings.
//! - **Module docs.** Every file under `src/` opens with a `//!` comment.
//! - **Rule codes.** A rule's code (a string literal that is exactly
//!   `"NL…"`) is written only in that rule's file
//!   (`src/lint/rules/<rule>.rs`); elsewhere code reads `<rule>::META.code`.
//!   Unit tests (`#[cfg(test)]`), `tests/` and docs may name codes.
//! - **Rule metadata.** A rule's `META.scope` matches the `check_*` it
//!   implements (a talk-scoped rule with only `check_document` would never
//!   run), and `META.fix` matches the fixes it makes.
//! - **Edges.** `analysis` answers in byte offsets: it names no column
//!   `Encoding` (UTF-16/UTF-8 columns are the front ends' business). Only
//!   `src/lsp/` names the LSP crates; only `src/cli/render/` names
//!   codespan-reporting.
//! - **Positions.** Columns are counted only in `src/syntax/pos/` (no
//!   `len_utf16` or `encode_utf16` elsewhere, outside unit tests), and a
//!   type elsewhere that turns offsets into positions (a method
//!   `fn pos(&mut self, …)`) wraps the one `pos::Cursor` (its file names
//!   `Cursor`).
//! - **Staleness homes.** A struct field that records staleness (its name
//!   says `stale`, `generation`, `_gen`, `revision`, `refreshed`,
//!   `reported`, `synced`, `epoch`, `dirty` or `outdated`) is one of the
//!   homes that docs/architecture.md names in "Where staleness lives" (as
//!   `Type::field`), and every home named there exists.
//! - **File size.** No file under `src/` is longer than [`MAX_LINES`].
//! - **No import cycles between files of a layer.** A file names another
//!   through `crate::…`, `super::…` or `self::…` paths (and `use` groups);
//!   naming a module of its own ancestors (`super::Item` from a child) is
//!   not counted, a parent naming its child is. Two files that name each
//!   other, directly or around a loop, are one cycle: the shared part
//!   belongs in a module both use.
//!
//! Each check is a function of a path and a source text, so the unit tests
//! at the end show each one failing on a made-up violation.
//!
//! The allowlists below name known violations that are being removed; an
//! entry that no longer matches a violation fails the test, so it is
//! deleted when its violation is.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Layer order: a module may import from layers of lower or equal rank;
/// two different modules of equal rank may not import each other.
const LAYERS: &[(&str, u8)] = &[
    ("util", 0),
    ("syntax", 1),
    ("import", 2),
    ("index", 3),
    ("lint", 4),
    ("workspace", 5),
    ("analysis", 6),
    ("cli", 7),
    ("lsp", 7),
];

/// Files at the root of `src/` that may import any layer.
const LAYER_EXEMPT: &[&str] = &["src/lib.rs", "src/main.rs"];

const MAX_LINES: usize = 600;

/// Files allowed over [`MAX_LINES`], with the reason.
const SIZE_ALLOWED: &[(&str, &str)] = &[];

/// Import cycles allowed (each named by its first file, in path order),
/// with the reason. Known cycles being removed; do not add to this list.
const CYCLES_ALLOWED: &[(&str, &str)] = &[
    (
        "src/lint/registry.rs",
        "the registry lists the rules, which read its contexts; suppress reads unknown-rule",
    ),
    (
        "src/lsp/handlers/presentation.rs",
        "state, indexing and lint_worker call each other; to go with the analysis host",
    ),
];

/// Files allowed to write a rule code outside its rule (none), with the reason.
const CODE_ALLOWED: &[(&str, &str)] = &[];

/// Files of `analysis` allowed to keep encoded columns (none), with the reason.
const ENCODING_ALLOWED: &[(&str, &str)] = &[];

/// Fields whose names sound like staleness but record none, with the
/// reason (`Type::field`).
const NOT_STALENESS: &[(&str, &str)] = &[(
    "Inner::reported",
    "the broken configs already told to the user, so each is said once",
)];

/// Crates only one front end may name: (crate as written in code, the
/// folder allowed to name it).
const EDGE_CRATES: &[(&str, &str)] = &[
    ("tower_lsp_server", "src/lsp/"),
    ("ls_types", "src/lsp/"),
    ("codespan_reporting", "src/cli/render/"),
];

/// Rules whose findings are made outside their `check_*` methods.
const SCOPE_ALLOWED: &[(&str, &str)] = &[(
    "src/lint/rules/unknown_rule.rs",
    "its findings come from lint::suppress, which reads a segment's \
     comments in the talk phase",
)];

// ---------------------------------------------------------------------------
// The checks over the real tree.

#[test]
fn layers() {
    let mut errors = Vec::new();
    for f in src_files() {
        errors.extend(layer_violations(&f.rel, &Lexed::for_file(&f.rel, &f.text)));
    }
    assert_clean("layers", errors, &[]);
}

#[test]
fn module_docs() {
    let errors: Vec<String> = src_files()
        .iter()
        .filter_map(|f| missing_doc(&f.rel, &f.text))
        .collect();
    assert_clean("module docs", errors, &[]);
}

#[test]
fn rule_codes_only_in_their_rule() {
    let mut errors = Vec::new();
    for f in src_files() {
        errors.extend(stray_codes(&f.rel, &Lexed::for_file(&f.rel, &f.text)));
    }
    assert_clean("rule codes", errors, CODE_ALLOWED);
}

#[test]
fn rule_meta_matches_implementation() {
    let files: BTreeMap<String, SrcFile> = src_files()
        .into_iter()
        .filter(|f| is_rule_file(&f.rel))
        .map(|f| (f.rel.clone(), f))
        .collect();
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for rule in notelint::lint::registry::all() {
        let m = rule.meta();
        // The rule's file is the one that declares its code.
        let needle = format!("code: \"{}\"", m.code);
        let Some(f) = files.values().find(|f| f.text.contains(&needle)) else {
            errors.push(format!(
                "{}: no file under src/lint/rules declares it",
                m.code
            ));
            continue;
        };
        seen.push(f.rel.clone());
        let scope = format!("{:?}", m.scope);
        let fix = format!("{:?}", m.fix);
        errors.extend(meta_mismatches(
            &f.rel,
            &Lexed::for_file(&f.rel, &f.text),
            &scope,
            &fix,
        ));
    }
    for rel in files.keys() {
        if !seen.contains(rel) {
            errors.push(format!("{rel}: a rule file not registered in rules::ALL"));
        }
    }
    assert_clean("rule metadata", errors, SCOPE_ALLOWED);
}

#[test]
fn edges() {
    let mut encoded = Vec::new();
    let mut crates = Vec::new();
    for f in src_files() {
        let src = Lexed::for_file(&f.rel, &f.text);
        encoded.extend(encoded_columns(&f.rel, &src));
        crates.extend(edge_crates(&f.rel, &src));
    }
    assert_clean("analysis in byte offsets", encoded, ENCODING_ALLOWED);
    assert_clean("edge crates", crates, &[]);
}

#[test]
fn no_import_cycles_within_a_layer() {
    let files: Vec<(String, Lexed)> = src_files()
        .into_iter()
        .map(|f| {
            let lexed = Lexed::for_file(&f.rel, &f.text);
            (f.rel, lexed)
        })
        .collect();
    let edges: Vec<(String, Vec<String>)> = files
        .iter()
        .map(|(rel, src)| (rel.clone(), file_imports(rel, src, &files)))
        .collect();
    assert_clean("import cycles", import_cycles(&edges), CYCLES_ALLOWED);
}

#[test]
fn positions_through_syntax_pos() {
    let mut columns = Vec::new();
    let mut cursors = Vec::new();
    for f in src_files() {
        let src = Lexed::for_file(&f.rel, &f.text);
        columns.extend(counted_columns(&f.rel, &src));
        cursors.extend(own_cursors(&f.rel, &src));
    }
    assert_clean("columns counted in syntax::pos", columns, &[]);
    assert_clean("one position cursor", cursors, &[]);
}

#[test]
fn staleness_lives_where_the_architecture_says() {
    let doc = std::fs::read_to_string("docs/architecture.md").expect("docs/architecture.md");
    let homes = documented_homes(&doc);
    assert!(
        !homes.is_empty(),
        "no `Type::field` in \"Where staleness lives\""
    );
    let mut found = Vec::new();
    for f in src_files() {
        let src = Lexed::for_file(&f.rel, &f.text);
        found.extend(staleness_fields(&f.rel, &src));
    }
    let mut errors = Vec::new();
    for (place, name) in &found {
        let known = homes.contains(name) || NOT_STALENESS.iter().any(|(n, _)| n == name);
        if !known {
            errors.push(format!(
                "{place}: `{name}` records staleness but \"Where staleness lives\" \
                 (docs/architecture.md) does not name it"
            ));
        }
    }
    let excused = NOT_STALENESS.iter().map(|(n, _)| n.to_string());
    for h in homes.iter().cloned().chain(excused) {
        if !found.iter().any(|(_, n)| *n == h) {
            errors.push(format!(
                "`{h}` is named (docs/architecture.md or NOT_STALENESS) but is no field"
            ));
        }
    }
    assert_clean("staleness homes", errors, &[]);
}

#[test]
fn file_sizes() {
    let errors: Vec<String> = src_files()
        .iter()
        .filter_map(|f| too_long(&f.rel, &f.text))
        .collect();
    assert_clean("file sizes", errors, SIZE_ALLOWED);
}

/// Fails on every error whose file is not allowed, and on every allowed
/// file that no longer has an error (its entry is stale).
fn assert_clean(what: &str, errors: Vec<String>, allowed: &[(&str, &str)]) {
    let file_of = |e: &String| e.split(':').next().unwrap_or("").to_string();
    let mut report: Vec<String> = errors
        .iter()
        .filter(|e| !allowed.iter().any(|(f, _)| file_of(e) == *f))
        .cloned()
        .collect();
    for (f, why) in allowed {
        if !errors.iter().any(|e| file_of(e) == *f) {
            report.push(format!(
                "{f}: allowed ({why}) but no longer a violation: remove it from the list"
            ));
        }
    }
    assert!(
        report.is_empty(),
        "tidy ({what}): {} problem(s):\n{}",
        report.len(),
        report.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The checks, one source text at a time.

/// Imports of `rel` (a path like `src/lint/registry.rs`) from a layer above.
fn layer_violations(rel: &str, src: &Lexed) -> Vec<String> {
    if LAYER_EXEMPT.contains(&rel) {
        return Vec::new();
    }
    let Some(own) = top_module(rel) else {
        return vec![format!("{rel}: not under a module of src/")];
    };
    let Some(own_rank) = rank(own) else {
        return vec![format!(
            "{rel}: module `{own}` has no place in tidy.rs's LAYERS"
        )];
    };
    let mut out = Vec::new();
    for (at, target) in crate_paths(rel, &src.code) {
        let Some(r) = rank(&target) else {
            // `crate::some_macro!` and the like: not a module.
            continue;
        };
        if target != own && r >= own_rank {
            out.push(format!(
                "{rel}:{}: `{own}` imports `crate::{target}`, a layer {}",
                src.line_of(at),
                if r == own_rank {
                    "beside it"
                } else {
                    "above it"
                }
            ));
        }
    }
    out
}

/// `rel` does not open with a `//!` module doc.
fn missing_doc(rel: &str, text: &str) -> Option<String> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    (!first.trim_start().starts_with("//!")).then(|| format!("{rel}:1: no `//!` module doc"))
}

/// String literals that are exactly a rule code, outside that rule's file
/// and outside unit tests.
fn stray_codes(rel: &str, src: &Lexed) -> Vec<String> {
    // A rule's file may write its own code (in META), no other.
    let own = is_rule_file(rel)
        .then(|| {
            src.strings
                .iter()
                .find(|(at, s)| is_code(s) && src.text[..*at].trim_end().ends_with("code:"))
                .map(|(_, s)| s.clone())
        })
        .flatten();
    src.strings
        .iter()
        .filter(|(at, s)| is_code(s) && own.as_deref() != Some(s) && !src.in_test(*at))
        .map(|(at, s)| {
            format!(
                "{rel}:{}: rule code \"{s}\" written here; use the rule's META.code",
                src.line_of(*at)
            )
        })
        .collect()
}

/// Where a rule file's META (`scope`, `fix`: the `Debug` names of
/// `Scope` and `FixAvailability`) disagrees with what the file implements.
fn meta_mismatches(rel: &str, src: &Lexed, scope: &str, fix: &str) -> Vec<String> {
    let code = src.code_outside_tests();
    let has = |s: &str| code.contains(s);
    let (talk, doc, ws) = (
        has("fn check_talk("),
        has("fn check_document("),
        has("fn check_workspace("),
    );
    let mut out = Vec::new();
    let mut bad = |m: String| out.push(format!("{rel}: {m}"));
    match scope {
        "Talk" => {
            if !talk {
                bad("META says talk scope but there is no check_talk".into());
            }
            if doc || ws {
                bad("a talk-scoped rule's check_document/check_workspace never runs".into());
            }
        }
        // The engine runs check_workspace for document rules too (a
        // duplicate title across files).
        "Document" => {
            if !doc {
                bad("META says document scope but there is no check_document".into());
            }
            if talk {
                bad("a document-scoped rule's check_talk never runs".into());
            }
        }
        "Workspace" => {
            if !ws {
                bad("META says workspace scope but there is no check_workspace".into());
            }
            if talk || doc {
                bad("a workspace-scoped rule's check_talk/check_document never runs".into());
            }
        }
        other => bad(format!("unknown scope {other}")),
    }
    let (safe, unsafe_) = (has("FixSafety::Safe"), has("FixSafety::Unsafe"));
    match fix {
        "None" if safe || unsafe_ || has(".with_fix(") => {
            bad("META says no fix but the rule makes one".into())
        }
        "Safe" if !safe || unsafe_ => {
            bad("META says a safe fix; the rule makes no safe fix, or an unsafe one".into())
        }
        "Unsafe" if !unsafe_ => bad("META says an unsafe fix but the rule makes none".into()),
        "None" | "Safe" | "Unsafe" => {}
        other => bad(format!("unknown fix availability {other}")),
    }
    out
}

/// Uses of `Encoding` (a column encoding) in `analysis`, outside unit tests.
fn encoded_columns(rel: &str, src: &Lexed) -> Vec<String> {
    if top_module(rel) != Some("analysis") {
        return Vec::new();
    }
    let code = src.code_outside_tests();
    ident_uses(&code, "Encoding")
        .into_iter()
        .map(|at| {
            format!(
                "{rel}:{}: `analysis` names a column Encoding; it answers in byte offsets",
                src.line_of(at)
            )
        })
        .collect()
}

/// Uses of a front end's crate outside the folder allowed to name it.
fn edge_crates(rel: &str, src: &Lexed) -> Vec<String> {
    let mut out = Vec::new();
    for (krate, home) in EDGE_CRATES {
        if rel.starts_with(home) {
            continue;
        }
        for at in ident_uses(&src.code, krate) {
            out.push(format!(
                "{rel}:{}: names `{krate}`, which only {home} may",
                src.line_of(at)
            ));
        }
    }
    out
}

/// Offsets of `name` as a whole identifier in `code`.
fn ident_uses(code: &str, name: &str) -> Vec<usize> {
    let b = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    code.match_indices(name)
        .map(|(at, _)| at)
        .filter(|&at| {
            (at == 0 || !ident(b[at - 1])) && b.get(at + name.len()).is_none_or(|&c| !ident(c))
        })
        .collect()
}

/// Column counting (`len_utf16`, `encode_utf16`) outside `src/syntax/pos/`
/// and unit tests.
fn counted_columns(rel: &str, src: &Lexed) -> Vec<String> {
    if rel.starts_with("src/syntax/pos/") {
        return Vec::new();
    }
    let code = src.code_outside_tests();
    let mut out = Vec::new();
    for name in ["len_utf16", "encode_utf16"] {
        for at in ident_uses(&code, name) {
            out.push(format!(
                "{rel}:{}: counts columns ({name}); ask syntax::pos (units, Cursor)",
                src.line_of(at)
            ));
        }
    }
    out
}

/// A position walker (`fn pos(&mut self`) outside `src/syntax/pos/` in a
/// file that does not name the one `Cursor`.
fn own_cursors(rel: &str, src: &Lexed) -> Vec<String> {
    if rel.starts_with("src/syntax/pos/") {
        return Vec::new();
    }
    let code = src.code_outside_tests();
    if !ident_uses(&code, "Cursor").is_empty() {
        return Vec::new();
    }
    code.match_indices("fn pos(&mut self")
        .map(|(at, _)| {
            format!(
                "{rel}:{}: its own offset → position walk; wrap syntax::pos::Cursor",
                src.line_of(at)
            )
        })
        .collect()
}

/// Words that say a field records staleness.
const STALENESS_WORDS: &[&str] = &[
    "stale",
    "generation",
    "_gen",
    "revision",
    "refreshed",
    "reported",
    "synced",
    "epoch",
    "dirty",
    "outdated",
];

/// The `Type::field` names in the "Where staleness lives" section.
fn documented_homes(doc: &str) -> Vec<String> {
    let Some(start) = doc.find("## Where staleness lives") else {
        return Vec::new();
    };
    let rest = &doc[start + 3..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    let mut out: Vec<String> = section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| {
            let mut parts = t.split("::");
            let (Some(ty), Some(field), None) = (parts.next(), parts.next(), parts.next()) else {
                return false;
            };
            ty.starts_with(|c: char| c.is_ascii_uppercase())
                && !field.is_empty()
                && field.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Fields of the structs in `src` (outside tests) whose names say they
/// record staleness: (`rel:line`, `Type::field`).
fn staleness_fields(rel: &str, src: &Lexed) -> Vec<(String, String)> {
    let code = src.code_outside_tests();
    let b = code.as_bytes();
    let mut out = Vec::new();
    for (at, _) in code.match_indices("struct ") {
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_') {
            continue;
        }
        let name: String = code[at + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // The body: from the first `{` before any `;` (a tuple or unit
        // struct has none) to its matching `}`.
        let Some(open) = code[at..].find(['{', ';']).map(|k| at + k) else {
            continue;
        };
        if b[open] != b'{' {
            continue;
        }
        let (mut depth, mut j, mut line_start) = (0usize, open, open + 1);
        while j < b.len() {
            match b[j] {
                b'{' | b'(' | b'<' | b'[' => depth += 1,
                b'}' | b')' | b'>' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                b',' if depth == 1 => line_start = j + 1,
                b':' if depth == 1 && b.get(j + 1) != Some(&b':') && b[j - 1] != b':' => {
                    let field = code[line_start..j].split_whitespace().last().unwrap_or("");
                    if STALENESS_WORDS.iter().any(|w| field.contains(w)) {
                        out.push((
                            format!("{rel}:{}", src.line_of(j)),
                            format!("{name}::{field}"),
                        ));
                    }
                }
                _ => {}
            }
            j += 1;
        }
    }
    out
}

/// `rel` is longer than [`MAX_LINES`].
fn too_long(rel: &str, text: &str) -> Option<String> {
    let n = text.lines().count();
    (n > MAX_LINES).then(|| format!("{rel}: {n} lines (at most {MAX_LINES}); split it"))
}

/// The module path of file `rel`: `src/cli/render/mod.rs` is
/// `["cli", "render"]`, `src/cli/check.rs` `["cli", "check"]`.
fn module_path(rel: &str) -> Vec<String> {
    let inner = rel.strip_prefix("src/").unwrap_or(rel);
    let inner = inner.strip_suffix(".rs").unwrap_or(inner);
    let mut parts: Vec<String> = inner.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The files of `files` in `rel`'s layer that `rel` names outside its unit
/// tests, through paths from `crate`, `self` or `super` (see
/// [`use_paths`]); a path names the file of its longest prefix that is a
/// module. Its own file and its ancestors' are left out.
fn file_imports(rel: &str, src: &Lexed, files: &[(String, Lexed)]) -> Vec<String> {
    let own = module_path(rel);
    let modules: BTreeMap<Vec<String>, &str> = files
        .iter()
        .map(|(r, _)| (module_path(r), r.as_str()))
        .collect();
    let mut out = Vec::new();
    for path in use_paths(&own, &src.code_outside_tests()) {
        let Some(target) = (0..=path.len())
            .rev()
            .find_map(|k| modules.get(&path[..k]).map(|r| (&path[..k], *r)))
        else {
            continue;
        };
        let (module, file) = target;
        let ancestor = own.starts_with(module);
        let same_layer = !module.is_empty() && own.first() == module.first();
        if !ancestor && same_layer && !out.iter().any(|f| f == file) {
            out.push(file.to_string());
        }
    }
    out.sort();
    out
}

/// Every path in `code` (comments and strings blanked) that starts at the
/// crate root (`crate::`) or at the module `own` (`self::`, `super::…`),
/// made absolute; `use super::{a, b::{c, d}}` gives `a`, `b::c`, `b::d`.
fn use_paths(own: &[String], code: &str) -> Vec<Vec<String>> {
    let b = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_word = i == 0 || !(ident(b[i - 1]) || b[i - 1] == b':');
        let word_at =
            |w: &str| code[i..].starts_with(w) && b.get(i + w.len()).is_none_or(|&c| !ident(c));
        if !starts_word || !(word_at("crate") || word_at("self") || word_at("super")) {
            i += 1;
            continue;
        }
        let (mut base, mut j) = if word_at("crate") {
            (Vec::new(), i + "crate".len())
        } else if word_at("self") {
            (own.to_vec(), i + "self".len())
        } else {
            (
                own[..own.len().saturating_sub(1)].to_vec(),
                i + "super".len(),
            )
        };
        while code[j..].starts_with("::super")
            && !code[j + 7..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            base.pop();
            j += "::super".len();
        }
        if !code[j..].starts_with("::") {
            i = j;
            continue;
        }
        let (paths, end) = use_tree(code, j + 2);
        for p in paths {
            let mut full = base.clone();
            full.extend(p.into_iter().filter(|s| s != "self"));
            out.push(full);
        }
        i = end.max(i + 1);
    }
    out
}

/// The paths of the use tree at `at` (`a::b`, `a::{b, c::d}`, `a::*`) and
/// where it ends.
fn use_tree(code: &str, mut at: usize) -> (Vec<Vec<String>>, usize) {
    let skip_ws = |code: &str, at: usize| at + (code[at..].len() - code[at..].trim_start().len());
    let mut segs: Vec<String> = Vec::new();
    loop {
        at = skip_ws(code, at);
        let name: String = code[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            at += name.len();
            segs.push(name);
            if code[at..].starts_with("::") {
                at += 2;
                continue;
            }
            return (vec![segs], at);
        }
        if code[at..].starts_with('{') {
            at += 1;
            let mut out = Vec::new();
            loop {
                let (sub, end) = use_tree(code, at);
                out.extend(sub.into_iter().map(|s| [segs.clone(), s].concat()));
                at = skip_ws(code, end);
                match code[at..].chars().next() {
                    Some(',') => {
                        at = skip_ws(code, at + 1);
                        if code[at..].starts_with('}') {
                            return (out, at + 1);
                        }
                    }
                    Some('}') => return (out, at + 1),
                    _ => return (out, at),
                }
            }
        }
        // `*` or anything else: the path so far.
        return (vec![segs], at);
    }
}

/// Each strongly connected group of more than one file in `edges` (file,
/// files it imports), as one error named by its first file.
fn import_cycles(edges: &[(String, Vec<String>)]) -> Vec<String> {
    let ix: BTreeMap<&str, usize> = edges
        .iter()
        .enumerate()
        .map(|(i, (f, _))| (f.as_str(), i))
        .collect();
    let succ: Vec<Vec<usize>> = edges
        .iter()
        .map(|(_, to)| {
            to.iter()
                .filter_map(|t| ix.get(t.as_str()).copied())
                .collect()
        })
        .collect();
    // Kosaraju: order by finish time, then walk the reversed graph.
    let n = edges.len();
    let mut seen = vec![false; n];
    let mut order = Vec::new();
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut stack = vec![(s, 0)];
        while let Some((v, k)) = stack.pop() {
            if let Some(&w) = succ[v].get(k) {
                stack.push((v, k + 1));
                if !seen[w] {
                    seen[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(v);
            }
        }
    }
    let mut pred = vec![Vec::new(); n];
    for (v, to) in succ.iter().enumerate() {
        for &w in to {
            pred[w].push(v);
        }
    }
    let mut group = vec![usize::MAX; n];
    let mut out = Vec::new();
    for &s in order.iter().rev() {
        if group[s] != usize::MAX {
            continue;
        }
        group[s] = s;
        let mut members = vec![s];
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            for &w in &pred[v] {
                if group[w] == usize::MAX {
                    group[w] = s;
                    members.push(w);
                    stack.push(w);
                }
            }
        }
        if members.len() > 1 {
            let mut names: Vec<&str> = members.iter().map(|&m| edges[m].0.as_str()).collect();
            names.sort();
            out.push(format!(
                "{}: in an import cycle with {}; move what they share to a module both use",
                names[0],
                names[1..].join(", ")
            ));
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------
// Reading the tree.

struct SrcFile {
    /// `src/…`, with forward slashes.
    rel: String,
    text: String,
}

fn src_files() -> Vec<SrcFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join("src"), &mut paths);
    paths.sort();
    assert!(
        paths.len() > 50,
        "found only {} files under src/",
        paths.len()
    );
    paths
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"));
            SrcFile { rel, text }
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for e in entries {
        let p = e.expect("directory entry").path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn top_module(rel: &str) -> Option<&str> {
    let mut parts = rel.strip_prefix("src/")?.split('/');
    let first = parts.next()?;
    match parts.next() {
        Some(_) => Some(first),
        // `src/foo.rs` is module `foo` (its children are in `src/foo/`).
        None => first.strip_suffix(".rs"),
    }
}

fn rank(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, r)| r)
}

fn is_rule_file(rel: &str) -> bool {
    rel.strip_prefix("src/lint/rules/")
        .is_some_and(|f| !f.contains('/') && f != "mod.rs" && f != "util.rs")
}

fn is_code(s: &str) -> bool {
    s.len() == 5 && s.starts_with("NL") && s[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Every top-level module named in `code` (comments and strings already
/// blanked) through `crate::name`, or through as many `super::` as lead
/// from file `rel` to the crate root, with its offset; `crate::{a, b::c}`
/// gives `a` and `b`.
fn crate_paths(rel: &str, code: &str) -> Vec<(usize, String)> {
    let mut out = root_paths(code, "crate::");
    // `src/cli/mod.rs` is one module deep, `src/cli/check.rs` two.
    let parts: Vec<&str> = rel.strip_prefix("src/").unwrap_or(rel).split('/').collect();
    let depth = parts.len() - usize::from(parts.last() == Some(&"mod.rs"));
    if depth > 0 {
        out.extend(root_paths(code, &"super::".repeat(depth)));
    }
    out.sort();
    out
}

/// The names after each `prefix` (a path to the crate root) in `code`.
fn root_paths(code: &str, prefix: &str) -> Vec<(usize, String)> {
    let b = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find(prefix) {
        let at = from + k;
        from = at + prefix.len();
        if at > 0 && (ident(b[at - 1]) || b[at - 1] == b':') {
            continue;
        }
        let rest = code[from..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut start = 0;
            let mut names = Vec::new();
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        names.push(&group[start..i]);
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            for n in names {
                let n: String = n.trim().chars().take_while(|&c| ident(c as u8)).collect();
                if !n.is_empty() && n != "self" {
                    out.push((at, n));
                }
            }
        } else {
            let n: String = rest
                .chars()
                .take_while(|&c| c.is_ascii() && ident(c as u8))
                .collect();
            if !n.is_empty() {
                out.push((at, n));
            }
        }
    }
    out
}

/// A Rust source with comments and string contents blanked out (offsets and
/// line breaks kept), its string literals, and its `#[cfg(test)]` items.
struct Lexed {
    text: String,
    code: String,
    /// (offset of the opening quote, contents as written).
    strings: Vec<(usize, String)>,
    tests: Vec<Range<usize>>,
}

impl Lexed {
    /// [`Lexed::new`] of the file `rel`; a `tests.rs` (a unit-test module
    /// its parent declares `#[cfg(test)] mod tests;`) is test code all
    /// through.
    fn for_file(rel: &str, text: &str) -> Lexed {
        let mut l = Lexed::new(text);
        if rel.ends_with("/tests.rs") {
            l.tests = std::iter::once(0..text.len()).collect();
        }
        l
    }

    fn new(text: &str) -> Lexed {
        let b = text.as_bytes();
        let n = b.len();
        let mut code = b.to_vec();
        let mut strings = Vec::new();
        let blank = |code: &mut Vec<u8>, r: Range<usize>| {
            for c in &mut code[r] {
                if *c != b'\n' {
                    *c = b' ';
                }
            }
        };
        let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut i = 0;
        while i < n {
            match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    let end = text[i..].find('\n').map_or(n, |k| i + k);
                    blank(&mut code, i..end);
                    i = end;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    let (mut j, mut depth) = (i + 2, 1);
                    while j < n && depth > 0 {
                        if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                            depth += 1;
                            j += 2;
                        } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                            depth -= 1;
                            j += 2;
                        } else {
                            j += 1;
                        }
                    }
                    blank(&mut code, i..j);
                    i = j;
                }
                b'r' if (i == 0
                    || !ident(b[i - 1])
                    || (b[i - 1] == b'b' && (i < 2 || !ident(b[i - 2]))))
                    && matches!(b.get(i + 1), Some(b'"' | b'#')) =>
                {
                    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                    let open = i + 1 + hashes;
                    if b.get(open) != Some(&b'"') {
                        i += 1;
                        continue;
                    }
                    let close = format!("\"{}", "#".repeat(hashes));
                    let end = text[open + 1..].find(&close).map_or(n, |k| open + 1 + k);
                    strings.push((open, text[open + 1..end].to_string()));
                    blank(&mut code, open + 1..end);
                    i = (end + close.len()).min(n);
                }
                b'"' => {
                    let mut j = i + 1;
                    while j < n && b[j] != b'"' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    let j = j.min(n);
                    strings.push((i, text[i + 1..j].to_string()));
                    blank(&mut code, i + 1..j);
                    i = j + 1;
                }
                b'\'' => {
                    // A char literal or a lifetime.
                    if b.get(i + 1) == Some(&b'\\') {
                        let end = text[(i + 3).min(n)..].find('\'').map_or(n, |k| i + 3 + k);
                        blank(&mut code, i + 1..end);
                        i = end + 1;
                    } else if let Some(c) = text[i + 1..].chars().next() {
                        let after = i + 1 + c.len_utf8();
                        if b.get(after) == Some(&b'\'') {
                            blank(&mut code, i + 1..after);
                            i = after + 1;
                        } else {
                            i += 1;
                        }
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        let code = String::from_utf8(code).expect("blanking keeps UTF-8");
        let tests = test_items(&code);
        Lexed {
            text: text.to_string(),
            code,
            strings,
            tests,
        }
    }

    fn line_of(&self, at: usize) -> usize {
        self.text[..at.min(self.text.len())].matches('\n').count() + 1
    }

    fn in_test(&self, at: usize) -> bool {
        self.tests.iter().any(|r| r.contains(&at))
    }

    fn code_outside_tests(&self) -> String {
        let mut code = self.code.clone().into_bytes();
        for r in &self.tests {
            for c in &mut code[r.clone()] {
                if *c != b'\n' {
                    *c = b' ';
                }
            }
        }
        String::from_utf8(code).expect("blanking keeps UTF-8")
    }
}

/// The extent of each item marked `#[cfg(test)]` in `code`: up to its
/// `;`, or its `{` and the matching `}`.
fn test_items(code: &str) -> Vec<Range<usize>> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find("#[cfg(test)]") {
        let start = from + k;
        let mut j = start + "#[cfg(test)]".len();
        while j < b.len() && b[j] != b'{' && b[j] != b';' {
            j += 1;
        }
        if j < b.len() && b[j] == b'{' {
            let mut depth = 0usize;
            while j < b.len() {
                match b[j] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        let end = (j + 1).min(b.len());
        out.push(start..end);
        from = end;
    }
    out
}

// ---------------------------------------------------------------------------
// Each check fails on a violation.

#[test]
fn staleness_check_finds_fields_and_documented_homes() {
    let src = Lexed::new(
        "//! x\npub struct State {\n    pub docs: HashMap<String, Doc>,\n    \
         pub index_gen: u64,\n    /// stale?\n    cache: Vec<(u8, u8)>,\n}\n\
         struct Unit;\nfn f() { let s = State { index_gen: 0 }; }\n\
         struct Doc { reported: Option<i32>, text: String }\n",
    );
    let f = staleness_fields("src/lsp/state/mod.rs", &src);
    let names: Vec<&str> = f.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["State::index_gen", "Doc::reported"], "{f:?}");
    assert_eq!(f[0].0, "src/lsp/state/mod.rs:4");
    let doc = "# A\n## Where staleness lives\n- `State::index_gen` and \
               `Doc::reported`, not `lsp/pull.rs` or `Stale`\n## Next\n`Other::stale`\n";
    assert_eq!(documented_homes(doc), ["Doc::reported", "State::index_gen"]);
}

#[test]
fn layer_check_catches_an_upward_import() {
    let src = Lexed::new("//! x\nuse crate::syntax::Tree;\nuse crate::analysis::lint_text;\n");
    let e = layer_violations("src/index/mod.rs", &src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("src/index/mod.rs:3:"), "{e:?}");
    assert!(e[0].contains("crate::analysis"), "{e:?}");
}

#[test]
fn layer_check_reads_groups_and_inline_paths() {
    let src = Lexed::new(
        "//! x\nuse crate::{syntax::Tree, lint::{self, LintConfig}};\n\
         fn f() { crate::workspace::read(); }\n",
    );
    let e = layer_violations("src/index/talk.rs", &src);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].contains("crate::lint") && e[0].contains(":2:"),
        "{e:?}"
    );
    assert!(
        e[1].contains("crate::workspace") && e[1].contains(":3:"),
        "{e:?}"
    );
}

#[test]
fn layer_check_keeps_cli_and_lsp_apart() {
    let e = layer_violations(
        "src/cli/mod.rs",
        &Lexed::new("fn f() { crate::lsp::run(); }"),
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("beside it"), "{e:?}");
    let e = layer_violations("src/lsp/x.rs", &Lexed::new("use crate::cli::out;"));
    assert_eq!(e.len(), 1, "{e:?}");
    // Downward imports, comments, strings and main.rs are fine.
    let ok =
        "//! crate::lsp\nuse crate::analysis::x; // crate::lsp\nconst S: &str = \"crate::lsp\";";
    assert!(layer_violations("src/cli/check.rs", &Lexed::new(ok)).is_empty());
    assert!(layer_violations("src/main.rs", &Lexed::new("use crate::lsp;")).is_empty());
}

#[test]
fn layer_check_follows_super_to_the_crate_root() {
    // From src/cli/mod.rs one `super::` is the crate root; from
    // src/cli/render/json.rs, three are.
    let e = layer_violations("src/cli/mod.rs", &Lexed::new("use super::lsp::run;"));
    assert_eq!(e.len(), 1, "{e:?}");
    let src = Lexed::new("use super::super::super::lsp::x;\nuse super::super::out;\n");
    let e = layer_violations("src/cli/render/json.rs", &src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains(":1:"), "{e:?}");
    // Within the module, `super::` is fine.
    let e = layer_violations("src/cli/render/json.rs", &Lexed::new("use super::lsp::x;"));
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn layer_check_refuses_a_module_without_a_layer() {
    let e = layer_violations("src/extra/mod.rs", &Lexed::new("//! x\n"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("LAYERS"), "{e:?}");
}

#[test]
fn doc_check_catches_a_missing_module_doc() {
    assert!(missing_doc("src/a.rs", "\n//! Says what it is.\nfn f() {}\n").is_none());
    let e = missing_doc(
        "src/a.rs",
        "/// An item doc is not a module doc.\nfn f() {}\n",
    );
    assert!(e.is_some_and(|e| e.starts_with("src/a.rs:1:")));
    assert!(missing_doc("src/a.rs", "use x;\n//! late\n").is_some());
}

#[test]
fn code_check_catches_a_code_outside_its_rule() {
    let src = Lexed::new("//! x\nfn f(c: &str) -> bool {\n    c == \"NL021\"\n}\n");
    let e = stray_codes("src/lsp/server.rs", &src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("src/lsp/server.rs:3:"), "{e:?}");
    // In its own rule file, the code in META is fine; another rule's is not.
    let rule = "pub static META: RuleMeta = RuleMeta {\n    code: \"NL021\",\n};\n\
                fn f(c: &str) -> bool { c == \"NL007\" }\n";
    let e = stray_codes("src/lint/rules/unknown_speaker.rs", &Lexed::new(rule));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("NL007"), "{e:?}");
    // Raw strings count; prose naming a code, comments and unit tests do not.
    let e = stray_codes("src/a.rs", &Lexed::new("const C: &str = r#\"NL001\"#;"));
    assert_eq!(e.len(), 1, "{e:?}");
    let fine = "//! \"NL001\"\nconst HELP: &str = \"--select NL001,bad-meta\";\n\
                // \"NL002\"\n#[cfg(test)]\nmod tests {\n    const C: &str = \"NL003\";\n}\n";
    assert!(stray_codes("src/a.rs", &Lexed::new(fine)).is_empty());
}

#[test]
fn meta_check_catches_a_rule_that_never_runs() {
    let doc_only = "impl Rule for X {\n    fn check_document(&self, cx: &DocCtx, out: &mut Vec<Diagnostic>) {}\n}\n";
    let e = meta_mismatches("src/lint/rules/x.rs", &Lexed::new(doc_only), "Talk", "None");
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].contains("no check_talk"), "{e:?}");
    assert!(meta_mismatches(
        "src/lint/rules/x.rs",
        &Lexed::new(doc_only),
        "Document",
        "None"
    )
    .is_empty());
    let ws = "fn check_workspace(&self) {}";
    let e = meta_mismatches("src/lint/rules/x.rs", &Lexed::new(ws), "Document", "None");
    assert!(e.iter().any(|e| e.contains("no check_document")), "{e:?}");
    let e = meta_mismatches(
        "src/lint/rules/x.rs",
        &Lexed::new("// fn check_talk(\n"),
        "Talk",
        "None",
    );
    assert_eq!(e.len(), 1, "a commented-out check is no check: {e:?}");
}

#[test]
fn meta_check_catches_a_fix_that_meta_misstates() {
    let talk = "fn check_talk(&self) { d.with_fix(\"t\", FixSafety::Safe, edits); }";
    let lexed = Lexed::new(talk);
    assert!(meta_mismatches("r.rs", &lexed, "Talk", "Safe").is_empty());
    let e = meta_mismatches("r.rs", &lexed, "Talk", "None");
    assert!(e.len() == 1 && e[0].contains("no fix"), "{e:?}");
    let e = meta_mismatches("r.rs", &lexed, "Talk", "Unsafe");
    assert!(e.len() == 1 && e[0].contains("unsafe"), "{e:?}");
    let e = meta_mismatches(
        "r.rs",
        &Lexed::new("fn check_talk(&self) {}"),
        "Talk",
        "Safe",
    );
    assert!(e.len() == 1 && e[0].contains("safe fix"), "{e:?}");
}

#[test]
fn edge_checks_catch_encoded_columns_and_front_end_crates() {
    let src = "//! x\nuse crate::syntax::pos::Encoding;\nfn f(e: Encoding) {}\n\
               #[cfg(test)]\nmod tests { use crate::syntax::pos::Encoding; }\n";
    let e = encoded_columns("src/analysis/ide/x.rs", &Lexed::new(src));
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].starts_with("src/analysis/ide/x.rs:2:"), "{e:?}");
    assert!(encoded_columns("src/lsp/x.rs", &Lexed::new(src)).is_empty());
    let plain = "//! Encoding is for the front ends.\nstruct MyEncoding;";
    assert!(encoded_columns("src/analysis/x.rs", &Lexed::new(plain)).is_empty());

    let lsp = "use tower_lsp_server::ls_types::Position;\n";
    let e = edge_crates("src/analysis/x.rs", &Lexed::new(lsp));
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(edge_crates("src/lsp/x.rs", &Lexed::new(lsp)).is_empty());
    let cs = "//! codespan_reporting in a comment is fine\nuse codespan_reporting::term;";
    assert_eq!(edge_crates("src/cli/check.rs", &Lexed::new(cs)).len(), 1);
    assert!(edge_crates("src/cli/render/human.rs", &Lexed::new(cs)).is_empty());
}

#[test]
fn cycle_check_catches_two_files_naming_each_other() {
    let file = |rel: &str, text: &str| (rel.to_string(), Lexed::new(text));
    let files = vec![
        file(
            "src/cli/mod.rs",
            "//! x\nmod check; mod render;\npub const X: u8 = 0;\n",
        ),
        file("src/cli/check.rs", "//! x\nuse super::{render, X};\n"),
        file(
            "src/cli/render/mod.rs",
            "//! x\nuse super::check::{self, Report};\n",
        ),
        file(
            "src/cli/render/human.rs",
            "//! x\nuse super::super::X;\n// crate::cli::check\n",
        ),
        file("src/syntax/tree.rs", "//! x\nuse crate::cli::check;\n"),
    ];
    let edges: Vec<(String, Vec<String>)> = files
        .iter()
        .map(|(rel, src)| (rel.clone(), file_imports(rel, src, &files)))
        .collect();
    assert_eq!(edges[1].1, vec!["src/cli/render/mod.rs"]);
    assert_eq!(edges[2].1, vec!["src/cli/check.rs"]);
    assert!(
        edges[3].1.is_empty(),
        "an ancestor and a comment: {:?}",
        edges[3].1
    );
    assert!(edges[4].1.is_empty(), "another layer: {:?}", edges[4].1);
    let cycles = import_cycles(&edges);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(
        cycles[0].starts_with("src/cli/check.rs: in an import cycle with src/cli/render/mod.rs")
    );
}

#[test]
fn position_checks_catch_columns_and_walks_outside_pos() {
    let walk = "//! x\nimpl W { fn pos(&mut self, o: usize) -> P { s.encode_utf16().count() } }\n";
    let src = Lexed::new(walk);
    assert_eq!(counted_columns("src/index/a.rs", &src).len(), 1);
    assert_eq!(own_cursors("src/index/a.rs", &src).len(), 1);
    assert!(counted_columns("src/syntax/pos/a.rs", &src).is_empty());
    let wrapped = Lexed::new("//! x\nstruct W(Cursor);\nimpl W { fn pos(&mut self) {} }\n");
    assert!(own_cursors("src/index/a.rs", &wrapped).is_empty());
    let tested = Lexed::new("//! x\n#[cfg(test)]\nmod tests { fn f() { c.len_utf16(); } }\n");
    assert!(counted_columns("src/index/a.rs", &tested).is_empty());
}

#[test]
fn size_check_catches_a_long_file() {
    let short = "x\n".repeat(MAX_LINES);
    assert!(too_long("src/a.rs", &short).is_none());
    let long = "x\n".repeat(MAX_LINES + 1);
    assert!(too_long("src/a.rs", &long)
        .is_some_and(|e| e.contains(&format!("{} lines", MAX_LINES + 1))));
}

#[test]
fn allowlist_entries_go_stale() {
    let r = std::panic::catch_unwind(|| {
        assert_clean("x", vec!["src/a.rs: bad".into()], &[("src/a.rs", "why")])
    });
    assert!(r.is_ok(), "an allowed violation passes");
    let r = std::panic::catch_unwind(|| assert_clean("x", Vec::new(), &[("src/a.rs", "why")]));
    assert!(r.is_err(), "an entry without its violation fails");
    let r = std::panic::catch_unwind(|| assert_clean("x", vec!["src/b.rs: bad".into()], &[]));
    assert!(r.is_err(), "a violation fails");
}

#[test]
fn lexer_tells_strings_chars_and_lifetimes_apart() {
    let l = Lexed::new("fn f<'a>(x: &'a str) -> char { let q = '\"'; let s = \"a'b\"; 'x' }");
    let strings: Vec<&str> = l.strings.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(strings, ["a'b"]);
    let l = Lexed::new("let s = b\"NL001\"; let t = br##\"x\"#y\"##; /* /* \"NL002\" */ */");
    let strings: Vec<&str> = l.strings.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(strings, ["NL001", "x\"#y"]);
}
