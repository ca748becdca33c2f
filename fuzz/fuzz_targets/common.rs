//! Shared by the fuzz targets: one default cleaner, built once, with small budgets so that a
//! slow input shows up as a libFuzzer timeout (-timeout=10) rather than hiding behind a
//! 30 s document budget.

use std::sync::OnceLock;

use dechrome::{Cleaner, Limits};

/// Budgets for fuzzing: far below the defaults, still above anything libFuzzer generates
/// with its default -max_len.
pub fn limits() -> Limits {
    Limits {
        max_bytes: 1024 * 1024,
        max_nodes: 200_000,
        max_depth: 256,
        timeout_ms: 5_000,
    }
}

#[allow(dead_code)]
/// The default cleaner (built-in packs), with the fuzzing budgets.
pub fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        Cleaner::builder()
            .limits(limits())
            .build()
            .expect("the built-in rule packs compile")
    })
}
