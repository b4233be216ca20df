//! Field labels and levels: the parts of the grammar a `notelint.toml` may extend.

/// A field label. The speaker labels all mean "the talk's speakers".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Author,
    Authors,
    Speaker,
    Speakers,
    Description,
    Abstract,
    Bio,
    Track,
    Level,
    /// A label added by configuration: index into [`ParseOptions::extra_labels`]
    /// (at most 256 of them: one byte keeps every section of a tree 8 bytes
    /// smaller).
    Extra(u8),
}

impl Label {
    pub const BUILTIN: [(&'static str, Label); 9] = [
        ("author", Label::Author),
        ("authors", Label::Authors),
        ("speaker", Label::Speaker),
        ("speakers", Label::Speakers),
        ("description", Label::Description),
        ("abstract", Label::Abstract),
        ("bio", Label::Bio),
        ("track", Label::Track),
        ("level", Label::Level),
    ];

    /// Bare labels (alone on their line) are only these.
    pub fn may_stand_alone(self) -> bool {
        !matches!(self, Label::Track | Label::Level | Label::Extra(_))
    }
    pub fn is_speaker(self) -> bool {
        matches!(
            self,
            Label::Author | Label::Authors | Label::Speaker | Label::Speakers
        )
    }
    /// A plural label takes every content line as a speaker line.
    pub fn is_plural_speaker(self) -> bool {
        matches!(self, Label::Authors | Label::Speakers)
    }
    /// One of the three proposal sections.
    pub fn is_proposal(self) -> bool {
        matches!(self, Label::Description | Label::Abstract | Label::Bio)
    }
    pub fn canonical(self) -> &'static str {
        match self {
            Label::Author => "Author",
            Label::Authors => "Authors",
            Label::Speaker => "Speaker",
            Label::Speakers => "Speakers",
            Label::Description => "Description",
            Label::Abstract => "Abstract",
            Label::Bio => "Bio",
            Label::Track => "Track",
            Label::Level => "Level",
            Label::Extra(_) => "",
        }
    }
    /// What the label is for (hover text).
    pub fn purpose(self) -> &'static str {
        match self {
            Label::Author | Label::Speaker => "The talk's speaker. The first line is the name (optionally `(@handle)` or `(URL)`); further lines are details such as affiliation or role.",
            Label::Authors | Label::Speakers => "The talk's speakers, one name per line.",
            Label::Description => "A short summary of the talk for the programme (limit: `limits.description`, 400 characters by default).",
            Label::Abstract => "The full abstract for reviewers: what the talk covers and why.",
            Label::Bio => "About the speaker, in a paragraph or two.",
            Label::Track => "The track the talk belongs to (checked against `tracks` when configured).",
            Label::Level => "The audience level (Beginner, Intermediate, Advanced, Experienced, All, or configured levels).",
            Label::Extra(_) => "A field label added in notelint.toml.",
        }
    }
}

pub const BUILTIN_LEVELS: [&str; 5] =
    ["Beginner", "Intermediate", "Advanced", "Experienced", "All"];

/// Grammar options. `Default` is the built-in grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    /// Labels added by configuration, as written (`Slides`, `Video`, …).
    pub extra_labels: Vec<String>,
    /// Recognised levels for meta lines.
    pub levels: Vec<String>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            extra_labels: Vec::new(),
            levels: BUILTIN_LEVELS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Kept as a separate name so line classification reads as "look up a label".
pub type Labels = ParseOptions;

impl ParseOptions {
    /// Case-insensitive label lookup; surrounding spaces are not allowed
    /// (`Bio :` is not a field) so that prose is not mistaken for a field.
    pub fn lookup(&self, name: &str) -> Option<Label> {
        if name.is_empty() || name.len() > 40 || name.starts_with(' ') || name.ends_with(' ') {
            return None;
        }
        for (n, l) in Label::BUILTIN {
            if name.eq_ignore_ascii_case(n) {
                return Some(l);
            }
        }
        self.extra_labels
            .iter()
            .position(|e| e.eq_ignore_ascii_case(name))
            .and_then(|i| u8::try_from(i).ok())
            .map(Label::Extra)
    }

    pub fn label_name(&self, label: Label) -> &str {
        match label {
            Label::Extra(i) => self
                .extra_labels
                .get(i as usize)
                .map(|s| s.as_str())
                .unwrap_or(""),
            l => l.canonical(),
        }
    }

    /// The configured level exactly matching `word` (case-insensitively).
    pub fn exact_level(&self, word: &str) -> Option<&str> {
        self.levels
            .iter()
            .find(|l| l.eq_ignore_ascii_case(word))
            .map(|s| s.as_str())
    }

    /// A near miss of a level: small edit distance on a long enough word, so
    /// `Intermediat` is caught but a name like `Ali` is not taken for `All`.
    pub fn near_level(&self, word: &str) -> Option<&str> {
        // Edit distance is at least the difference in length, so a word whose
        // length is more than 2 away from every level needs no lowercasing or
        // distance at all (most comma lines in heads end in such a word).
        // ASCII lowercasing keeps the length, so the ASCII shortcut is exact.
        if word.is_ascii() {
            let n = word.len();
            if n < 5
                || !self
                    .levels
                    .iter()
                    .any(|l| l.len().abs_diff(n) <= 2 || !l.is_ascii())
            {
                return None;
            }
        }
        let w = word.to_lowercase();
        let wn = w.chars().count();
        if wn < 5 {
            return None;
        }
        self.levels
            .iter()
            .filter(|l| l.chars().count() >= 5)
            .filter_map(|l| {
                let l_low = l.to_lowercase();
                (l_low.chars().count().abs_diff(wn) <= 2)
                    .then(|| (strsim::levenshtein(&w, &l_low), l))
            })
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, l)| l.as_str())
    }
}
