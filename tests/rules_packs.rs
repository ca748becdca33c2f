//! Rule packs: the built-in ones parse and pass their own `[[test]]` cases; user packs are
//! checked with useful errors, huge regexes are refused quickly, and a user rule with a
//! built-in id replaces it.

use std::path::Path;
use std::time::{Duration, Instant};

use dechrome::rules::{self, selftest, RuleSet};
use dechrome::{Cleaner, Error};

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Every `*.toml` under `rules/`, relative to the crate root.
fn rule_files_on_disk() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("rules")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_builtin_pack_is_embedded_and_parses_on_its_own() {
    let sources = rules::builtin_sources();
    let mut embedded: Vec<String> = sources
        .iter()
        .map(|s| s.name.trim_start_matches("builtin:").to_string())
        .collect();
    embedded.sort();
    assert_eq!(
        embedded,
        rule_files_on_disk(),
        "built-in packs differ from rules/**/*.toml"
    );
    assert!(!sources.is_empty());
    for src in sources {
        if let Err(e) = rules::compile::parse(&src) {
            panic!("{} does not parse: {e}", src.name);
        }
        if let Err(e) = RuleSet::compile(vec![src.clone()]) {
            panic!("{} does not compile on its own: {e}", src.name);
        }
    }
}

#[test]
fn builtin_self_tests_pass() {
    let cleaner = Cleaner::new().expect("built-in rules compile");
    let declared: usize = cleaner.rules().packs.iter().map(|p| p.tests.len()).sum();
    assert!(declared > 0, "the built-in packs declare no [[test]]");
    let outcomes = selftest::run_all(&cleaner, &|lang| {
        Cleaner::builder().language(Some(lang.into())).build().ok()
    });
    assert_eq!(outcomes.len(), declared, "every declared case runs");
    let mut report = String::new();
    for o in outcomes.iter().filter(|o| !o.failures.is_empty()) {
        report.push_str(&format!("\n{} ({}):\n", o.name, o.source));
        for f in &o.failures {
            report.push_str(&format!("  - {f}\n"));
        }
    }
    assert!(report.is_empty(), "rule self-tests failed:{report}");
}

#[test]
fn broken_user_toml_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "broken.toml",
        "[pack]\nid = \"mine\"\nscope = \"global\n\n[[rule]]\nid = \"x\"\nkind = \"line\"\nphrases = [\"abc\"]\n",
    );
    let err = Cleaner::builder()
        .rules_dir(dir.path())
        .build()
        .expect_err("a broken rule file must not build");
    let shown = err.to_string();
    match &err {
        Error::Rule {
            file, line, column, ..
        } => {
            assert!(
                file.contains("broken.toml"),
                "file {file:?} should name broken.toml"
            );
            assert_eq!(
                *line,
                Some(3),
                "the unterminated string is on line 3: {shown}"
            );
            let col = column.expect("a column is known");
            assert!(col >= 1, "{shown}");
            let loc = format!("{}:{}:{}", path.display(), 3, col);
            assert!(
                shown.contains(&loc),
                "Display {shown:?} should contain {loc:?}"
            );
        }
        other => panic!("expected Error::Rule, got {other:?}"),
    }
}

#[test]
fn unknown_field_in_user_rule_is_reported_with_location() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "typo.toml",
        "[pack]\nid = \"mine\"\nscope = \"global\"\n\n[[rule]]\nid = \"x\"\nkind = \"line\"\nphrase = [\"abc\"]\n",
    );
    let err = Cleaner::builder()
        .rules_dir(dir.path())
        .build()
        .unwrap_err();
    let shown = err.to_string();
    match err {
        Error::Rule { file, line, .. } => {
            assert!(file.contains("typo.toml"), "{shown}");
            assert!(line.is_some(), "no line in {shown}");
            assert!(
                shown.contains("phrase"),
                "the unknown field is named: {shown}"
            );
        }
        other => panic!("expected Error::Rule, got {other:?}"),
    }
}

fn huge_pack(rule_id: &str, field: &str, regex: &str) -> String {
    let kind = if field == "extract" { "meta" } else { "line" };
    format!(
        "[pack]\nid = \"huge\"\nscope = \"global\"\n\n[[rule]]\nid = \"{rule_id}\"\nkind = \"{kind}\"\n{field} = ['{regex}']\n"
    )
}

