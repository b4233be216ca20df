//! Catalog symbols: talks and speakers found by a fuzzy name query, and
//! how a place in another file is shown in hover text.

use super::{Catalog, Loc};

impl Catalog {
    /// Talks and speakers whose names match `query` fuzzily (its
    /// characters in order, case-insensitive: `Twr` finds "The Tower of
    /// Abstraction"), best matches first, at most `limit`. A speaker is
    /// listed once per talk they give. An empty query matches everything,
    /// in workspace order.
    pub fn symbols(&self, query: &str, limit: usize) -> Vec<WsSymbol> {
        let q: Vec<char> = query.trim().chars().flat_map(char::to_lowercase).collect();
        let mut out: Vec<(i64, usize, WsSymbol)> = Vec::new();
        for (f, t) in self.talks() {
            if q.is_empty() && out.len() >= limit {
                break;
            }
            if let Some(score) = fuzzy_score(&q, t.info.title()) {
                out.push((
                    score,
                    out.len(),
                    WsSymbol {
                        name: t.info.title().to_string(),
                        speaker: false,
                        container: Some(short_file(f).to_string()),
                        loc: t.title_loc(f),
                    },
                ));
            }
            for s in t.info.speakers() {
                if let Some(score) = fuzzy_score(&q, s.name) {
                    out.push((
                        score,
                        out.len(),
                        WsSymbol {
                            name: s.name.to_string(),
                            speaker: true,
                            container: Some(t.info.title().to_string()),
                            loc: t.speaker_loc(f, &s),
                        },
                    ));
                }
            }
        }
        out.sort_by_key(|(score, i, _)| (std::cmp::Reverse(*score), *i));
        out.truncate(limit);
        out.into_iter().map(|(_, _, s)| s).collect()
    }
}

/// How well `name` matches the lower-cased `query` as a subsequence, or
/// `None`. Matches at the start of a word and runs of consecutive
/// characters score higher, skipped characters lower, so `twr` ranks
/// "The Tower" above "Two weird rules".
pub fn fuzzy_score(query: &[char], name: &str) -> Option<i64> {
    if query.is_empty() {
        return Some(0);
    }
    let mut qi = 0;
    let mut score = 0i64;
    let mut prev_matched = false;
    let mut prev: Option<char> = None;
    for c in name.chars() {
        let lc = c.to_lowercase().next().unwrap_or(c);
        if qi < query.len() && lc == query[qi] {
            let word_start = prev.is_none_or(|p| !p.is_alphanumeric());
            score += 1;
            if word_start {
                score += 8;
            }
            if prev_matched {
                score += 5;
            }
            prev_matched = true;
            qi += 1;
        } else {
            if qi < query.len() {
                score -= 1;
            }
            prev_matched = false;
        }
        prev = Some(c);
    }
    (qi == query.len()).then_some(score)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsSymbol {
    pub name: String,
    /// A speaker (else a talk).
    pub speaker: bool,
    pub container: Option<String>,
    pub loc: Loc,
}

/// The file name part of a path or URI, for display.
/// `file:line` as a Markdown link to that line (`[b.talk:21](file:///…/b.talk#L21)`,
/// the form VS Code and other clients open at the line) when `f` is a URI;
/// as code otherwise. Parentheses and spaces in the URI are escaped so
/// they cannot end the link.
pub fn place_link(f: &str, line: u32) -> String {
    let label = format!("{}:{line}", short_file(f));
    if !f.contains("://") {
        return format!("`{label}`");
    }
    let mut target = String::with_capacity(f.len());
    for c in f.chars() {
        match c {
            '(' => target.push_str("%28"),
            ')' => target.push_str("%29"),
            ' ' => target.push_str("%20"),
            '<' => target.push_str("%3C"),
            '>' => target.push_str("%3E"),
            c => target.push(c),
        }
    }
    let label = label.replace('[', "\\[").replace(']', "\\]");
    format!("[{label}]({target}#L{line})")
}

pub fn short_file(f: &str) -> &str {
    f.rsplit('/').next().unwrap_or(f)
}

#[cfg(test)]
mod tests {
    use super::super::tests::catalog;
    use super::*;

    #[test]
    fn workspace_symbols_match_fuzzily_and_list_every_talk_of_a_speaker() {
        let w = catalog(&[
            (
                "a.talk",
                " Two Weird Rules\nAnn Lee\n\nIntro\n\tx\n The Tower of Abstraction\nAnn Lee\n\nIntro\n\ty\n",
            ),
            ("b.talk", " Parsing\nAnn Lee\n\nIntro\n\tz\n"),
        ]);
        let names =
            |q: &str| -> Vec<String> { w.symbols(q, 100).into_iter().map(|s| s.name).collect() };
        // Subsequence matches (substring search found neither).
        let t = names("Twr");
        assert!(t.contains(&"The Tower of Abstraction".to_string()), "{t:?}");
        assert!(t.contains(&"Two Weird Rules".to_string()), "{t:?}");
        // Word starts and runs rank first.
        let q: Vec<char> = "tow".chars().collect();
        assert!(fuzzy_score(&q, "The Tower") > fuzzy_score(&q, "Tiny slow owls"));
        assert_eq!(names("tower")[0], "The Tower of Abstraction");
        assert!(names("xyz").is_empty());
        // Every talk Ann gives, in both files, each in its talk.
        let ann: Vec<_> = w
            .symbols("ann", 100)
            .into_iter()
            .filter(|s| s.speaker)
            .map(|s| s.container.unwrap())
            .collect();
        assert_eq!(
            ann,
            ["Two Weird Rules", "The Tower of Abstraction", "Parsing"]
        );
    }
}
