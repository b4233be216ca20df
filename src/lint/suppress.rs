//! Suppression comments: `// notelint: disable=RULE[,RULE]` (for the talk that
//! holds it; before any talk, for the whole file) and
//! `// notelint: disable-next-line=RULE[,RULE]`.
