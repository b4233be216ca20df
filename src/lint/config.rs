//! The linter's view of configuration: plain data. Reading `notelint.toml`
//! (and reporting its errors) is `workspace::config`'s job.

use super::Severity;
use crate::syntax::ParseOptions;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Characters (not bytes) in a Description; default 400.
    pub description: Option<usize>,
    pub abstract_: Option<usize>,
    pub bio: Option<usize>,
    pub title: Option<usize>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            description: Some(400),
            abstract_: None,
            bio: None,
            title: None,
        }
    }
}

/// A canonical speaker with the other spellings that mean them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Person {
    pub name: String,
    pub aliases: Vec<String>,
    pub handle: Option<String>,
    pub affiliation: Option<String>,
}

/// Per-rule override: `off`, or a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LintConfig {
    pub parse: ParseOptions,
    /// When set, meta-line tracks must be one of these (case-insensitive).
    pub tracks: Option<Vec<String>>,
    /// Sections every talk must have (canonical names: Description, Abstract, Bio, Author).
    pub required_sections: Vec<String>,
    pub limits: Limits,
    /// Keyed by rule code or name.
    pub rules: BTreeMap<String, RuleSetting>,
    /// When set, unknown-speaker reports speakers not in it.
    pub roster: Option<Vec<Person>>,
    /// similar-speaker: maximum edit distance between two spellings (default 2).
    pub speaker_distance: usize,
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            parse: ParseOptions::default(),
            tracks: None,
            required_sections: Vec::new(),
            limits: Limits::default(),
            rules: BTreeMap::new(),
            roster: None,
            speaker_distance: 2,
        }
    }
}
