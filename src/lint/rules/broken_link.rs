//! NL035 broken-link: a markup link with an empty or malformed target, or a
//! URL broken by a space.

use super::util::*;

pub struct BrokenLink;

pub static META: RuleMeta = RuleMeta {
    code: "NL035",
    name: "broken-link",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::None,
    summary: "A link has an empty or malformed target, or a URL contains a space.",
    explanation: r#"Reported: a Markdown link with an empty target (`[slides]()`, `[slides](<>)`)
or a target with a space in it; an angle-bracket URL with a space
(`<https://example.com/my talk>`); a parenthesised URL whose path is split by
a space (`(https://example.com/my talk.pdf)`); a bare `http://` with nothing
after it. A parenthesised list of URLs (`(https://a.org, https://b.org)`) is
fine.

**Bad**

```talk
Slides: [slides](https://example.com/my talk.pdf)
Video: [video]()
```

**Good**

```talk
Slides: [slides](https://example.com/my%20talk.pdf)
Video: [video](https://youtu.be/abc)
```

**Options**: none.

**Fix**: none — `%20` is not always what was meant."#,
};

fn is_url_start(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

/// Problems in one line: (byte range within the line, message).
pub fn scan(line: &str) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    // Markdown links: `](target)`.
    let mut from = 0;
    while let Some(i) = line[from..].find("](").map(|i| from + i) {
        let t0 = i + 2;
        let close = line[t0..].find(')').map(|j| t0 + j);
        let Some(close) = close else {
            out.push((i..line.len(), "link target is not closed"));
            break;
        };
        let target = line[t0..close].trim();
        if target.is_empty() || target == "<>" {
            let open = line[..i].rfind('[').unwrap_or(i);
            out.push((open..close + 1, "link has an empty target"));
        } else {
            let url = target.split(" \"").next().unwrap_or(target).trim();
            let url = url.trim_start_matches('<').trim_end_matches('>');
            if url.contains(char::is_whitespace)
                && !(target.starts_with('<') && target.ends_with('>'))
            {
                out.push((t0..close, "link target contains a space"));
            }
        }
        from = close + 1;
    }
    // Angle-bracket URLs: `<https://…>`.
    let mut from = 0;
    while let Some(i) = line[from..].find('<').map(|i| from + i) {
        let inner0 = i + 1;
        let Some(close) = line[inner0..].find('>').map(|j| inner0 + j) else {
            break;
        };
        let inner = &line[inner0..close];
        if is_url_start(inner) && inner.contains(char::is_whitespace) {
            out.push((inner0..close, "URL contains a space"));
        }
        from = close + 1;
    }
    // Parenthesised URL whose path continues after a space.
    let mut from = 0;
    while let Some(i) = line[from..].find('(').map(|i| from + i) {
        let inner0 = i + 1;
        let Some(close) = line[inner0..].find(')').map(|j| inner0 + j) else {
            break;
        };
        let inner = &line[inner0..close];
        if is_url_start(inner) && (i == 0 || b[i - 1] != b']') {
            if let Some(sp) = inner.find(' ') {
                let (head, rest) = (&inner[..sp], inner[sp..].trim());
                let listy = head.ends_with([',', ';']) || rest.contains(char::is_whitespace);
                // `my talk.pdf` continues a path; a lone `?` is the
                // writer's doubt, not part of the URL.
                let pathy = rest.contains(['/', '.', '=', '&'])
                    && rest.contains(char::is_alphanumeric)
                    && !rest.ends_with('.')
                    && !is_url_start(rest);
                if !listy && pathy {
                    out.push((inner0..close, "URL contains a space"));
                }
            }
        }
        from = close + 1;
    }
    // A scheme with nothing after it.
    for scheme in ["http://", "https://"] {
        let mut from = 0;
        while let Some(i) = line[from..].find(scheme).map(|i| from + i) {
            let after = i + scheme.len();
            if line[after..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"'))
            {
                out.push((i..after, "URL has nothing after the scheme"));
            }
            from = after;
        }
    }
    out
}

impl Rule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        // Find the few lines that can hold a link (one pass over the bytes),
        // then scan only those.
        let text = cx.text;
        let b = text.as_bytes();
        let mut starts: Vec<usize> = Vec::new();
        let mut note = |pos: usize| {
            let s = memchr::memrchr2(b'\n', b'\r', &b[..pos]).map_or(0, |i| i + 1);
            if starts.last() != Some(&s) {
                starts.push(s);
            }
        };
        for pos in memchr::memchr2_iter(b'(', b'<', b) {
            let next = &text[pos + 1..];
            let link = (b[pos] == b'(' && pos > 0 && b[pos - 1] == b']')
                || next.starts_with('>')
                || is_url_start(next);
            if link {
                note(pos);
            }
        }
        for pos in memchr::memmem::find_iter(b, b"://") {
            note(pos);
        }
        starts.sort_unstable();
        starts.dedup();
        for s in starts {
            let e = memchr::memchr2(b'\n', b'\r', &b[s..]).map_or(b.len(), |i| s + i);
            let line = &text[s..e];
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (rg, msg) in scan(line) {
                out.push(Diagnostic::new(&META, s + rg.start..s + rg.end, msg));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::scan;

    #[test]
    fn lists_of_urls_are_fine() {
        assert!(
            scan("- Import Hooks (https://github.com/hylang/hy, http://cython.org/)").is_empty()
        );
        assert!(scan("see (http://example.com and more)").is_empty());
        assert!(scan("Ben Bangert (https://github.com/bbangert/moz_mq ?)").is_empty());
        assert_eq!(scan("[x]()").len(), 1);
        assert_eq!(scan("[x](http://a.org/my talk.pdf)").len(), 1);
        assert_eq!(scan("<https://a.org/my talk>").len(), 1);
        assert_eq!(scan("(https://a.org/my talk.pdf)").len(), 1);
        assert_eq!(scan("go to http:// now").len(), 1);
    }
}
