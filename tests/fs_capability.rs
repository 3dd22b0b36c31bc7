//! The `fs` capability (DESIGN §3, issue 4): a script reads its konnector's own files but
//! cannot change them, reaches nothing else (`../`, absolute paths, symlinks pointing out,
//! `/proc`) and writes only in its scratch folder, `os.tmpdir()`, within `--max-disk`; the
//! folder is gone after the run however it ended.

mod common;

use std::path::{Path, PathBuf};

use common::{Dir, KvmCmd};

const OUTSIDE: &str =
    "(kvm: only the konnector's folder (read-only) and the run's scratch folder are accessible)";
const READ_ONLY: &str = "(kvm: the konnector's folder is read-only; write under os.tmpdir())";

/// Prints `label code message` for each attempt, `label ok value` when it works.
const ATTEMPT: &str = "
const fs = require('fs');
const os = require('os');
const path = require('path');
function attempt(label, f) {
  try {
    console.log(label, 'ok', f());
  } catch (e) {
    console.log(label, e.code, e.errno, e.syscall, e.message);
  }
}
";

/// A konnector folder `k/` inside the test's folder, holding `index.js` (ATTEMPT + `body`).
fn konnector(dir: &Dir, body: &str) -> PathBuf {
    dir.write("k/data.txt", "own data");
    dir.write("k/index.js", &format!("{ATTEMPT}{body}"))
}

/// The script's output line starting with `label `, without the label.
fn line<'a>(out: &'a str, label: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(label).and_then(|l| l.strip_prefix(' ')))
        .unwrap_or_else(|| panic!("no line {label:?} in:\n{out}"))
}

/// Runs kvm with its temp folder (the scratch root) set to `scratch_root`.
fn kvm(scratch_root: &Path) -> KvmCmd {
    KvmCmd::new()
        .env("TMPDIR", scratch_root.to_str().unwrap())
        .args(["--log-format", "json"])
}

fn scratch_root(dir: &Dir) -> PathBuf {
    let root = dir.path().join("scratch-root");
    std::fs::create_dir_all(&root).unwrap();
    root
}

#[test]
fn own_files_are_readable_and_read_only() {
    let dir = Dir::new();
    let script = konnector(
        &dir,
        "
attempt('relative', () => fs.readFileSync('data.txt', 'utf8'));
attempt('absolute', () => fs.readFileSync(path.join(__dirname, 'data.txt'), 'utf8'));
attempt('listing', () => fs.readdirSync('.').sort().join(','));
attempt('write', () => fs.writeFileSync('data.txt', 'changed'));
attempt('append', () => fs.appendFileSync(path.join(__dirname, 'data.txt'), '!'));
attempt('create', () => fs.writeFileSync('new.txt', 'x'));
attempt('unlink', () => fs.unlinkSync('data.txt'));
attempt('rename', () => fs.renameSync('data.txt', path.join(os.tmpdir(), 'stolen.txt')));
attempt('mkdir', () => fs.mkdirSync('sub'));
attempt('rm', () => fs.rmSync('.', { recursive: true }));
attempt('chmod', () => fs.chmodSync('data.txt', 0o777));
attempt('open r+', () => fs.openSync('data.txt', 'r+'));
attempt('access W_OK', () => fs.accessSync('data.txt', fs.constants.W_OK));
",
    );
    let root = scratch_root(&dir);
    let run = kvm(&root).arg(&script).output();
    run.assert_code(0);
    let out = run.messages();
    assert_eq!(line(&out, "relative"), "ok own data");
    assert_eq!(line(&out, "absolute"), "ok own data");
    assert_eq!(line(&out, "listing"), "ok data.txt,index.js");
    for label in [
        "write",
        "append",
        "create",
        "unlink",
        "rename",
        "mkdir",
        "rm",
        "chmod",
        "open r+",
        "access W_OK",
    ] {
        let result = line(&out, label);
        assert!(result.starts_with("EACCES -13 "), "{label}: {result}");
        assert!(result.ends_with(READ_ONLY), "{label}: {result}");
    }
    assert!(line(&out, "write").contains("open 'data.txt'"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("k/data.txt")).unwrap(),
        "own data"
    );
    assert!(!dir.path().join("k/new.txt").exists() && !dir.path().join("k/sub").exists());
}

