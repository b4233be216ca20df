//! Strings kept end to end in one box, each read back by its length: how
//! the records held for every talk of an open note (speaker entries here,
//! the editor summary, the lint cache) keep their few short strings. A
//! `String` each was three to seven small allocations per talk, 5 MB of an
//! open 10 MB note.

/// The length recorded for an absent string (`put(None)`).
pub const ABSENT: u32 = u32::MAX;

/// Builds the text: each `put` appends a string and returns the length to
/// keep for it.
#[derive(Default)]
pub struct Packer(String);

impl Packer {
    pub fn put(&mut self, s: Option<&str>) -> u32 {
        match s {
            Some(s) => {
                self.0.push_str(s);
                s.len() as u32
            }
            None => ABSENT,
        }
    }

    pub fn finish(self) -> Box<str> {
        self.0.into_boxed_str()
    }
}

/// Reads the strings back, in the order they were put, from their lengths.
pub struct Unpacker<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Unpacker<'a> {
    pub fn new(text: &'a str) -> Unpacker<'a> {
        Unpacker { text, at: 0 }
    }

    /// The next string; `None` for one put as absent. (Past the end, or off
    /// a character boundary, an empty string: never the case for lengths
    /// `put` returned.)
    pub fn next(&mut self, len: u32) -> Option<&'a str> {
        if len == ABSENT {
            return None;
        }
        let start = self.at;
        self.at += len as usize;
        Some(self.text.get(start..self.at).unwrap_or(""))
    }

    /// Past the strings of these lengths.
    pub fn skip(mut self, lens: impl IntoIterator<Item = u32>) -> Unpacker<'a> {
        for len in lens {
            self.next(len);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_back_in_order() {
        let mut p = Packer::default();
        let lens = [
            p.put(Some("Ann Lée")),
            p.put(None),
            p.put(Some("")),
            p.put(Some("😀 x")),
        ];
        let text = p.finish();
        let mut u = Unpacker::new(&text);
        let got: Vec<Option<&str>> = lens.iter().map(|&l| u.next(l)).collect();
        assert_eq!(got, [Some("Ann Lée"), None, Some(""), Some("😀 x")]);
        let mut u = Unpacker::new(&text).skip(lens[..3].iter().copied());
        assert_eq!(u.next(lens[3]), Some("😀 x"));
        // Past the end: empty, no panic.
        assert_eq!(u.next(4), Some(""));
    }
}
