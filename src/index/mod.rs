//! Speakers and titles across files: pure data, no IO.

/// What workspace rules see.
pub struct WorkspaceCtx<'a> {
    pub index: &'a Index,
    pub config: &'a crate::lint::LintConfig,
    /// The file whose diagnostics are being computed.
    pub file: &'a str,
}

/// One file's talks, speakers and titles (absolute byte ranges in that file).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FileEntry {}

/// Every file's entry, keyed by path (or URI) string.
#[derive(Debug, Default, Clone)]
pub struct Index {
    pub files: std::collections::BTreeMap<String, FileEntry>,
}

impl Index {
    pub fn set_file(&mut self, file: &str, entry: FileEntry) {
        self.files.insert(file.to_string(), entry);
    }
    pub fn remove_file(&mut self, file: &str) {
        self.files.remove(file);
    }
}
