//! `--format gitlab`: GitLab Code Quality (a JSON array of issues). The
//! fingerprint hashes path, rule, message and the flagged text (not the line
//! number), plus an occurrence count, so it survives edits elsewhere.

use super::super::report::Report;
use super::json::Indexes;
use crate::lint::Severity;
use serde_json::json;
use std::collections::HashMap;

/// FNV-1a, 64 bits: stable across Rust versions (unlike `DefaultHasher`).
fn fnv(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut h = seed;
    for p in parts {
        for &b in p.iter().chain(&[0u8]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

pub fn fingerprint(parts: &[&[u8]]) -> String {
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf29ce484222325, parts),
        fnv(0x84222325cbf29ce4, parts)
    )
}

pub fn render(report: &Report) -> String {
    let ix = Indexes::new(report);
    let mut issues = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in &report.files {
        for d in &f.diagnostics {
            let Some(r) = ix.range(&f.name, &d.range) else {
                continue;
            };
            let flagged = f.text.get(d.range.clone()).unwrap_or("");
            let base = fingerprint(&[
                f.name.as_bytes(),
                d.code.as_bytes(),
                d.message.as_bytes(),
                flagged.as_bytes(),
            ]);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let fp = if *n == 1 {
                base
            } else {
                fingerprint(&[base.as_bytes(), n.to_string().as_bytes()])
            };
            issues.push(json!({
                "type": "issue",
                "check_name": format!("{} {}", d.code, d.name),
                "description": d.message,
                "categories": ["Style"],
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info | Severity::Hint => "info",
                },
                "fingerprint": fp,
                "location": {
                    "path": f.name,
                    "positions": {
                        "begin": {"line": r.start.line, "column": r.start.column},
                        "end": {"line": r.end.line, "column": r.end.column},
                    },
                },
            }));
        }
    }
    // Paths that could not be checked (unreadable notes, bad configs) are
    // issues too: GitLab shows nothing else of a run.
    for (p, m) in &report.errors {
        issues.push(json!({
            "type": "issue",
            "check_name": "notelint-error",
            "description": format!("could not be checked: {m}"),
            "categories": ["Bug Risk"],
            "severity": "major",
            "fingerprint": fingerprint(&[p.as_bytes(), b"notelint-error", m.as_bytes()]),
            "location": {"path": p, "lines": {"begin": 1}},
        }));
    }
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&super::super::fixture::report()));
    }
}