fn assert_rejected_quickly(pack: &str, rule_id: &str) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "huge.toml", pack);
    let started = Instant::now();
    let result = Cleaner::builder().rules_dir(dir.path()).build();
    let took = started.elapsed();
    let err = result.expect_err("a huge regex must be rejected");
    let shown = err.to_string();
    assert!(
        matches!(err, Error::Rule { .. }),
        "expected Error::Rule, got {err:?}"
    );
    assert!(
        shown.contains(rule_id),
        "error {shown:?} should name rule {rule_id}"
    );
    assert!(
        shown.contains("huge.toml"),
        "error {shown:?} should name the file"
    );
    // A guard against a hang, not a timing test: without the size limit, compiling the
    // pattern takes minutes.
    let budget = Duration::from_secs(60);
    assert!(
        took < budget,
        "rejecting took {took:?} (budget {budget:?}): the size limit should stop compilation early"
    );
}

#[test]
fn huge_nested_repetition_is_rejected_naming_the_rule() {
    let pack = huge_pack("nested-repeat", "patterns", "(?:a{1,1000}){1,1000}");
    assert_rejected_quickly(&pack, "nested-repeat");
}

#[test]
fn huge_alternation_is_rejected_naming_the_rule() {
    // 200,000 distinct words in one pattern.
    let words: Vec<String> = (0..200_000u32).map(|i| format!("w{i:x}q")).collect();
    let pack = huge_pack("long-alternation", "patterns", &words.join("|"));
    assert_rejected_quickly(&pack, "long-alternation");
}

#[test]
fn huge_extract_regex_is_rejected_naming_the_rule() {
    let pack = huge_pack(
        "big-extract",
        "extract",
        "(?P<author>(?:\\w{1,500}){1,500})",
    );
    assert_rejected_quickly(&pack, "big-extract");
}

const OVERRIDE_PAGE: &str = "عنوان الخبر الرئيسي هنا

هذه فقرة أولى طويلة من نص المقال تتحدث عن موضوع مهم وتشرح التفاصيل الكاملة للقارئ بوضوح تام ودقة كبيرة في السياق.

اقرأ أيضاً
عنوان خبر آخر منشور في مكان آخر من هذا الموقع اليوم
عنوان ثالث عن حدث آخر مختلف تماما في بلد بعيد جدا

فقرة ثانية طويلة من نص المقال تكمل الحديث عن الموضوع وتضيف معلومات جديدة مفيدة للقارئ الكريم في هذا السياق المهم.

قائمة تجريبية مخصصة
عنوان رابع لخبر منشور في قسم آخر من أقسام الموقع الكثيرة
عنوان خامس لخبر منشور في قسم آخر من أقسام الموقع الكثيرة

فقرة ثالثة طويلة من نص المقال تختم الحديث عن الموضوع وتلخص ما جاء فيه من معلومات مفيدة للقارئ الكريم والمتابع.";

#[test]
fn user_rule_with_builtin_id_replaces_it() {
    let default = Cleaner::new().unwrap();
    let before = default.clean_text(OVERRIDE_PAGE);
    // The built-in rule drops the headlines under «اقرأ أيضاً»; the custom label is unknown.
    assert!(
        !before.text.contains("عنوان خبر آخر منشور"),
        "{}",
        before.text
    );
    assert!(before.text.contains("عنوان رابع لخبر"), "{}", before.text);

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ar-override.toml",
        r#"[pack]
id = "ar"
scope = "language"
languages = ["ar"]

[[rule]]
id = "read-also"
kind = "label-list"
max_words = 6
item_max_words = 30
phrases = ["قائمة تجريبية مخصصة"]
"#,
    );
    let custom = Cleaner::builder().rules_dir(dir.path()).build().unwrap();
    assert_eq!(
        custom.rules().rules.len(),
        default.rules().rules.len(),
        "the user rule replaces the built-in one instead of being added"
    );
    let n = custom
        .rules()
        .rules
        .iter()
        .filter(|r| r.id == "ar/read-also")
        .count();
    assert_eq!(n, 1, "exactly one ar/read-also");

    let after = custom.clean_text(OVERRIDE_PAGE);
    assert_eq!(after.language.as_deref(), Some("ar"));
    // The new phrases are used…
    assert!(
        !after.text.contains("قائمة تجريبية مخصصة"),
        "{}",
        after.text
    );
    assert!(!after.text.contains("عنوان رابع لخبر"), "{}", after.text);
    assert!(!after.text.contains("عنوان خامس لخبر"), "{}", after.text);
    // …and the old ones are gone: the headlines under «اقرأ أيضاً» stay now.
    assert!(after.text.contains("عنوان خبر آخر منشور"), "{}", after.text);
    for p in ["هذه فقرة أولى", "فقرة ثانية طويلة", "فقرة ثالثة طويلة"]
    {
        assert!(after.text.contains(p), "{p:?} lost: {}", after.text);
    }
}
