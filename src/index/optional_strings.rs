//! A short list of optional strings in one allocation ([`OptionalStrings`]): how the
//! summary held for every talk of the workspace ([`super::TalkInfo`])
//! keeps its few short strings — a handle, a link, affiliation lines, a
//! track — that most talks do not have. A `String`
//! each would be several small allocations per talk, and most of them empty
//! (see docs/perf.md).

/// The length recorded for an absent string.
const ABSENT: u32 = u32::MAX;

/// Optional strings, read back by position: the count, each string's
/// length (or absent), then the strings end to end, all in one box. A list
/// of absent strings only takes no allocation at all. The owner names the
/// positions (`handle`, `link`, …); nothing else reads them.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct OptionalStrings(Box<[u8]>);

impl OptionalStrings {
    pub fn new<'a>(items: impl IntoIterator<Item = Option<&'a str>>) -> OptionalStrings {
        let items: Vec<Option<&str>> = items.into_iter().collect();
        if items.iter().all(Option::is_none) {
            return OptionalStrings::default();
        }
        let text: usize = items.iter().flatten().map(|s| s.len()).sum();
        let mut b = Vec::with_capacity(4 * (1 + items.len()) + text);
        b.extend_from_slice(&(items.len() as u32).to_le_bytes());
        for s in &items {
            let len = s.map_or(ABSENT, |s| s.len() as u32);
            b.extend_from_slice(&len.to_le_bytes());
        }
        for s in items.iter().flatten() {
            b.extend_from_slice(s.as_bytes());
        }
        OptionalStrings(b.into_boxed_slice())
    }

    /// Header word `i` (0 past the end: never the case for our own bytes).
    fn word(&self, i: usize) -> u32 {
        let b = self.0.get(i * 4..i * 4 + 4);
        b.and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes)
    }

    /// How many strings (absent ones included).
    pub fn len(&self) -> usize {
        // Never more than the header can hold (for a hostile count).
        (self.word(0) as usize).min(self.0.len() / 4)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th string; `None` when it is absent or past the end.
    pub fn get(&self, i: usize) -> Option<&str> {
        let n = self.len();
        if i >= n {
            return None;
        }
        let len = self.word(1 + i);
        if len == ABSENT {
            return None;
        }
        let before: usize = (0..i)
            .map(|k| self.word(1 + k))
            .filter(|&l| l != ABSENT)
            .map(|l| l as usize)
            .sum();
        let at = 4 * (1 + n) + before;
        let bytes = self.0.get(at..at + len as usize).unwrap_or(&[]);
        Some(std::str::from_utf8(bytes).unwrap_or(""))
    }
}

impl OptionalStrings {
    /// Every string in order (`None` for an absent one), in one pass.
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> {
        let n = self.len();
        let mut at = 4 * (1 + n);
        (0..n).map(move |i| {
            let len = self.word(1 + i);
            if len == ABSENT {
                return None;
            }
            let bytes = self.0.get(at..at + len as usize).unwrap_or(&[]);
            at += len as usize;
            Some(std::str::from_utf8(bytes).unwrap_or(""))
        })
    }
}

impl std::fmt::Debug for OptionalStrings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_back_by_position() {
        let s = OptionalStrings::new([Some("Ann Lée"), None, Some(""), Some("😀 x")]);
        let got: Vec<Option<&str>> = (0..s.len()).map(|i| s.get(i)).collect();
        assert_eq!(got, [Some("Ann Lée"), None, Some(""), Some("😀 x")]);
        assert_eq!(s.get(4), None, "past the end");
        assert_eq!(s.iter().collect::<Vec<_>>(), got);
        // Only absent strings: nothing allocated, every one absent.
        let none = OptionalStrings::new([None, None]);
        assert_eq!((none.len(), none.get(0), none.0.len()), (0, None, 0));
        assert!(OptionalStrings::new([]).is_empty());
    }
}
