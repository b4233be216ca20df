//! Names, name lists and title lines split into title and speakers.

use super::*;

fn names(v: &Names) -> Vec<&str> {
    v.speakers.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn names_read_as_names() {
    for n in [
        "Ada Lovelace",
        "Guido van Rossum",
        "J.R. Tolkien",
        "J. R. R. Tolkien",
        "Seán Ó Briain",
        "Zoë O'Brien-Smith",
        "Muhammad bin Salman",
        "Omar al-Khayyam",
        "Jean-Luc Picard",
        "Martin Luther King Jr.",
        "Mary McDonald",
        "Le\u{301}a Seydoux",
    ] {
        assert!(is_name(n), "{n}");
    }
    for n in [
        "Lessons Learned",
        "Room 2",
        "Main Hall",
        "Keynote",
        "Q&A",
        "Opening Keynote",
        "Monday Morning",
        "Async Python",
        "IBM Research",
        "the end",
        "van Rossum",
        "Building Better APIs",
        "A Talk",
    ] {
        assert!(!is_name(n), "{n}");
    }
    assert!(is_name_min("Ada", 1));
    assert!(!is_name("Ada"));
}

#[test]
fn lists() {
    let v = name_list("Ada Lovelace, Grace Hopper, and Alan Turing", 2).unwrap();
    assert_eq!(names(&v), ["Ada Lovelace", "Grace Hopper", "Alan Turing"]);
    assert_eq!(v.joiners, [", ", ", and "]);
    let v = name_list("Ada Lovelace (@ada) & Grace Hopper", 2).unwrap();
    assert_eq!(v.speakers[0].handle.as_deref(), Some("@ada"));
    assert!(name_list("Lists, Dicts and Sets", 2).is_none());
    let (v, rest) = speakers_and_rest("Ada Lovelace, Analytical Engines Ltd").unwrap();
    assert_eq!(names(&v), ["Ada Lovelace"]);
    assert_eq!(rest.as_deref(), Some(", Analytical Engines Ltd"));
}

#[test]
fn titles() {
    let t = split_title("Async views in practice – Luis Ortega");
    assert_eq!(t.title, "Async views in practice");
    assert_eq!(names(&t.speakers), ["Luis Ortega"]);
    let t = split_title("Lists, dicts, and sets: a tour, Mei Chen");
    assert_eq!(t.title, "Lists, dicts, and sets: a tour");
    assert_eq!(names(&t.speakers), ["Mei Chen"]);
    let t = split_title("Scaling Python - Lessons Learned");
    assert_eq!(t.title, "Scaling Python - Lessons Learned");
    assert!(t.speakers.is_empty());
    let t = split_title("Death by PowerPoint");
    assert!(t.speakers.is_empty());
    let t = split_title("Packaging in 2024 by Ada Lovelace and Grace Hopper");
    assert_eq!(t.title, "Packaging in 2024");
    assert_eq!(t.prefix.as_deref(), Some("by"));
    assert_eq!(t.speakers.len(), 2);
    let t = split_title("Testing at scale – Dana Whitfield @dana");
    assert_eq!(t.speakers.speakers[0].handle.as_deref(), Some("@dana"));
    let t = split_title("Testing at scale – Dana Whitfield (Room 2)");
    assert_eq!(t.title, "Testing at scale");
    assert_eq!(t.rest.as_deref(), Some("(Room 2)"));
    let t = split_title("Dana Whitfield");
    assert_eq!(t.title, "Dana Whitfield");
    assert_eq!(names(&t.speakers), ["Dana Whitfield"]);
    let t = split_title("Python 3.13: What's New");
    assert!(t.speakers.is_empty());
}

#[test]
fn speaker_first_titles() {
    let t = split_title("Odile Marchetti - Shaders for Spreadsheet People");
    assert_eq!(t.title, "Shaders for Spreadsheet People");
    assert_eq!(names(&t.speakers), ["Odile Marchetti"]);
    assert_eq!(t.lead.as_deref(), Some("Odile Marchetti -"));
    let t = split_title("Bram Oyelaran: \"Why my cron jobs fail\"");
    assert_eq!(t.title, "Why my cron jobs fail");
    assert_eq!(names(&t.speakers), ["Bram Oyelaran"]);
    // A trailing speaker still wins; a title with a dash stays whole.
    let t = split_title("Shaders for Spreadsheet People - Odile Marchetti");
    assert_eq!(t.title, "Shaders for Spreadsheet People");
    assert!(t.lead.is_none());
    let t = split_title("Scaling Python - Lessons Learned");
    assert!(t.speakers.is_empty());
    // Without quotes a colon after a name is a title's (`Keynote:`).
    let t = split_title("Grace Hopper: A Life in Code");
    assert!(t.lead.is_none());
}

#[test]
fn places_are_no_names() {
    // The opening party's venue, noted like a talk: no speaker.
    assert!(split_title("Harbor Museum").speakers.is_empty());
    assert!(split_title("Riverside Brewery").speakers.is_empty());
    assert!(!split_title("Dana Whitfield").speakers.is_empty());
}
