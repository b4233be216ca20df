//! The one lint diagnostic → LSP diagnostic conversion, and the pieces of
//! its JSON the fast path (`report/`) writes, taken from it.

use crate::lint::Diagnostic;
use crate::lsp::convert::{self, Conv, RelatedLoc};
use std::str::FromStr;
use tower_lsp_server::ls_types as lsp;

/// A lint diagnostic as an LSP diagnostic, positions by `conv` (in the
/// client's encoding). `related_loc` resolves a related range in another
/// file (by its index key) to a range there, when it can.
pub fn diagnostic(
    conv: &mut Conv,
    uri: &lsp::Uri,
    d: &Diagnostic,
    related_loc: RelatedLoc<'_>,
) -> lsp::Diagnostic {
    let related = related(conv, uri, d, related_loc);
    facts(conv.range(&d.range), d, related)
}

/// What the client is told of `d` at `range`: every field but the range
/// and the related places comes from `d` here, for both paths.
fn facts(
    range: lsp::Range,
    d: &Diagnostic,
    related: Option<Vec<lsp::DiagnosticRelatedInformation>>,
) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range,
        severity: Some(convert::severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: lsp::Uri::from_str(&format!("{}#{}", convert::RULES_URL, d.name))
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("notelint".to_string()),
        message: d.message.to_string(),
        related_information: related,
        tags: None,
        data: None,
    }
}

/// `d`'s related places that can be placed (`None` when none can).
pub fn related(
    conv: &mut Conv,
    uri: &lsp::Uri,
    d: &Diagnostic,
    related_loc: RelatedLoc<'_>,
) -> Option<Vec<lsp::DiagnosticRelatedInformation>> {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let (u, range) = match &r.file {
                None => (uri.clone(), conv.range(&r.range)),
                Some(f) => related_loc(f, &r.range)?,
            };
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri: u, range },
                message: r.message.to_string(),
            })
        })
        .collect();
    (!related.is_empty()).then_some(related)
}

/// How serde writes a diagnostic's range at zero; what follows it up to
/// the message is [`prefix`].
const ZERO_RANGE: &[u8] =
    br#"{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"#;

/// What serde writes for `d` between its range and its message's text
/// (severity, code, link, source, then `"message":`): serialised once per
/// rule and severity from [`diagnostic`]'s own value, then reused.
pub fn prefix(d: &Diagnostic) -> Vec<u8> {
    let mut v = facts(lsp::Range::default(), d, None);
    v.message = String::new();
    // Serialising plain values into a Vec cannot fail.
    let json = serde_json::to_vec(&v).unwrap_or_default();
    // `ls_types` writes the range first and the message last when nothing
    // follows it (the property tests in `prop.rs` would see otherwise).
    json.strip_prefix(ZERO_RANGE)
        .and_then(|rest| rest.strip_suffix(b"\"\"}"))
        .map(<[u8]>::to_vec)
        .unwrap_or_default()
}

/// The elements of `d`'s `relatedInformation` array as JSON, without its
/// brackets (empty when none can be placed).
pub fn related_json(
    conv: &mut Conv,
    uri: &lsp::Uri,
    d: &Diagnostic,
    related_loc: RelatedLoc<'_>,
) -> Vec<u8> {
    let Some(places) = related(conv, uri, d, related_loc) else {
        return Vec::new();
    };
    let json = serde_json::to_vec(&places).unwrap_or_default();
    json.get(1..json.len().saturating_sub(1))
        .unwrap_or(&[])
        .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix is cut from serde's JSON of the diagnostic: it must
    /// find the range first and the message last.
    #[test]
    fn the_prefix_is_cut_from_the_serde_value() {
        use crate::lint::Severity;
        let severities = [
            Severity::Error,
            Severity::Warning,
            Severity::Info,
            Severity::Hint,
        ];
        for (rule, severity) in crate::lint::registry::all()
            .iter()
            .flat_map(|r| severities.map(|s| (r, s)))
        {
            let mut d = Diagnostic::new(rule.meta(), 0..0, "m \"q\"");
            d.severity = severity;
            let p = prefix(&d);
            assert!(p.starts_with(br#""severity":"#), "{}", d.code);
            assert!(p.ends_with(br#","message":"#), "{}", d.code);
            let mut json = ZERO_RANGE.to_vec();
            json.extend_from_slice(&p);
            crate::util::json::push_json_str(&mut json, &d.message);
            json.push(b'}');
            let want = serde_json::to_vec(&facts(lsp::Range::default(), &d, None)).unwrap();
            assert_eq!(String::from_utf8(json), String::from_utf8(want));
        }
    }
}
