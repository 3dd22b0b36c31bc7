//! [`Fs`] without the engine: confinement of every call, the quota's books, descriptors.

use std::os::unix::fs::symlink;
use std::path::PathBuf;

use super::files::flags::{O_APPEND, O_CREAT, O_EXCL, O_TRUNC, O_WRONLY};
use super::sandbox::{Follow, OUTSIDE, READ_ONLY};
use super::scratch::ENTRY_BYTES;
use super::Fs;

const O_RDWR: u32 = 2;
const KIB: u64 = 1024;

struct Setup {
    _dir: tempfile::TempDir,
    root: PathBuf,
    fs: Fs,
}

impl Setup {
    fn tmp(&self, name: &str) -> String {
        self.fs.scratch().join(name).to_string_lossy().into_owned()
    }
}

/// konnector/ (index.js, out -> outside/), scratch/, outside/secret; quota `limit`.
fn setup(limit: u64) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(dir.path()).unwrap();
    let (root, scratch, outside) = (top.join("k"), top.join("s"), top.join("o"));
    for d in [&root, &scratch, &outside] {
        std::fs::create_dir(d).unwrap();
    }
    std::fs::write(root.join("index.js"), "hello").unwrap();
    std::fs::write(outside.join("secret"), "s").unwrap();
    symlink(&outside, root.join("out")).unwrap();
    Setup {
        _dir: dir,
        fs: Fs::new(
            crate::run::konnector::Source::Folder(root.clone()),
            scratch,
            limit,
        ),
        root,
    }
}

fn write_file(fs: &Fs, path: &str, data: &[u8]) -> Result<(), String> {
    let fd = fs
        .open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        .map_err(|e| e.to_string())?;
    let written = fs
        .write(fd, data, None)
        .map(drop)
        .map_err(|e| e.to_string());
    fs.close(fd).unwrap();
    written
}

#[test]
fn konnector_files_read_but_never_change() {
    let s = setup(KIB * KIB);
    let fd = s.fs.open("index.js", 0, 0).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(s.fs.read(fd, &mut buf, None).unwrap(), 5);
    assert_eq!(&buf[..5], b"hello");
    assert_eq!(s.fs.read(fd, &mut buf, Some(1)).unwrap(), 4);
    assert_eq!(
        s.fs.write(fd, b"x", None).unwrap_err().to_string(),
        "EBADF: bad file descriptor, write"
    );
    assert!(s
        .fs
        .fset(fd, "fchmod", super::calls::Change::Mode(0o777))
        .is_err());
    s.fs.close(fd).unwrap();
    let read_only = |e: super::FsError| {
        let text = e.to_string();
        assert!(text.starts_with("EACCES: permission denied"), "{text}");
        assert!(text.ends_with(&format!("({READ_ONLY})")), "{text}");
    };
    read_only(s.fs.open("index.js", O_WRONLY, 0).unwrap_err());
    read_only(s.fs.open("new.txt", O_WRONLY | O_CREAT, 0o666).unwrap_err());
    read_only(s.fs.unlink("index.js").unwrap_err());
    read_only(s.fs.mkdir("sub", false, 0o777).unwrap_err());
    read_only(s.fs.access("index.js", 2).unwrap_err());
    read_only(s.fs.rename("index.js", &s.tmp("stolen")).unwrap_err());
    assert_eq!(
        s.fs.mkdir(".", true, 0o777).unwrap(),
        0,
        "mkdir -p of an existing folder"
    );
    assert_eq!(
        s.fs.readdir(".").unwrap().into_iter().map(|e| e.0).max(),
        Some("out".to_string())
    );
    assert!(std::fs::read(s.root.join("index.js")).unwrap() == b"hello");
}

