//! One file per rule, registered in [`ALL`] in code order.

use super::registry::Rule;
use super::suppress::RuleSet;

mod util;

pub mod bad_meta;
pub mod blank_lines;
pub mod broken_link;
pub mod bullet_style;
pub mod description_too_long;
pub mod duplicate_section;
pub mod duplicate_title;
pub mod empty_section;
pub mod field_outside_talk;
pub mod incomplete_proposal;
pub mod missing_author;
pub mod mixed_indentation;
pub mod not_talk_notes;
pub mod placeholder_text;
pub mod section_order;
pub mod similar_speaker;
pub mod stray_line;
pub mod too_long;
pub mod trailing_whitespace;
pub mod unindented_bullet;
pub mod unknown_rule;
pub mod unknown_speaker;

/// Every rule, in code order. Two limits of the engine depend on this list
/// and are checked here, so that adding a rule past them fails loudly
/// instead of misbehaving:
/// - suppression comments keep the rules they turn off as bits of a `u64`
///   ([`crate::lint::suppress::RuleSet`]), one per position in this list:
///   at most 64 rules (a 65th would share the last bit);
/// - the engine finds a rule from its code through a table of 100 slots
///   indexed by the code's number (`analysis::diagnostics`): codes run
///   from `NL000` to `NL099` (see the test below).
pub static ALL: &[&dyn Rule] = &[
    &unknown_rule::UnknownRule,
    &missing_author::MissingAuthor,
    &incomplete_proposal::IncompleteProposal,
    &duplicate_section::DuplicateSection,
    &empty_section::EmptySection,
    &section_order::SectionOrder,
    &stray_line::StrayLine,
    &field_outside_talk::FieldOutsideTalk,
    &bad_meta::BadMeta,
    &duplicate_title::DuplicateTitle,
    &description_too_long::DescriptionTooLong,
    &too_long::TooLong,
    &similar_speaker::SimilarSpeaker,
    &unknown_speaker::UnknownSpeaker,
    &trailing_whitespace::TrailingWhitespace,
    &mixed_indentation::MixedIndentation,
    &unindented_bullet::UnindentedBullet,
    &bullet_style::BulletStyle,
    &placeholder_text::PlaceholderText,
    &broken_link::BrokenLink,
    &blank_lines::BlankLines,
    &not_talk_notes::NotTalkNotes,
];

const _: () = assert!(
    ALL.len() <= RuleSet::BITS as usize,
    "more rules than bits in suppress::RuleSet: widen it (and `i.min(63)` in suppress.rs)"
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule table of `analysis::diagnostics` has a slot per code
    /// number below 100, holding a rule's position as a `u8`.
    #[test]
    fn codes_fit_the_engines_rule_table() {
        for r in ALL {
            let code = r.meta().code;
            let n = code
                .strip_prefix("NL")
                .filter(|d| d.len() == 3)
                .and_then(|d| d.parse::<usize>().ok());
            assert!(
                n.is_some_and(|n| n < 100),
                "{code}: codes are NL000..NL099 (the engine's rule table has 100 slots)"
            );
        }
        assert!(
            ALL.len() < usize::from(u8::MAX),
            "a rule's position is kept as a u8"
        );
    }

    #[test]
    fn codes_are_unique_sorted_and_names_kebab() {
        let codes: Vec<_> = ALL.iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for r in ALL {
            let m = r.meta();
            assert!(
                m.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                m.name
            );
            assert!(
                m.explanation.contains("**Bad**") && m.explanation.contains("**Good**"),
                "{}",
                m.name
            );
            assert!(!m.summary.contains('\n'), "{}", m.name);
        }
    }
}
