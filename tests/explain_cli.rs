//! `dechrome explain` and the `--explain` JSON: rule file and line, block indices, sources.

use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dechrome");
const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/seeds/001_b978f59f3525f90d.txt"
);

fn explain_json(path: &str) -> Value {
    let o = Command::new(BIN)
        .args(["clean", "--explain", path])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn removals_name_their_rule_file_line_and_block() {
    let a = explain_json(SEED);
    let removed = a["removed"].as_array().unwrap();
    let label = removed
        .iter()
        .find(|r| r["text"] == "اقرأ ايضاً")
        .expect("the read-also label is removed");
    assert_eq!(label["rule"], "ar/read-also");
    assert_eq!(label["file"], "rules/lang/ar.toml");
    // The line holds the rule's id.
    let line = label["line"].as_u64().unwrap() as usize;
    let pack = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/lang/ar.toml"))
        .unwrap();
    assert_eq!(
        pack.lines().nth(line - 1).map(str::trim),
        Some("id = \"read-also\"")
    );
    // Kept and removed blocks share one numbering, in document order, with no index twice.
    let mut seen: Vec<u64> = a["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .chain(removed)
        .map(|b| b["index"].as_u64().expect("every block has an index"))
        .collect();
    let n = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), n, "one entry per line of this page");
    assert_eq!(a["sources"]["category"], "ar/category");
    assert_eq!(a["category"], "سياسة");
}

#[test]
fn without_explain_nothing_is_added() {
    let o = Command::new(BIN).args(["clean", SEED]).output().unwrap();
    let a: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(a.get("removed").is_none() && a.get("sources").is_none());
    assert!(a["blocks"][0].get("index").is_none());
}

#[test]
fn a_directory_gets_a_report_per_page_and_an_index() {
    let out = tempfile::tempdir().unwrap();
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seeds");
    let o = Command::new(BIN)
        .args(["explain", seeds, "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let reports = std::fs::read_dir(out.path()).unwrap().count() - 1;
    assert_eq!(reports, 5);
    assert_eq!(index.matches("<a href=").count(), 5);
    let one = std::fs::read_to_string(out.path().join("001_b978f59f3525f90d.txt.html")).unwrap();
    assert!(one.contains("data-rule=\"ar/read-also\""));
    assert!(one.contains("rules/lang/ar.toml:"));
}
