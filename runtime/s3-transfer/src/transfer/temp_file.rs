//! The temporary file a download is written into before it takes the target's name.
//!
//! It lives in the target's own directory (so the final rename never crosses file systems and
//! is atomic), is hidden and unmistakable (`.name.rboto-1a2b3c4d`), is created exclusively
//! (never opening someone else's file), and is removed when dropped unless it was renamed into
//! place: an error, a cancellation or a dropped future leaves no trace and an existing target
//! file untouched.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rboto_runtime::error::Error;

/// Marker in every temporary file's name.
pub(crate) const TEMP_MARKER: &str = ".rboto-";

/// A temporary download file; removed on drop unless [`persist`](TempFile::persist)ed.
#[derive(Debug)]
pub(crate) struct TempFile {
    path: PathBuf,
    file: Arc<File>,
    kept: bool,
}

impl TempFile {
    /// Creates an empty temporary file beside `target`, sized to `len` bytes (sparse where the
    /// file system allows, so parts can be written at their offsets in any order).
    pub(crate) async fn beside(target: &Path, len: u64) -> Result<TempFile, Error> {
        let name = target
            .file_name()
            .ok_or_else(|| {
                Error::validation(vec![format!(
                    "download target {} does not name a file",
                    target.display()
                )])
            })?
            .to_string_lossy()
            .into_owned();
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let target_display = target.display().to_string();
        tokio::task::spawn_blocking(move || {
            let meta = std::fs::metadata(&dir).map_err(|e| {
                Error::io(format!(
                    "cannot download to {target_display}: directory {}: {e}",
                    dir.display()
                ))
                .with_source(e)
            })?;
            if !meta.is_dir() {
                return Err(Error::io(format!(
                    "cannot download to {target_display}: {} is not a directory",
                    dir.display()
                )));
            }
            loop {
                let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
                let path = dir.join(format!(".{name}{TEMP_MARKER}{suffix}"));
                match File::options().write(true).create_new(true).open(&path) {
                    Ok(file) => {
                        let temp = TempFile {
                            path,
                            file: Arc::new(file),
                            kept: false,
                        };
                        temp.file.set_len(len).map_err(|e| temp.error("size", e))?;
                        return Ok(temp);
                    }
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                    Err(e) => {
                        return Err(Error::io(format!(
                            "cannot create a temporary file in {} for {target_display}: {e}",
                            dir.display()
                        ))
                        .with_source(e))
                    }
                }
            }
        })
        .await
        .map_err(|e| Error::io(format!("creating a temporary file failed: {e}")))?
    }

    /// The temporary file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// A shared handle for positional writes from several tasks.
    pub(crate) fn handle(&self) -> Arc<File> {
        self.file.clone()
    }

    /// Flushes the content to disk, then renames the file over `target` (replacing it
    /// atomically) and flushes the directory entry.
    pub(crate) async fn persist(mut self, target: &Path) -> Result<(), Error> {
        let file = self.file.clone();
        let from = self.path.clone();
        let to = target.to_path_buf();
        let result = tokio::task::spawn_blocking(move || -> io::Result<()> {
            file.sync_all()?;
            std::fs::rename(&from, &to)?;
            sync_parent(&to);
            Ok(())
        })
        .await
        .map_err(|e| Error::io(format!("finishing {} failed: {e}", target.display())))?;
        match result {
            Ok(()) => {
                self.kept = true;
                Ok(())
            }
            Err(e) => Err(Error::io(format!(
                "cannot move the download into place at {}: {e}",
                target.display()
            ))
            .with_source(e)),
        }
    }

    fn error(&self, what: &str, e: io::Error) -> Error {
        Error::io(format!("cannot {what} {}: {e}", self.path.display())).with_source(e)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Makes a rename durable on file systems that need the directory flushed too; best effort
/// (not every platform lets a directory be opened).
fn sync_parent(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Writes all of `buf` at `offset` without moving a shared cursor, so parts can be written by
/// several tasks through one handle.
#[cfg(unix)]
pub(crate) fn write_all_at(file: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.write_all_at(buf, offset)
}

/// Writes all of `buf` at `offset` without relying on a shared cursor, so parts can be written
/// by several tasks through one handle.
#[cfg(windows)]
pub(crate) fn write_all_at(file: &File, mut buf: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = file.seek_write(buf, offset)?;
        if n == 0 {
            return Err(io::Error::from(io::ErrorKind::WriteZero));
        }
        buf = &buf[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rboto-temp-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[tokio::test]
    async fn dropped_temp_files_vanish_and_persisted_ones_replace_the_target() {
        let dir = scratch();
        let target = dir.join("data.bin");
        std::fs::write(&target, b"old").unwrap();

        let temp = TempFile::beside(&target, 4).await.unwrap();
        let name = temp
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with(".data.bin.rboto-"), "{name}");
        assert_eq!(temp.path().parent(), Some(dir.as_path()));
        write_all_at(&temp.handle(), b"cd", 2).unwrap();
        write_all_at(&temp.handle(), b"ab", 0).unwrap();
        let path = temp.path().to_path_buf();
        drop(temp);
        assert!(!path.exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"old");

        let temp = TempFile::beside(&target, 4).await.unwrap();
        write_all_at(&temp.handle(), b"abcd", 0).unwrap();
        let path = temp.path().to_path_buf();
        temp.persist(&target).await.unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"abcd");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn a_missing_directory_is_an_error_naming_it() {
        let dir = scratch();
        let err = TempFile::beside(&dir.join("nope/x.bin"), 0)
            .await
            .unwrap_err();
        assert!(err.is_io() && err.to_string().contains("nope"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
