//! Directory walking and atomic output files.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Prefix of temporary output files; stale ones are removed at the start of a run.
pub const TMP_PREFIX: &str = ".dechrome-tmp-";

/// An input found under a directory.
pub struct Entry {
    /// Path to read.
    pub path: PathBuf,
    /// Path relative to the walked root.
    pub rel: PathBuf,
}

/// Walks `root` recursively (following symlinks), skipping `skip` (the output folder).
/// Returns inputs and problems (path, message) for entries that cannot be inputs.
pub fn walk(root: &Path, skip: Option<&Path>) -> (Vec<Entry>, Vec<(PathBuf, String)>) {
    let skip = skip.and_then(|s| fs::canonicalize(s).ok());
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let it = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let is_out = skip.as_ref().is_some_and(|s| {
                e.file_type().is_dir() && fs::canonicalize(e.path()).is_ok_and(|c| &c == s)
            });
            let hidden_tmp = e.file_name().to_string_lossy().starts_with(TMP_PREFIX);
            !is_out && !hidden_tmp
        });
    for item in it {
        match item {
            Ok(e) => {
                let ft = e.file_type();
                if ft.is_dir() {
                    continue;
                }
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(e.path())
                    .to_path_buf();
                if ft.is_file() {
                    entries.push(Entry {
                        path: e.path().to_path_buf(),
                        rel,
                    });
                } else {
                    problems.push((
                        e.path().to_path_buf(),
                        "not a regular file (pipe, socket or device): skipped".into(),
                    ));
                }
            }
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let msg = if err.loop_ancestor().is_some() {
                    "symlink loop: skipped".to_string()
                } else if let Some(io) = err.io_error() {
                    if io.kind() == std::io::ErrorKind::NotFound {
                        "dangling symlink or vanished file: skipped".to_string()
                    } else {
                        format!("cannot read: {io}")
                    }
                } else {
                    err.to_string()
                };
                problems.push((path, msg));
            }
        }
    }
    (entries, problems)
}

/// The output path for an input: its relative path with `.gz` dropped and the extension
/// replaced by `ext`.
pub fn output_path(out_dir: &Path, rel: &Path, ext: &str) -> PathBuf {
    let mut rel = rel.to_path_buf();
    if rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        rel.set_extension("");
    }
    let mut name: OsString = rel
        .file_stem()
        .map(OsString::from)
        .unwrap_or_else(|| "output".into());
    name.push(".");
    name.push(ext);
    rel.set_file_name(name);
    out_dir.join(rel)
}

/// Removes temporary files left by a killed run.
pub fn remove_stale_temps(out_dir: &Path) {
    for e in walkdir::WalkDir::new(out_dir).into_iter().flatten() {
        if e.file_type().is_file() && e.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then rename.
/// On error nothing is left behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = || tempfile::Builder::new().prefix(TMP_PREFIX).tempfile_in(dir);
    // The folder is made on first need: most writes go to a folder that exists already.
    let mut tmp = match temp() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir)?;
            temp()?
        }
        other => other?,
    };
    tmp.write_all(bytes)?;
    // No fsync: the rename makes the file appear whole or not at all to readers and to a
    // resumed run after a kill; durability across power loss is left to the file system
    // (an fsync per file cost more than tokenising the page).
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
