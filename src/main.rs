//! The `dechrome` command line: a thin layer over the library.

mod cli;

// mimalloc: faster than the system allocator on the many small allocations of a parse.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
