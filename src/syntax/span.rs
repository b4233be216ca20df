//! Byte spans. Inside a segment (talk) every span is relative to the segment's
//! start, so an edit elsewhere in the document never has to touch it.

/// A half-open byte range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// Shift by `base` bytes into an absolute range.
    pub fn abs(self, base: usize) -> std::ops::Range<usize> {
        base + self.start as usize..base + self.end as usize
    }
    pub fn text(self, src: &str) -> &str {
        src.get(self.range()).unwrap_or("")
    }
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}
