//! Renderers for `notelint check`. Each takes the whole [`Report`] and
//! writes one document (machine formats are stable and versioned; see
//! `docs/output-formats.md`).

pub mod concise;
mod excerpt;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
mod lines;
pub mod sarif;
mod stream;

use super::report::Report;
use super::{ColorWhen, OutputFormat};
use crate::syntax::pos::{Encoding, LineIndex};
use std::io::Write;

/// Where rules are documented (one base for every front end; see
/// `lint::docs::DOCS_URL`).
const RULE_URL: &str = crate::lint::docs::DOCS_URL;

/// Where a rule is documented (SARIF helpUri, JSON `url`).
pub fn rule_url(name: &str) -> String {
    crate::lint::docs::rule_url(name)
}

/// A 1-based line and column (columns count Unicode scalar values) plus the
/// 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

pub fn pos(text: &str, index: &LineIndex, offset: usize) -> Pos {
    let lc = index.to_line_col(text, offset, Encoding::Utf32);
    Pos {
        line: lc.line as usize + 1,
        column: lc.col as usize + 1,
        offset: offset.min(text.len()),
    }
}

pub fn render(
    report: &Report,
    format: OutputFormat,
    color: ColorWhen,
    unsafe_fixes: bool,
) -> std::io::Result<()> {
    let ansi = format == OutputFormat::Human && ansi(color, &std::io::stdout());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write_to(report, format, ansi, unsafe_fixes, &mut out)?;
    out.flush()
}

/// Whether to colour `stream` for `when` (NO_COLOR and non-terminals turn
/// `auto` off; `always` wins over both, as the NO_COLOR convention asks).
pub fn ansi(when: ColorWhen, stream: &impl std::io::IsTerminal) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            !no_color && !dumb && stream.is_terminal()
        }
    }
}

/// Write the report in `format` to `w` (colour only in the human format).
pub fn write_to(
    report: &Report,
    format: OutputFormat,
    ansi: bool,
    unsafe_fixes: bool,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Human => human::write_to(report, ansi, unsafe_fixes, w),
        OutputFormat::Json => json::write_to(report, w),
        OutputFormat::Concise => concise::write_to(report, unsafe_fixes, w),
        OutputFormat::Github => github::write_to(report, w),
        OutputFormat::Sarif => w.write_all(sarif::render(report).as_bytes()),
        OutputFormat::Gitlab => w.write_all(gitlab::render(report).as_bytes()),
        OutputFormat::Junit => w.write_all(junit::render(report).as_bytes()),
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small synthetic report (independent of the rules) for snapshot tests.
    use crate::cli::report::{FileResult, Report};
    use crate::lint::{Diagnostic, Fix, FixSafety, Related, Severity, TextEdit};
    use crate::workspace::Settings;
    use std::sync::Arc;

    pub fn report() -> Report {
        let a = " Lightning Talks\r\nIntro\r\n\tpoint  \r\n";
        let b = "___\rCafé talk\rby Zoë, Ann\r\rDescription: \"x\" & <y>\r";
        let settings = Arc::new(Settings::defaults(std::path::Path::new(".")));
        let t = a.find("  \r").unwrap();
        Report {
            files: vec![
                FileResult {
                    name: "notes/a.talk".into(),
                    path: None,
                    text: Arc::new(a.into()),
                    diagnostics: vec![
                        Diagnostic {
                            code: "NL001",
                            name: "missing-author",
                            severity: Severity::Warning,
                            message: "talk `Lightning Talks` has no speaker".into(),
                            range: 1..16,
                            related: vec![],
                            fix: None,
                        },
                        Diagnostic {
                            code: "NL030",
                            name: "trailing-whitespace",
                            severity: Severity::Hint,
                            message: "trailing whitespace".into(),
                            range: t..t + 2,
                            related: vec![],
                            fix: Some(Box::new(Fix {
                                title: "remove trailing whitespace".into(),
                                safety: FixSafety::Safe,
                                edits: vec![TextEdit {
                                    range: t..t + 2,
                                    replacement: String::new(),
                                }],
                            })),
                        },
                    ],
                    settings: settings.clone(),
                },
                FileResult {
                    name: "b c.talk".into(),
                    path: None,
                    text: Arc::new(b.into()),
                    diagnostics: vec![Diagnostic {
                        code: "NL020",
                        name: "similar-speaker",
                        severity: Severity::Error,
                        message:
                            "`Zoë` looks like `Zoe`, used in 3 talks, a,b: \"quoted\"\nsecond line"
                                .into(),
                        range: b.find("Zoë").unwrap()..b.find("Zoë").unwrap() + "Zoë".len(),
                        related: vec![
                            Related {
                                file: Some("notes/a.talk".into()),
                                range: 1..16,
                                message: "spelled `Zoe` here".into(),
                            },
                            Related {
                                file: None,
                                range: 4..13,
                                message: "in this talk".into(),
                            },
                        ],
                        fix: Some(Box::new(Fix {
                            title: "replace with `Zoe`".into(),
                            safety: FixSafety::Unsafe,
                            edits: vec![TextEdit {
                                range: 0..0,
                                replacement: "Zoe".into(),
                            }],
                        })),
                    }],
                    settings: settings.clone(),
                },
                FileResult {
                    name: "clean.talk".into(),
                    path: None,
                    text: Arc::new(" Fine\nby Al\n".into()),
                    diagnostics: vec![],
                    settings,
                },
            ],
            errors: vec![("bad.talk".into(), "invalid UTF-8 at byte offset 7".into())],
            ..Report::default()
        }
    }
}