#[test]
fn paths_outside_fail_with_eacces_naming_the_rule() {
    let dir = Dir::new();
    dir.write("secret.txt", "secret");
    let secret = std::fs::canonicalize(dir.path().join("secret.txt")).unwrap();
    let script = konnector(
        &dir,
        &format!(
            "
const secret = {secret:?};
attempt('dotdot', () => fs.readFileSync('../secret.txt', 'utf8'));
attempt('absolute', () => fs.readFileSync(secret, 'utf8'));
attempt('file via link', () => fs.readFileSync('link', 'utf8'));
attempt('dir via link', () => fs.readFileSync('linkdir/secret.txt', 'utf8'));
attempt('new file via link', () => fs.writeFileSync('linkdir/planted.txt', 'x'));
attempt('listing via link', () => fs.readdirSync('linkdir'));
attempt('scratch dotdot', () => fs.writeFileSync(path.join(os.tmpdir(), '..', 'planted.txt'), 'x'));
attempt('passwd', () => fs.readFileSync('/etc/passwd', 'utf8'));
attempt('environ', () => fs.readFileSync('/proc/self/environ', 'utf8'));
attempt('root listing', () => fs.readdirSync('/'));
attempt('stat', () => fs.statSync('/etc'));
attempt('copy out', () => fs.copyFileSync('data.txt', path.join(secret, '..', 'copy.txt')));
attempt('stream', () => fs.createReadStream('/etc/hostname').on('error', (e) => console.log('stream error', e.code, e.message)) && 'created');
attempt('exists', () => fs.existsSync('/etc/passwd'));
attempt('create symlink', () => fs.symlinkSync('/etc/passwd', path.join(os.tmpdir(), 'l')));
attempt('create hard link', () => fs.linkSync('data.txt', path.join(os.tmpdir(), 'l')));
fs.promises.readFile(secret).catch((e) => console.log('promise', e.code, e.message));
"
        ),
    );
    let k = dir.path().join("k");
    std::os::unix::fs::symlink(&secret, k.join("link")).unwrap();
    std::os::unix::fs::symlink(dir.path(), k.join("linkdir")).unwrap();
    let root = scratch_root(&dir);
    let run = kvm(&root).arg(&script).output();
    run.assert_code(0);
    let out = run.messages();
    for label in [
        "dotdot",
        "absolute",
        "file via link",
        "dir via link",
        "new file via link",
        "listing via link",
        "scratch dotdot",
        "passwd",
        "environ",
        "root listing",
        "stat",
        "copy out",
        "stream error",
        "promise",
    ] {
        let result = line(&out, label);
        assert!(result.starts_with("EACCES"), "{label}: {result}");
        assert!(result.ends_with(OUTSIDE), "{label}: {result}");
    }
    assert!(line(&out, "passwd").contains("open '/etc/passwd'"));
    assert!(line(&out, "environ")
        .starts_with("EACCES -13 open EACCES: permission denied, open '/proc/self/environ' (kvm:"));
    assert_eq!(line(&out, "exists"), "ok false");
    for label in ["create symlink", "create hard link"] {
        let result = line(&out, label);
        assert!(
            result.starts_with("EACCES -13 ")
                && result.ends_with("(kvm: creating links is not allowed)"),
            "{label}: {result}"
        );
    }
    assert!(!out.contains("secret\n"), "{out}");
    assert!(!dir.path().join("planted.txt").exists());
    assert!(!root.join("planted.txt").exists());
}

