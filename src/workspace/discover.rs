//! Finding note files under the paths given on the command line.
//!
//! - A folder is searched recursively for `*.talk` and the configured
//!   `include` globs; `.gitignore`, `.ignore` and the configured `exclude`
//!   globs are respected (also outside git repositories); hidden files and
//!   folders are skipped.
//! - A file named on the command line is always read, whatever its name.
//! - Symlinks inside a searched folder are followed only when their target
//!   lies inside that folder; a symlink pointing out of the tree is skipped
//!   with a notice, never read. A symlink loop, a dangling symlink or a
//!   folder that cannot be read is an error naming the path; the rest of
//!   the tree is still searched.

use super::read::io_message;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
pub struct Discovered {
    /// Note files, sorted and without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that could not be searched or read, with the reason.
    pub errors: Vec<(PathBuf, String)>,
    /// Paths deliberately not followed (symlinks out of the tree), with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Include/exclude globs, gitignore-style: a glob without `/` matches a file
/// or folder name anywhere; one with `/` matches the path relative to `base`.
pub struct Matcher {
    base: PathBuf,
    /// Where `exclude` globs with `/` start: another folder than `base`
    /// when one of the two lists was inherited through `extend`.
    ex_base: PathBuf,
    names: GlobSet,
    paths: GlobSet,
    ex_names: GlobSet,
    ex_paths: GlobSet,
}

fn build(globs: &[String], with_slash: bool) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let g = g.trim_start_matches("./");
        if g.contains('/') != with_slash {
            continue;
        }
        // Validated when the config was read; a bad one is simply unused here.
        if let Ok(glob) = GlobBuilder::new(g).literal_separator(true).build() {
            b.add(glob);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

impl Matcher {
    pub fn new(base: &Path, include: &[String], exclude: &[String]) -> Matcher {
        Matcher::with_bases(base, include, base, exclude)
    }

    /// The matcher of a note's settings (each glob list relative to the
    /// folder of the config file that set it).
    pub fn for_settings(s: &crate::workspace::Settings) -> Matcher {
        Matcher::with_bases(&s.base_dir, &s.include, &s.exclude_dir, &s.exclude)
    }

    pub fn with_bases(
        base: &Path,
        include: &[String],
        ex_base: &Path,
        exclude: &[String],
    ) -> Matcher {
        let mut names = vec!["*.talk".to_string()];
        names.extend(include.iter().cloned());
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        Matcher {
            base: abs(base),
            ex_base: abs(ex_base),
            names: build(&names, false),
            paths: build(include, true),
            ex_names: build(exclude, false),
            ex_paths: build(exclude, true),
        }
    }

    fn rel<'a>(&self, abs: &'a Path) -> Option<&'a Path> {
        abs.strip_prefix(&self.base).ok()
    }

    pub fn is_included(&self, path: &Path) -> bool {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let name_hit = abs.file_name().is_some_and(|n| self.names.is_match(n));
        name_hit || self.rel(&abs).is_some_and(|r| self.paths.is_match(r))
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let name_hit = abs.file_name().is_some_and(|n| self.ex_names.is_match(n));
        let rel = abs.strip_prefix(&self.ex_base).ok();
        name_hit || rel.is_some_and(|r| self.ex_paths.is_match(r))
    }
}

/// Describe an `ignore` error in plain words, with the path it concerns.
fn describe(err: &ignore::Error, fallback: &Path) -> (PathBuf, String) {
    match err {
        ignore::Error::WithPath { path, err } => {
            let (_, m) = describe(err, path);
            (path.clone(), m)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err, fallback)
        }
        ignore::Error::Loop { ancestor, child } => (
            child.clone(),
            format!("symlink loop (leads back to {})", ancestor.display()),
        ),
        ignore::Error::Io(e) => {
            // Errors from the directory walk arrive wrapped, so the OS
            // error number is only in the text ("… (os error 40)").
            let text = e.to_string();
            let m = if e.raw_os_error() == Some(40) || text.contains("(os error 40)") {
                "symlink loop (too many levels of symbolic links)".to_string()
            } else if e.kind() == std::io::ErrorKind::NotFound || text.contains("(os error 2)") {
                "broken symlink or vanished file".to_string()
            } else if e.kind() == std::io::ErrorKind::PermissionDenied
                || text.contains("(os error 13)")
            {
                "permission denied".to_string()
            } else {
                let inner = text
                    .strip_prefix("IO error for operation on ")
                    .and_then(|r| r.split_once(": ").map(|(_, m)| m.to_string()))
                    .unwrap_or(text);
                match inner.find(" (os error") {
                    Some(i) => inner[..i].to_string(),
                    None => inner,
                }
            };
            (fallback.to_path_buf(), m)
        }
        ignore::Error::Partial(errs) => match errs.first() {
            Some(e) => describe(e, fallback),
            None => (fallback.to_path_buf(), err.to_string()),
        },
        other => (fallback.to_path_buf(), other.to_string()),
    }
}

/// Find the note files under `paths` (`-` is not handled here).
pub fn discover(paths: &[PathBuf], matcher: &Matcher) -> Discovered {
    let mut out = Discovered::default();
    for root in paths {
        let mut files = Vec::new();
        let mut d = discover_each(root, matcher, &mut |f| {
            files.push(f);
            ControlFlow::Continue(())
        });
        out.files.append(&mut files);
        out.errors.append(&mut d.errors);
        out.skipped.append(&mut d.skipped);
    }
    out.files.sort();
    out.files.dedup();
    out.errors.sort();
    out.skipped.sort();
    out
}

