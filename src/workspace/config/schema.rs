//! The shape of `notelint.toml` and of a roster file, as serde reads them,
//! and the JSON Schema generated from that shape (`notelint schema`,
//! committed as `notelint.schema.json`).

use crate::lint::config::RuleSetting;
use crate::lint::{registry, Severity};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A rule's setting in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Hint,
    Info,
    Warning,
    Error,
}

impl RuleLevel {
    pub(super) fn setting(self) -> RuleSetting {
        match self {
            RuleLevel::Off => RuleSetting::Off,
            RuleLevel::Hint => RuleSetting::Severity(Severity::Hint),
            RuleLevel::Info => RuleSetting::Severity(Severity::Info),
            RuleLevel::Warning => RuleSetting::Severity(Severity::Warning),
            RuleLevel::Error => RuleSetting::Severity(Severity::Error),
        }
    }
}

/// A section `required-sections` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum RequiredSection {
    Author,
    Description,
    Abstract,
    Bio,
}

impl RequiredSection {
    pub(super) fn name(self) -> &'static str {
        match self {
            RequiredSection::Author => "Author",
            RequiredSection::Description => "Description",
            RequiredSection::Abstract => "Abstract",
            RequiredSection::Bio => "Bio",
        }
    }
}

/// Length limits, in characters. `description` defaults to 400; the others
/// are off unless set.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Maximum characters in a Description (default 400).
    #[schemars(range(min = 1))]
    pub description: Option<usize>,
    /// Maximum characters in an Abstract (off unless set).
    #[serde(rename = "abstract")]
    #[schemars(range(min = 1))]
    pub abstract_: Option<usize>,
    /// Maximum characters in a Bio (off unless set).
    #[schemars(range(min = 1))]
    pub bio: Option<usize>,
    /// Maximum characters in a title (off unless set).
    #[schemars(range(min = 1))]
    pub title: Option<usize>,
}

/// The contents of `notelint.toml`. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "notelint.toml")]
pub struct FileConfig {
    /// Path (relative to this file) of another config file to start from,
    /// e.g. `"../notelint.toml"`: its settings apply, and every key set
    /// here replaces the inherited value (`[rules]` and `[limits]` key by
    /// key). Without it, the nearest `notelint.toml` stands alone.
    pub extend: Option<String>,
    /// Rule severities, keyed by rule code (`NL001`) or name (`missing-author`):
    /// "off", "hint", "info", "warning" or "error".
    #[serde(default)]
    #[schemars(schema_with = "rules_schema")]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Sections every talk must have, whether or not it has the others.
    pub required_sections: Option<Vec<RequiredSection>>,
    /// Audience levels accepted in meta lines. Replaces the built-in list
    /// (Beginner, Intermediate, Advanced, Experienced, All).
    pub levels: Option<Vec<String>>,
    /// When set, a meta line's track must be one of these (case-insensitive).
    pub tracks: Option<Vec<String>>,
    /// Extra field labels (`Slides`, `Video`, `Room`, ...), besides the built-in ones.
    pub labels: Option<Vec<String>>,
    /// Length limits in characters.
    pub limits: Option<LimitsConfig>,
    /// Path (relative to this file) of a TOML roster of speakers:
    /// `[[person]]` tables with `name`, `aliases`, `handle`, `affiliation`.
    pub roster: Option<String>,
    /// Extra globs of note files, besides `*.talk` (e.g. `notes/*.txt`),
    /// relative to this file's folder.
    pub include: Option<Vec<String>>,
    /// Globs of files and folders never searched, relative to this file's folder.
    pub exclude: Option<Vec<String>>,
    /// Files larger than this many bytes are not read (default 10485760 = 10 MiB).
    #[schemars(range(min = 1))]
    pub max_file_size: Option<u64>,
    /// similar-speaker: the largest edit distance between two spellings of
    /// one name (default 2).
    pub speaker_distance: Option<usize>,
}

/// A roster file: `[[person]]` tables.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterFile {
    #[serde(default)]
    pub person: Vec<RosterPerson>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterPerson {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub handle: Option<String>,
    pub affiliation: Option<String>,
}

/// `[rules]`: one property per rule code and per rule name, so editors can
/// complete them; anything else is rejected, as `notelint` itself does.
fn rules_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
    use schemars::schema::{InstanceType, Metadata, ObjectValidation, Schema, SchemaObject};
    let level = gen.subschema_for::<RuleLevel>();
    let mut props = schemars::Map::new();
    for r in registry::all() {
        let m = r.meta();
        for key in [m.code, m.name] {
            let s = SchemaObject {
                metadata: Some(Box::new(Metadata {
                    description: Some(format!("{} {}: {}", m.code, m.name, m.summary)),
                    ..Default::default()
                })),
                subschemas: Some(Box::new(schemars::schema::SubschemaValidation {
                    all_of: Some(vec![level.clone()]),
                    ..Default::default()
                })),
                ..Default::default()
            };
            props.insert(key.to_string(), Schema::Object(s));
        }
    }
    Schema::Object(SchemaObject {
        instance_type: Some(InstanceType::Object.into()),
        metadata: Some(Box::new(Metadata {
            description: Some(
                "Rule severities, keyed by rule code (`NL001`) or name (`missing-author`).".into(),
            ),
            ..Default::default()
        })),
        object: Some(Box::new(ObjectValidation {
            properties: props,
            additional_properties: Some(Box::new(Schema::Bool(false))),
            ..Default::default()
        })),
        ..Default::default()
    })
}

/// The JSON Schema of `notelint.toml` (committed as `notelint.schema.json`).
pub fn json_schema() -> String {
    // TOML has no null: optional keys are simply absent.
    let gen = schemars::gen::SchemaSettings::draft07()
        .with(|s| s.option_add_null_type = false)
        .into_generator();
    let schema = gen.into_root_schema_for::<FileConfig>();
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
