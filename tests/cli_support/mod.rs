//! Helpers shared by the `cli_*` tests: run the real binary, make temp trees.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const CLEAN: &str = include_str!("../fixtures/cli/clean.talk");
pub const FINDINGS: &str = include_str!("../fixtures/cli/findings.talk");

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_notelint")
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.args(args).current_dir(dir).env_remove("NO_COLOR");
    c
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_cmd(command(dir, args), None)
}

pub fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    run_cmd(command(dir, args), Some(input))
}

pub fn run_cmd(mut c: Command, input: Option<&[u8]>) -> Run {
    c.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn notelint");
    if let Some(i) = input {
        let mut stdin = child.stdin.take().unwrap();
        // A run that stops before reading its input (a usage error) closes
        // the pipe first: that is its answer, not the harness's failure.
        if let Err(e) = stdin.write_all(i) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("notelint-cli-")
        .tempdir()
        .unwrap()
}

pub fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, contents).unwrap();
    p
}

pub fn is_root() -> bool {
    // Root reads files whatever their mode: probe with a file of mode 000.
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    let p = write(d.path(), "probe", "x");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(&p).is_ok()
}

/// A command that runs notelint as an unprivileged user, so permission
/// bits are enforced: itself when not root, else `setpriv` to `nobody`.
/// `None` (with the reason) when neither is possible.
pub fn unprivileged(dir: &Path, args: &[&str]) -> Result<Command, String> {
    if !is_root() {
        return Ok(command(dir, args));
    }
    if Command::new("setpriv").arg("--version").output().is_err() {
        return Err("running as root and `setpriv` is not available".into());
    }
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin()])
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR");
    // The binary must be reachable by `nobody`.
    let probe = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            bin(),
            "--version",
        ])
        .output();
    match probe {
        Ok(o) if o.status.success() => Ok(c),
        _ => Err("running as root and user `nobody` cannot run the test binary".into()),
    }
}

/// Make a temp folder readable and traversable by everyone (for `nobody`).
pub fn open_up(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

pub fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("bad JSON ({e}):\n{s}"))
}

/// Run `c` with a bounded wait: a hang is a failure, not a stuck test run.
/// (Output is read while the process runs, so a full pipe cannot stall it.)
pub fn run_bounded_cmd(mut c: Command, limit: std::time::Duration) -> Run {
    let child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn notelint");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("notelint did not finish within {limit:?} (hung)");
        }
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