/// The note files under `root` (a folder searched as [`discover`] does, or
/// a file), handed to `visit` as the walk finds them, a folder's entries in
/// name order; `visit` ends the walk early with `Break`. What could not be
/// searched or was not followed is returned (its `files` stay empty).
/// The language server indexes this way: a huge tree is read as it is
/// walked, and only as far as its bounds.
pub fn discover_each(
    root: &Path,
    matcher: &Matcher,
    visit: &mut dyn FnMut(PathBuf) -> ControlFlow<()>,
) -> Discovered {
    let mut out = Discovered::default();
    let meta = match std::fs::metadata(root) {
        Ok(m) => m,
        Err(e) => {
            let msg = if std::fs::symlink_metadata(root).is_ok() && e.raw_os_error() == Some(40) {
                "symlink loop (too many levels of symbolic links)".to_string()
            } else if std::fs::symlink_metadata(root).is_ok()
                && e.kind() == std::io::ErrorKind::NotFound
            {
                "broken symlink".to_string()
            } else {
                io_message(&e)
            };
            out.errors.push((root.to_path_buf(), msg));
            return out;
        }
    };
    if !meta.is_dir() {
        let _ = visit(root.to_path_buf());
        return out;
    }
    walk(root, matcher, &mut out, visit);
    out
}

fn walk(
    root: &Path,
    matcher: &Matcher,
    out: &mut Discovered,
    visit: &mut dyn FnMut(PathBuf) -> ControlFlow<()>,
) {
    let canon_root = match std::fs::canonicalize(root) {
        Ok(p) => p,
        Err(e) => {
            out.errors.push((root.to_path_buf(), io_message(&e)));
            return;
        }
    };
    let skipped: Arc<Mutex<Vec<(PathBuf, String)>>> = Arc::default();
    let sk = skipped.clone();
    let ex = Arc::new(Matcher {
        base: matcher.base.clone(),
        ex_base: matcher.ex_base.clone(),
        names: matcher.names.clone(),
        paths: matcher.paths.clone(),
        ex_names: matcher.ex_names.clone(),
        ex_paths: matcher.ex_paths.clone(),
    });
    let ex2 = ex.clone();
    // The walker opens each folder's ignore files as it enters the folder
    // (and the searched folder's parents' before it starts): one that is a
    // FIFO would block it forever, a device would be read without end. Such
    // a folder is left out and said; parents are then not consulted.
    let blocked: Arc<Mutex<Vec<(PathBuf, String)>>> = Arc::default();
    let bl = blocked.clone();
    if let Some(e) = unreadable_ignore_file(root) {
        out.errors.push(e);
        return;
    }
    let parents_ok = canon_root
        .ancestors()
        .skip(1)
        .all(|a| unreadable_ignore_file(a).is_none());
    let walker = ignore::WalkBuilder::new(root)
        .parents(parents_ok)
        .follow_links(true)
        .require_git(false)
        // Name order: the files found first, when a bound stops the walk
        // (the language server's index), are the same from run to run.
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            if e.depth() > 0 && ex2.is_excluded(e.path()) {
                return false;
            }
            if e.depth() > 0 && e.path().is_dir() {
                if let Some(err) = unreadable_ignore_file(e.path()) {
                    if let Ok(mut v) = bl.lock() {
                        v.push(err);
                    }
                    return false;
                }
            }
            if e.path_is_symlink() {
                // Resolve; a loop or a dangling link is left to the walker,
                // which reports it as an error.
                if let Ok(target) = std::fs::canonicalize(e.path()) {
                    if !target.starts_with(&canon_root) {
                        if let Ok(mut v) = sk.lock() {
                            v.push((
                                e.path().to_path_buf(),
                                format!(
                                    "symlink to {} outside the searched folder, not followed",
                                    target.display()
                                ),
                            ));
                        }
                        return false;
                    }
                }
            }
            true
        })
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) && ex.is_included(e.path()) {
                    if visit(e.into_path()).is_break() {
                        break;
                    }
                } else if e.file_type().is_none() && e.depth() > 0 {
                    out.errors
                        .push((e.path().to_path_buf(), "cannot tell what this is".into()));
                }
            }
            Err(err) => {
                let (p, m) = describe(&err, root);
                // A dangling symlink matters only when it looks like a note.
                if m.starts_with("broken symlink") && !ex.is_included(&p) {
                    continue;
                }
                out.errors.push((p, m));
            }
        }
    }
    let mut taken = match skipped.lock() {
        Ok(mut v) => std::mem::take(&mut *v),
        Err(_) => Vec::new(),
    };
    out.skipped.append(&mut taken);
    if let Ok(mut v) = blocked.lock() {
        out.errors.append(&mut v);
    };
}

/// An ignore file of `dir` that exists but is not a regular file, as an
/// error naming it (its folder is not searched).
fn unreadable_ignore_file(dir: &Path) -> Option<(PathBuf, String)> {
    [".gitignore", ".ignore", ".git/info/exclude"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()))
        .map(|p| {
            (
                p,
                "not a regular file (a FIFO or a device); its folder is not searched".into(),
            )
        })
}
