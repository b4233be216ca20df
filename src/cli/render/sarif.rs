//! `--format sarif`: SARIF 2.1.0, one run, every rule in the driver (with
//! helpUri), results with regions (1-based lines, columns in Unicode code
//! points as declared by `columnKind`), related locations and fixes.

use super::super::report::Report;
use super::json::Indexes;
use super::rule_url;
use crate::lint::{registry, Severity};
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A relative path as a URI reference (forward slashes, reserved bytes escaped).
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(r: &super::json::Range) -> Value {
    json!({
        "startLine": r.start.line,
        "startColumn": r.start.column,
        "endLine": r.end.line,
        "endColumn": r.end.column,
        "byteOffset": r.start.offset,
        "byteLength": r.end.offset - r.start.offset,
    })
}

pub fn render(report: &Report) -> String {
    let ix = Indexes::new(report);
    let rules: Vec<Value> = registry::all()
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.explanation, "markdown": m.explanation},
                "helpUri": rule_url(m.name),
                "defaultConfiguration": {"level": level(m.default_severity)},
            })
        })
        .collect();
    let rule_index = |code: &str| registry::all().iter().position(|r| r.meta().code == code);
    let mut results = Vec::new();
    for f in &report.files {
        for d in &f.diagnostics {
            let Some(r) = ix.range(&f.name, &d.range) else {
                continue;
            };
            let mut res = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.name), "uriBaseId": "%SRCROOT%"},
                        "region": region(&r),
                    }
                }],
                "properties": {"name": d.name, "severity": d.severity.as_str()},
            });
            if let Some(i) = rule_index(d.code) {
                res["ruleIndex"] = json!(i);
            }
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .filter_map(|(i, rel)| {
                    let p = rel.file.as_deref().unwrap_or(&f.name);
                    let rr = ix.range(p, &rel.range)?;
                    Some(json!({
                        "id": i,
                        "message": {"text": rel.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(p), "uriBaseId": "%SRCROOT%"},
                            "region": region(&rr),
                        }
                    }))
                })
                .collect();
            if !related.is_empty() {
                res["relatedLocations"] = json!(related);
            }
            if let Some(fx) = &d.fix {
                let reps: Vec<Value> = fx
                    .edits
                    .iter()
                    .filter_map(|e| {
                        let er = ix.range(&f.name, &e.range)?;
                        Some(json!({"deletedRegion": region(&er), "insertedContent": {"text": e.replacement}}))
                    })
                    .collect();
                res["fixes"] = json!([{
                    "description": {"text": fx.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(&f.name), "uriBaseId": "%SRCROOT%"},
                        "replacements": reps,
                    }],
                }]);
            }
            results.push(res);
        }
    }
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|(p, m)| {
            json!({
                "level": "error",
                "message": {"text": format!("{p}: {m}")},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(p), "uriBaseId": "%SRCROOT%"}}}],
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "notelint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/notelint/notelint",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let s = super::render(&super::super::fixture::report());
        let mut v: serde_json::Value = serde_json::from_str(&s).unwrap();
        // The rules list and rule indexes come from the registry (tested
        // against the binary in tests/cli_check.rs); the snapshot covers
        // results and invocations.
        for r in v["runs"][0]["results"].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("ruleIndex");
        }
        insta::assert_json_snapshot!(v["runs"][0]["results"]);
        insta::assert_json_snapshot!(v["runs"][0]["invocations"]);
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(super::uri("b c.talk"), "b%20c.talk");
    }
}