#[test]
fn other_places_are_refused_naming_the_rule() {
    let s = setup(KIB * KIB);
    let outside = |e: super::FsError| {
        let text = e.to_string();
        assert!(text.ends_with(&format!("({OUTSIDE})")), "{text}");
        assert_eq!(e.errno.code(), "EACCES");
    };
    outside(s.fs.open("/etc/passwd", 0, 0).unwrap_err());
    outside(s.fs.open("out/secret", 0, 0).unwrap_err());
    outside(s.fs.stat("../o/secret", Follow::Yes).unwrap_err());
    outside(s.fs.readdir("/proc/self").unwrap_err());
    outside(s.fs.realpath("out").unwrap_err());
    outside(
        s.fs.copy_file("out/secret", &s.tmp("copy"), false)
            .unwrap_err(),
    );
    outside(s.fs.rename(&s.tmp("a"), "/tmp/kvm-escape").unwrap_err());
    outside(s.fs.mkdtemp("/tmp/kvm-escape-").unwrap_err());
    outside(s.fs.remove_tree("out/").unwrap_err());
    // The link itself is the konnector's: it may be looked at, not through.
    assert!(s
        .fs
        .stat("out", Follow::No)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn scratch_folder_is_read_write() {
    let s = setup(KIB * KIB);
    let dir = s.tmp("a/b");
    assert_eq!(s.fs.mkdir(&dir, true, 0o777).unwrap(), 2);
    write_file(&s.fs, &s.tmp("a/b/f.txt"), b"data").unwrap();
    s.fs.copy_file("index.js", &s.tmp("a/copy.js"), false)
        .unwrap();
    assert_eq!(
        s.fs.copy_file("index.js", &s.tmp("a/copy.js"), true)
            .unwrap_err()
            .to_string(),
        format!(
            "EEXIST: file already exists, copyfile 'index.js' -> '{}'",
            s.tmp("a/copy.js")
        )
    );
    s.fs.rename(&s.tmp("a/copy.js"), &s.tmp("a/b/moved.js"))
        .unwrap();
    let mut names: Vec<_> = s.fs.readdir(&dir).unwrap();
    names.sort();
    assert_eq!(
        names,
        [("f.txt".to_string(), 1), ("moved.js".to_string(), 1)]
    );
    assert_eq!(
        s.fs.stat(&s.tmp("a/b/moved.js"), Follow::Yes)
            .unwrap()
            .len(),
        5
    );
    let temp = s.fs.mkdtemp(&s.tmp("t-")).unwrap();
    assert!(temp.len() == s.tmp("t-").len() + 6 && std::path::Path::new(&temp).is_dir());
    s.fs.remove_tree(&s.tmp("a")).unwrap();
    s.fs.rmdir(&temp).unwrap();
    assert_eq!(s.fs.quota.used(), 0, "everything removed is released");
    assert_eq!(s.fs.unlink(&s.tmp("a")).unwrap_err().errno.code(), "ENOENT");
}

#[test]
fn quota_stops_writes_before_they_happen() {
    let s = setup(64 * KIB);
    let path = s.tmp("big");
    let fd = s.fs.open(&path, O_RDWR | O_CREAT | O_EXCL, 0o600).unwrap();
    assert_eq!(s.fs.quota.used(), ENTRY_BYTES);
    s.fs.write(fd, &[1; 50 * 1024], None).unwrap();
    let full = s.fs.write(fd, &[1; 20 * 1024], None).unwrap_err();
    assert_eq!(
        full.to_string(),
        format!("ENOSPC: no space left on device, write '{path}' (the run's disk quota of 65536 bytes is used up)")
    );
    assert_eq!(
        s.fs.fstat(fd).unwrap().len(),
        50 * 1024,
        "nothing of it was written"
    );
    // Overwriting in place costs nothing; a sparse write far away counts in full.
    s.fs.write(fd, &[2; 20 * 1024], Some(0)).unwrap();
    assert!(s.fs.write(fd, b"x", Some(1 << 40)).is_err());
    assert!(s.fs.ftruncate(fd, 1 << 30).is_err());
    s.fs.ftruncate(fd, 10).unwrap();
    assert_eq!(s.fs.quota.used(), ENTRY_BYTES + 10);
    s.fs.close(fd).unwrap();
    assert!(s.fs.copy_file("index.js", &s.tmp("c"), false).is_ok());
    assert!(s.fs.mkdir(&s.tmp("d"), false, 0o777).is_ok());
    let fd =
        s.fs.open(&s.tmp("log"), O_WRONLY | O_CREAT | O_APPEND, 0o600)
            .unwrap();
    s.fs.write(fd, &[0; 40 * 1024], Some(0)).unwrap();
    assert_eq!(
        s.fs.write(fd, &[0; 10 * 1024], None)
            .unwrap_err()
            .errno
            .code(),
        "ENOSPC"
    );
    s.fs.close(fd).unwrap();
}

#[test]
fn a_removed_file_counts_until_its_last_descriptor_closes() {
    let s = setup(64 * KIB);
    let path = s.tmp("f");
    let fd = s.fs.open(&path, O_RDWR | O_CREAT, 0o600).unwrap();
    s.fs.write(fd, &[0; 40 * 1024], None).unwrap();
    s.fs.unlink(&path).unwrap();
    // Still on disk through `fd`: a second file cannot take its room.
    assert!(write_file(&s.fs, &s.tmp("g"), &[0; 40 * 1024])
        .unwrap_err()
        .contains("ENOSPC"));
    s.fs.unlink(&s.tmp("g")).unwrap();
    s.fs.close(fd).unwrap();
    assert_eq!(s.fs.quota.used(), 0);
    write_file(&s.fs, &s.tmp("g"), &[0; 40 * 1024]).unwrap();
    // Replacing a file by rename releases the replaced one.
    write_file(&s.fs, &s.tmp("h"), b"small").unwrap();
    s.fs.rename(&s.tmp("h"), &s.tmp("g")).unwrap();
    assert_eq!(s.fs.quota.used(), ENTRY_BYTES + 5);
}

#[test]
fn descriptors_are_reused_and_bad_ones_refused() {
    let s = setup(KIB * KIB);
    let a = s.fs.open("index.js", 0, 0).unwrap();
    let b = s.fs.open("index.js", 0, 0).unwrap();
    assert_eq!((a, b), (3, 4));
    s.fs.close(a).unwrap();
    assert_eq!(s.fs.open("index.js", 0, 0).unwrap(), 3);
    assert_eq!(
        s.fs.close(99).unwrap_err().to_string(),
        "EBADF: bad file descriptor, close"
    );
    assert_eq!(s.fs.fstat(b).unwrap().len(), 5);
    let dir = s.fs.open(".", 0, 0).unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(
        s.fs.read(dir, &mut buf, None).unwrap_err().to_string(),
        "EISDIR: illegal operation on a directory, read"
    );
}

#[test]
fn usage_counts_each_file_written_once_and_the_quota_peak() {
    let s = setup(KIB * KIB);
    let usage = |fs: &Fs| {
        let u = fs.usage();
        (u.files_written, u.peak_bytes)
    };
    // Reading, opening to write without writing, and folders count nothing.
    let fd = s.fs.open("index.js", 0, 0).unwrap();
    s.fs.close(fd).unwrap();
    s.fs.mkdir(&s.tmp("d"), false, 0o777).unwrap();
    assert_eq!(usage(&s.fs), (0, ENTRY_BYTES));
    write_file(&s.fs, &s.tmp("d/a"), &[1; 1000]).unwrap();
    write_file(&s.fs, &s.tmp("d/a"), &[1; 10]).unwrap();
    let fd = s.fs.open(&s.tmp("d/a"), O_WRONLY, 0).unwrap();
    s.fs.write(fd, b"", None).unwrap();
    s.fs.close(fd).unwrap();
    assert_eq!(usage(&s.fs), (1, 2 * ENTRY_BYTES + 1000));
    s.fs.copy_file("index.js", &s.tmp("b"), false).unwrap();
    s.fs.rename(&s.tmp("b"), &s.tmp("c")).unwrap();
    let fd = s.fs.open(&s.tmp("c"), O_RDWR, 0).unwrap();
    s.fs.ftruncate(fd, 2).unwrap();
    s.fs.close(fd).unwrap();
    assert_eq!(
        usage(&s.fs),
        (2, 3 * ENTRY_BYTES + 10 + 5),
        "copied, renamed and truncated: one file"
    );
    // A file removed and made again is another.
    s.fs.remove_tree(&s.tmp("d")).unwrap();
    write_file(&s.fs, &s.tmp("d"), b"again").unwrap();
    assert_eq!(usage(&s.fs), (3, 3 * ENTRY_BYTES + 15));
    assert_eq!(s.fs.quota.used(), 2 * ENTRY_BYTES + 2 + 5);
}
