//! Helpers shared by the integration tests that drive the `dechrome` binary.
// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use flate2::write::GzEncoder;
use flate2::Compression;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_dechrome");

/// Runs the binary with no stdin.
pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("dechrome runs")
}

/// Runs the binary with `input` on stdin (written from a thread, so large inputs cannot
/// dead-lock against a full stdout pipe).
pub fn run_with_stdin(args: &[&str], input: impl Into<Vec<u8>>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dechrome runs");
    let mut stdin = child.stdin.take().unwrap();
    let data = input.into();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Runs the binary with stdout discarded and stderr in a file under `dir`; returns
/// (exit code, stderr, peak RSS of the child in KiB).
// The child is reaped by `wait4` (which also reports its own peak memory), not `Child::wait`.
#[allow(clippy::zombie_processes)]
pub fn run_measured(args: &[&str], dir: &Path) -> (Option<i32>, String, i64) {
    let err_path = dir.join("stderr.txt");
    let child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it for this child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let stderr = std::fs::read_to_string(&err_path).unwrap();
    (code, stderr, usage.ru_maxrss as i64)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit status, the head of stdout and all of stderr, for assertion messages.
pub fn describe(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout);
    let head: String = out.chars().take(3000).collect();
    format!(
        "status {:?}\n--- stdout (head)\n{head}\n--- stderr\n{}",
        o.status.code(),
        stderr(o)
    )
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Every file under `dir` (recursively), relative names, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// Fails if a temporary output file was left under `dir`.
pub fn no_temp_files(dir: &Path) {
    let left: Vec<String> = list_files(dir)
        .into_iter()
        .filter(|f| {
            Path::new(f)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".dechrome-tmp-"))
        })
        .collect();
    assert!(left.is_empty(), "temporary files left in OUT: {left:?}");
}
