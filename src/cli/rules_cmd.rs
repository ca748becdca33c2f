//! `dechrome rules check|test|list`.

use super::{RulesAction, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use dechrome::rules::selftest;
use dechrome::Cleaner;
use std::path::Path;

fn build(dir: Option<&Path>, lang: Option<&str>) -> Result<Cleaner, String> {
    let mut b = Cleaner::builder().language(lang.map(str::to_string));
    if let Some(d) = dir {
        b = b.rules_dir(d);
    }
    b.build().map_err(|e| e.to_string())
}

pub fn run(action: RulesAction) -> i32 {
    match action {
        RulesAction::Check { dir } => match build(dir.as_deref(), None) {
            Ok(c) => {
                let r = c.rules();
                println!(
                    "ok: {} packs, {} rules, rule set {}",
                    r.packs.len(),
                    r.rules.len(),
                    r.hash
                );
                EXIT_OK
            }
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_USAGE
            }
        },
        RulesAction::Test { dir } => {
            let cleaner = match build(dir.as_deref(), None) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: {e}");
                    return EXIT_USAGE;
                }
            };
            let d = dir.clone();
            let outcomes = selftest::run_all(&cleaner, &|l| build(d.as_deref(), Some(l)).ok());
            let failed = outcomes.iter().filter(|o| !o.failures.is_empty()).count();
            for o in &outcomes {
                if o.failures.is_empty() {
                    println!("ok      {}", o.name);
                } else {
                    println!("FAILED  {} ({})", o.name, o.source);
                    for f in &o.failures {
                        println!("        - {f}");
                    }
                }
            }
            println!(
                "rules: {} passed, {} failed",
                outcomes.len() - failed,
                failed
            );
            if failed > 0 {
                EXIT_SOME_FAILED
            } else {
                EXIT_OK
            }
        }
        RulesAction::List { dir } => match build(dir.as_deref(), None) {
            Ok(c) => {
                let r = c.rules();
                for (i, p) in r.packs.iter().enumerate() {
                    println!("{} ({:?}) from {}", p.id, p.scope, p.source);
                    for rule in r.rules.iter().filter(|x| x.pack == i) {
                        println!("  {:<40} {:?}", rule.id, rule.kind);
                    }
                }
                EXIT_OK
            }
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_USAGE
            }
        },
    }
}
