//! Small JSON writers into a byte buffer, for the front ends' answers that
//! run to megabytes (the CLI's findings, the server's outline): no
//! `format!`, no intermediate `String`.

/// `n` in decimal. Most numbers written are one-digit columns, which take
/// the first branch (why this and not `itoa`: docs/perf.md).
pub fn push_usize(out: &mut Vec<u8>, mut n: usize) {
    // Most numbers written are columns and short line numbers.
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    if let Some(d) = Digits::new(n as u64) {
        d.push(out);
        return;
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    while n >= 100 {
        let d = n % 100 * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    }
    if n >= 10 {
        let d = n * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    out.extend_from_slice(&buf[i..]);
}

/// A number of up to 8 digits as its decimal text in a register, appended
/// as 8 bytes and cut to length, so no digit is stored and read back
/// (measured against a stack buffer: docs/perf.md).
#[derive(Clone, Copy)]
pub struct Digits {
    n: u64,
    /// The text, first digit in the lowest byte.
    text: u64,
    len: usize,
}

/// How many digits `n` has in decimal.
pub fn decimal_len(n: u64) -> usize {
    let mut p = 10u64;
    let mut len = 1;
    while len < 20 && n >= p {
        len += 1;
        p = p.saturating_mul(10);
    }
    len
}

fn pair(k: u64) -> u64 {
    let k = k as usize * 2;
    u64::from(u16::from_le_bytes([PAIRS[k], PAIRS[k + 1]]))
}

impl Digits {
    pub fn new(n: u64) -> Option<Digits> {
        if n >= 100_000_000 {
            return None;
        }
        let len = decimal_len(n);
        let (mut m, mut text, mut i) = (n, 0u64, len);
        while m >= 100 {
            i -= 2;
            text |= pair(m % 100) << (8 * i);
            m /= 100;
        }
        text |= if m >= 10 {
            pair(m)
        } else {
            u64::from(b'0') + m
        };
        Some(Digits { n, text, len })
    }

    /// `n`'s digits, or for a number of more than 8 just `n` (whose
    /// `plus` is then always `None`).
    pub fn of(n: u64) -> Digits {
        Digits::new(n).unwrap_or(Digits { n, text: 0, len: 0 })
    }

    pub fn value(&self) -> u64 {
        self.n
    }

    pub fn push(&self, out: &mut Vec<u8>) {
        let at = out.len();
        out.extend_from_slice(&self.text.to_le_bytes());
        out.truncate(at + self.len);
    }

    /// `self` plus `k`, without dividing when only the last two digits
    /// change (the lines of one talk, from its first).
    pub fn plus(&self, k: u64) -> Option<Digits> {
        let last = self.n % 100 + k;
        if self.len == 0 {
            None
        } else if self.len >= 3 && last < 100 {
            let shift = 8 * (self.len - 2);
            Some(Digits {
                n: self.n + k,
                text: self.text & !(0xFFFF << shift) | pair(last) << shift,
                len: self.len,
            })
        } else {
            Digits::new(self.n + k)
        }
    }
}

/// Each key (the text before a number, e.g. `,"line":`) and its number, in
/// order: the positions and ranges every writer of big answers spells out.
#[inline]
pub fn push_keyed(out: &mut Vec<u8>, fields: &[(&[u8], usize)]) {
    for &(key, n) in fields {
        out.extend_from_slice(key);
        push_usize(out, n);
    }
}

/// "00" to "99", two bytes each.
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Whether `s` needs no escaping in a JSON string (its JSON is `"s"`).
pub fn plain(s: &str) -> bool {
    s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\')
}

/// `s` as a JSON string, exactly as serde_json writes it.
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    if plain(s) {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Rare (quotes, backslashes, control characters): serde_json's own
        // escaping keeps the bytes the same as before. Writing to a Vec
        // cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let some = [
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            1000,
            12345,
            100000,
            9_999_999,
            10_000_000,
            12_345_678,
            99_999_999,
            100_000_000,
            123_456_789,
            usize::MAX,
        ];
        for n in (0..100_000).chain(some) {
            let mut out = Vec::new();
            push_usize(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
        for n in [0, 9, 10, 99, 12_345_678, 99_999_999, 100_000_000, u64::MAX] {
            assert_eq!(decimal_len(n), n.to_string().len(), "{n}");
        }
        // Sums made from a number's digits.
        for n in [0, 7, 99, 100, 187, 999, 12_345, 99_999_950, 99_999_999] {
            let d = Digits::new(n).unwrap();
            for k in [0, 1, 5, 12, 99, 100, 1_000] {
                let mut out = vec![b'x'];
                match d.plus(k) {
                    Some(sum) => sum.push(&mut out),
                    None => assert!(n + k >= 100_000_000),
                }
                if n + k < 100_000_000 {
                    assert_eq!(out, format!("x{}", n + k).into_bytes(), "{n} + {k}");
                }
            }
        }
    }

    #[test]
    fn strings_as_serde_json() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é\u{2028}\u{7f}😀/");
        for s in ["", "plain", "a\"b", "back\\slash", "\t\r\n", &all] {
            let mut out = Vec::new();
            push_json_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }
}
