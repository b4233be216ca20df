//! The cross-file answers of an [`Index`](super::Index), computed once per
//! index state ([`derive`]): every speaker with their spellings and
//! occurrences, which spelling of a person to suggest, and the titles found
//! in two or more files.

use super::*;

#[derive(Debug, Default)]
pub(super) struct Derived {
    pub(super) speakers: Vec<SpeakerSummary>,
    pub(super) by_key: HashMap<String, usize>,
    /// Normalized title → (file, title range of its first such talk), one
    /// per file.
    pub(super) titles: HashMap<String, Vec<TitlePlace>>,
    /// Spelling as written → the preferred spelling of its cluster.
    pub(super) suggestions: HashMap<String, Suggestion>,
}

pub(super) fn derive(files: &BTreeMap<String, FileEntry>, distance: usize) -> Derived {
    let mut d = Derived::default();
    // Each file's name once, shared by its titles and occurrences.
    let names: HashMap<&str, Arc<str>> = files
        .keys()
        .map(|f| (f.as_str(), Arc::from(f.as_str())))
        .collect();
    // Only titles in two or more files are kept: the one question asked is
    // "which other files have a talk titled so?", and a map of every title
    // would hold one entry per talk of the workspace for no answer.
    // First each title's hash with the first file it is in, and whether
    // another file has it too.
    let hash = |t: &str| {
        use std::hash::{BuildHasher, BuildHasherDefault};
        BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(t)
    };
    // Each talk's hash is kept (in file and talk order) so the second pass
    // normalizes only the titles that are shared.
    let mut seen: HashMap<u64, (usize, bool)> = HashMap::new();
    let mut hashes = Vec::new();
    for (i, e) in files.values().enumerate() {
        for t in e.talks() {
            let h = hash(t.title_key());
            hashes.push(h);
            let s = seen.entry(h).or_insert((i, false));
            s.1 |= s.0 != i;
        }
    }
    if seen.values().any(|s| s.1) {
        let mut hashes = hashes.iter();
        for (f, e) in files {
            let fa = &names[f.as_str()];
            for t in e.talks() {
                let shared = hashes.next().and_then(|h| seen.get(h)).is_some_and(|s| s.1);
                if !shared {
                    continue;
                }
                let v = d.titles.entry(t.title_key().to_string()).or_default();
                if v.last().is_none_or(|(g, _)| g != fa) {
                    v.push((Arc::clone(fa), t.title_range()));
                }
            }
        }
    }
    drop((seen, hashes));
    // Group by key.
    let mut groups: HashMap<&str, Vec<(&str, SpeakerEntry<'_>)>> = HashMap::new();
    for (f, e) in files {
        for s in e.speakers() {
            if s.key().is_empty() {
                continue;
            }
            groups.entry(s.key()).or_default().push((f.as_str(), s));
        }
    }
    let mut speakers: Vec<SpeakerSummary> = groups
        .into_iter()
        .map(|(key, occ)| {
            // Sets, not `Vec::contains`: one speaker may give thousands of
            // talks, and a linear scan per occurrence made this quadratic.
            let mut spellings: Vec<(String, usize)> = Vec::new();
            let mut files: Vec<String> = Vec::new();
            let mut seen_files: std::collections::HashSet<&str> = Default::default();
            let mut talks: std::collections::HashSet<(&str, usize)> = Default::default();
            for (f, s) in &occ {
                match spellings.iter_mut().find(|(n, _)| n == s.name()) {
                    Some(x) => x.1 += 1,
                    None => spellings.push((s.name().to_string(), 1)),
                }
                if seen_files.insert(f) {
                    files.push(f.to_string());
                }
                talks.insert((f, s.talk));
            }
            spellings.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(a.0.cmp(&b.0))
            });
            let first =
                |g: &dyn Fn(&SpeakerEntry) -> Option<String>| occ.iter().find_map(|(_, s)| g(s));
            SpeakerSummary {
                key: key.to_string(),
                name: spellings[0].0.clone(),
                talks: talks.len(),
                files,
                handle: first(&|s| s.handle().map(str::to_string)),
                link: first(&|s| s.link().map(str::to_string)),
                affiliation: first(&|s| {
                    let a = s.affiliation();
                    (!a.is_empty()).then(|| a.join(", "))
                }),
                occurrences: occ
                    .iter()
                    .map(|(f, s)| Occurrence {
                        file: names.get(f).map_or_else(|| Arc::from(*f), Arc::clone),
                        talk: s.talk as u32,
                        nth: s.nth() as u32,
                    })
                    .collect(),
                spellings,
                similar: Vec::new(),
            }
        })
        .collect();
    speakers.sort_by(|a, b| b.talks.cmp(&a.talks).then(a.name.cmp(&b.name)));
    for (i, s) in speakers.iter().enumerate() {
        d.by_key.insert(s.key.clone(), i);
    }

    // Similar people: pairs of keys that look alike (typo, initials).
    let uses = |s: &SpeakerSummary| s.spellings.iter().map(|x| x.1).sum::<usize>();
    // Two similar names share their first word, their last word, or their
    // letters without spaces; compare only within those buckets, so the cost
    // is not quadratic in the number of people.
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in speakers.iter().enumerate() {
        let words: Vec<&str> = s.key.split(' ').collect();
        let first = words.first().copied().unwrap_or("");
        let last = words.last().copied().unwrap_or("");
        buckets.entry(format!("f:{first}")).or_default().push(i);
        if last != first {
            buckets.entry(format!("l:{last}")).or_default().push(i);
        }
        buckets
            .entry(format!("s:{}", s.key.replace(' ', "")))
            .or_default()
            .push(i);
    }
    let mut pairs: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for v in buckets.values() {
        for (x, &i) in v.iter().enumerate() {
            for &j in &v[x + 1..] {
                pairs.insert((i.min(j), i.max(j)));
            }
        }
    }
    let mut links: Vec<(usize, usize)> = pairs
        .into_iter()
        .filter(|&(i, j)| similar_names(&speakers[i].key, &speakers[j].key, distance))
        .collect();
    links.sort_unstable();
    for &(i, j) in &links {
        let kj = speakers[j].key.clone();
        let ki = speakers[i].key.clone();
        speakers[i].similar.push(kj);
        speakers[j].similar.push(ki);
    }
    // Suggestions: within a person, the minority spellings (case, accents)
    // point at the most used one; across similar people, the less used one
    // points at the more used one (ties: the longer, fuller name).
    for s in &speakers {
        let ex = s.occurrences.iter().find(|o| {
            files
                .get(&*o.file)
                .and_then(|e| e.speaker(o.talk as usize, o.nth as usize))
                .is_some_and(|x| x.name() == s.name)
        });
        let Some(ex) = ex else { continue };
        for (sp, _) in s.spellings.iter().skip(1) {
            // The same name in another Unicode form (an accent typed as a
            // combining mark) is the same spelling, not a variant to fix.
            if sp.nfc().eq(s.name.nfc()) {
                continue;
            }
            d.suggestions.insert(
                sp.clone(),
                Suggestion {
                    preferred: s.name.clone(),
                    preferred_count: s.spellings[0].1,
                    example: ex.clone(),
                },
            );
        }
    }
    for &(i, j) in &links {
        let (a, b) = (&speakers[i], &speakers[j]);
        let (ua, ub) = (uses(a), uses(b));
        let (win, lose) =
            if ua > ub || (ua == ub && a.name.chars().count() >= b.name.chars().count()) {
                (a, b)
            } else {
                (b, a)
            };
        let Some(ex) = win.occurrences.first() else {
            continue;
        };
        for (sp, _) in &lose.spellings {
            let better = d
                .suggestions
                .get(sp)
                .is_none_or(|old| old.preferred_count < uses(win));
            if better {
                d.suggestions.insert(
                    sp.clone(),
                    Suggestion {
                        preferred: win.name.clone(),
                        preferred_count: uses(win),
                        example: ex.clone(),
                    },
                );
            }
        }
    }
    d.speakers = speakers;
    d
}
