//! NL008 bad-meta: a meta line (or Level/Track field) with an unknown level
//! or an unlisted track.

use super::util::*;

pub struct BadMeta;

pub static META: RuleMeta = RuleMeta {
    code: "NL008",
    name: "bad-meta",
    default_severity: Severity::Warning,
    scope: Scope::Talk,
    fix: FixAvailability::Unsafe,
    summary: "A meta line's level is unknown, or its track is not a configured track.",
    explanation: r#"The meta line under a talk's title is `Track, Level`. The level must be one of
the configured levels (built in: Beginner, Intermediate, Advanced, Experienced,
All); when `tracks` is configured, the track must be one of them. The same
holds for `Level:` and `Track:` fields.

**Bad**

```talk
___
Testing With Mocks
Jane Doe
Testing, Intermediat
```

**Good**

```talk
___
Testing With Mocks
Jane Doe
Testing, Intermediate
```

**Options**: `levels` (the known levels), `tracks` (the allowed tracks).

**Fix**: unsafe — replaces the word with the closest known level or track.
It changes words, so it is offered in editors and applied by `--fix` only
with `--unsafe-fixes`."#,
};

fn near<'a>(word: &str, list: &'a [String]) -> Option<&'a str> {
    let w = word.to_lowercase();
    list.iter()
        .map(|t| (strsim::levenshtein(&w, &t.to_lowercase()), t))
        .filter(|(d, t)| *d <= 2 && *d < t.chars().count() / 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, t)| t.as_str())
}

fn check_level(cx: &TalkCtx, span: Span, out: &mut Vec<Diagnostic>) {
    let word = span.text(cx.text);
    let opts = &cx.config.parse;
    if opts.exact_level(word).is_some() {
        return;
    }
    let mut d = Diagnostic::new(&META, r(span), format!("`{word}` is not a known level"));
    let guess = opts.near_level(word).or_else(|| near(word, &opts.levels));
    if let Some(level) = guess {
        d.message = format!("`{word}` is not a known level; did you mean `{level}`?").into();
        d = d.with_fix(
            format!("Replace with `{level}`"),
            FixSafety::Unsafe,
            vec![TextEdit {
                range: r(span),
                replacement: level.to_string(),
            }],
        );
    } else {
        d.message = format!("`{word}` is not a known level ({})", opts.levels.join(", ")).into();
    }
    out.push(d);
}

fn check_track(cx: &TalkCtx, span: Span, out: &mut Vec<Diagnostic>) {
    let Some(tracks) = &cx.config.tracks else {
        return;
    };
    let word = span.text(cx.text);
    if tracks.iter().any(|t| t.eq_ignore_ascii_case(word)) {
        return;
    }
    let mut d = Diagnostic::new(
        &META,
        r(span),
        format!("`{word}` is not a configured track"),
    );
    if let Some(t) = near(word, tracks) {
        d.message = format!("`{word}` is not a configured track; did you mean `{t}`?").into();
        d = d.with_fix(
            format!("Replace with `{t}`"),
            FixSafety::Unsafe,
            vec![TextEdit {
                range: r(span),
                replacement: t.to_string(),
            }],
        );
    }
    out.push(d);
}

impl Rule for BadMeta {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_talk(&self, cx: &TalkCtx, out: &mut Vec<Diagnostic>) {
        if !cx.seg.is_talk() {
            return;
        }
        if let Some(m) = &cx.seg.head.meta {
            check_track(cx, m.track, out);
            check_level(cx, m.level, out);
        }
        for s in &cx.seg.sections {
            match (s.label(), s.inline) {
                (Some(Label::Level), Some(v)) => check_level(cx, v, out),
                (Some(Label::Track), Some(v)) => check_track(cx, v, out),
                _ => {}
            }
        }
    }
}