#[test]
fn writes_go_to_the_scratch_folder_which_is_removed_after_the_run() {
    let dir = Dir::new();
    let script = konnector(
        &dir,
        "
const tmp = os.tmpdir();
console.log('tmpdir', tmp);
const file = path.join(tmp, 'sub', 'out.txt');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, 'scratch data');
attempt('read back', () => fs.readFileSync(file, 'utf8'));
attempt('listing', () => fs.readdirSync(tmp).join(','));
const ws = fs.createWriteStream(path.join(tmp, 'stream.txt'));
ws.end('streamed', () => console.log('stream', fs.readFileSync(path.join(tmp, 'stream.txt'), 'utf8')));
",
    );
    let root = scratch_root(&dir);
    let run = kvm(&root).arg(&script).output();
    run.assert_code(0);
    let out = run.messages();
    let tmp = PathBuf::from(line(&out, "tmpdir"));
    assert_eq!(
        tmp.parent(),
        Some(std::fs::canonicalize(&root).unwrap().as_path())
    );
    assert!(tmp
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("kvm-run-"));
    assert_eq!(line(&out, "read back"), "ok scratch data");
    assert_eq!(line(&out, "listing"), "ok sub");
    assert_eq!(line(&out, "stream"), "streamed");
    assert!(!tmp.exists(), "{} is left after the run", tmp.display());
    assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);
}

#[test]
fn the_disk_quota_stops_writes_with_enospc() {
    let dir = Dir::new();
    let script = konnector(
        &dir,
        "
const big = path.join(os.tmpdir(), 'big.bin');
attempt('2 MB', () => fs.writeFileSync(big, Buffer.alloc(2 * 1024 * 1024)));
attempt('size', () => fs.statSync(big).size);
attempt('512 KB', () => fs.writeFileSync(big, Buffer.alloc(512 * 1024)));
const ws = fs.createWriteStream(path.join(os.tmpdir(), 'stream.bin'));
ws.on('error', (e) => console.log('stream', e.code, e.message));
for (let i = 0; i < 20; i++) ws.write(Buffer.alloc(64 * 1024));
ws.end();
",
    );
    let root = scratch_root(&dir);
    let run = kvm(&root).arg(&script).args(["--max-disk", "1"]).output();
    run.assert_code(0);
    let out = run.messages();
    let full = line(&out, "2 MB");
    assert!(
        full.starts_with("ENOSPC -28 write ENOSPC: no space left on device, write '"),
        "{full}"
    );
    assert!(
        full.ends_with("big.bin' (the run's disk quota of 1 MiB is used up)"),
        "{full}"
    );
    assert_eq!(
        line(&out, "size"),
        "ok 0",
        "nothing of the refused write is on disk"
    );
    assert_eq!(line(&out, "512 KB"), "ok undefined");
    assert!(line(&out, "stream").starts_with("ENOSPC "), "{out}");
}

#[test]
fn the_scratch_folder_goes_however_the_run_ends() {
    let endings = [
        ("timeout", "while (true) {}", 3),
        ("uncaught", "throw new Error('boom')", 1),
        ("exit", "process.exit(5)", 1),
        ("pending", "setTimeout(() => {}, 60000)", 3),
    ];
    for (name, ending, code) in endings {
        let dir = Dir::new();
        let script = konnector(
            &dir,
            &format!(
                "
fs.writeFileSync(path.join(os.tmpdir(), 'left.txt'), 'x');
console.log('tmpdir', os.tmpdir());
{ending}
"
            ),
        );
        let root = scratch_root(&dir);
        let run = kvm(&root).arg(&script).args(["--timeout", "1"]).output();
        run.assert_code(code);
        let tmp = PathBuf::from(line(&run.messages(), "tmpdir"));
        assert!(
            tmp.starts_with(std::fs::canonicalize(&root).unwrap()),
            "{name}"
        );
        assert!(
            !tmp.exists(),
            "{name}: {} is left after the run",
            tmp.display()
        );
    }
}
