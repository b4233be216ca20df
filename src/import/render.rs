//! Writing the model as talk-note markup in the canonical layout.

use super::model::Notes;

/// The model as talk-note markup.
pub fn render(_notes: &Notes) -> String {
    String::new()
}
