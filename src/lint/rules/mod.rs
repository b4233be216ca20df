//! One file per rule, registered in [`ALL`] in code order.

use super::registry::Rule;

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

#[cfg(test)]
mod tests {
    use super::*;

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
