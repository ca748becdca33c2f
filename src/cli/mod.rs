//! Command-line parsing and dispatch.

mod clean;
mod explain;
mod jsonl;
mod rules_cmd;
mod walk;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

use dechrome::{Cleaner, Limits};

/// Exit codes.
pub const EXIT_OK: i32 = 0;
/// Some inputs failed.
pub const EXIT_SOME_FAILED: i32 = 1;
/// Usage or rule error.
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "dechrome",
    version,
    about = "Strip site chrome from scraped pages; emit the clean article with its metadata.",
    after_help = "Examples:\n  dechrome clean page.html\n  dechrome clean pages/ -o cleaned --format json --threads 4\n  dechrome clean crawl.warc.gz -o out.jsonl\n  cat records.jsonl | dechrome jsonl > cleaned.jsonl\n  dechrome rules check my-rules/ && dechrome rules test my-rules/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Clean files, directories (recursively), WARC files or stdin (`-`).
    Clean(CleanArgs),
    /// Stream JSON lines: one output line per input line, in order.
    Jsonl(JsonlArgs),
    /// Write an HTML report of what was removed from a page and why (a directory: one report
    /// per page plus index.html).
    Explain(ExplainArgs),
    /// Check, test or list rule packs.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
}

#[derive(Subcommand, Debug)]
enum RulesAction {
    /// Parse and compile the built-in packs plus DIR; report the first error with its location.
    Check {
        /// A directory of rule files to check along with the built-in packs.
        dir: Option<PathBuf>,
    },
    /// Run the `[[test]]` cases of the built-in packs plus DIR.
    Test {
        /// A directory of rule files whose tests run along with the built-in ones.
        dir: Option<PathBuf>,
    },
    /// List packs and rules.
    List {
        /// A directory of rule files to include.
        dir: Option<PathBuf>,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
enum FormatArg {
    Json,
    Jsonl,
    Text,
    Markdown,
    Html,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
enum InputArg {
    Auto,
    Html,
    Text,
}

/// Options that shape the cleaner (shared by `clean` and `jsonl`).
#[derive(Args, Debug, Clone)]
struct CleanerArgs {
    /// A directory of extra rule packs (*.toml); a rule with a built-in id replaces it.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Language: auto, or an ISO 639-1 code served by a pack (ar, en, fr).
    #[arg(long, default_value = "auto")]
    lang: String,
    /// Turn site packs off (language and platform packs stay).
    #[arg(long)]
    no_site_rules: bool,
    /// Record removed text and the rule that removed it (`removed` field).
    #[arg(long)]
    explain: bool,
    /// Largest input in bytes (after decompression).
    #[arg(long, default_value_t = Limits::default().max_bytes, value_name = "BYTES")]
    max_bytes: u64,
    /// Most DOM nodes per page.
    #[arg(long, default_value_t = Limits::default().max_nodes, value_name = "N")]
    max_nodes: usize,
    /// Deepest DOM nesting looked into (deeper content is flattened).
    #[arg(long, default_value_t = Limits::default().max_depth, value_name = "N")]
    max_depth: usize,
    /// Time budget per document in milliseconds (0: none).
    #[arg(long, default_value_t = Limits::default().timeout_ms, value_name = "MS")]
    timeout_ms: u64,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

#[derive(Args, Debug)]
struct CleanArgs {
    /// Files, directories, WARC files (.warc, .warc.gz) or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output: a directory for directory inputs, a file otherwise (default: stdout).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: FormatArg,
    /// How to read inputs.
    #[arg(long, value_enum, default_value = "auto")]
    input: InputArg,
    /// Charset of the inputs when known from outside (overrides detection; a BOM still wins).
    #[arg(long)]
    charset: Option<String>,
    /// URL of a single input (decides site packs).
    #[arg(long)]
    url: Option<String>,
    /// When the inputs were fetched (YYYY-MM-DD or an ISO 8601 date-time): relative dates on
    /// the pages ("2 days ago") are read against it. A WARC record's own WARC-Date wins.
    #[arg(long, value_name = "DATE", value_parser = parse_fetched)]
    fetched: Option<String>,
    /// Skip inputs whose output already exists (outputs are written atomically).
    #[arg(long)]
    resume: bool,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    cleaner: CleanerArgs,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// A page (HTML or text, `.gz` allowed) or a directory of pages.
    path: PathBuf,
    /// The report file; for a directory, the folder for the reports and index.html.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// URL of the page (decides site packs).
    #[arg(long)]
    url: Option<String>,
    /// A directory of extra rule packs (*.toml).
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Turn site packs off.
    #[arg(long)]
    no_site_rules: bool,
    /// Language: auto, or an ISO 639-1 code served by a pack.
    #[arg(long, default_value = "auto")]
    lang: String,
    /// How to read inputs.
    #[arg(long, value_enum, default_value = "auto")]
    input: InputArg,
    /// Charset of the input when known from outside.
    #[arg(long)]
    charset: Option<String>,
    /// When the page was fetched (YYYY-MM-DD or an ISO 8601 date-time), for relative dates.
    #[arg(long, value_name = "DATE", value_parser = parse_fetched)]
    fetched: Option<String>,
}

/// A fetch date as `--fetched` takes it.
fn parse_fetched(s: &str) -> Result<String, String> {
    dechrome::meta::relative::Reference::parse(s)
        .map(|_| s.trim().to_string())
        .ok_or_else(|| format!("expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got {s:?}"))
}

#[derive(Args, Debug)]
struct JsonlArgs {
    /// Records in flight at once (memory bound).
    #[arg(long, default_value_t = 256)]
    window: usize,
    /// Megabytes of input lines in flight at once (memory bound for large records).
    #[arg(long, default_value_t = 32)]
    window_mb: usize,
    #[command(flatten)]
    cleaner: CleanerArgs,
}

impl CleanerArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_bytes: self.max_bytes,
            max_nodes: self.max_nodes,
            max_depth: self.max_depth.max(8),
            timeout_ms: self.timeout_ms,
        }
    }

    fn build(&self) -> Result<Cleaner, String> {
        let mut b = Cleaner::builder()
            .site_rules(!self.no_site_rules)
            .explain(self.explain)
            .limits(self.limits())
            .language((self.lang != "auto").then(|| self.lang.clone()));
        for d in &self.rules {
            b = b.rules_dir(d);
        }
        let cleaner = b.build().map_err(|e| format!("rule error: {e}"))?;
        if self.lang != "auto"
            && !cleaner
                .rules()
                .packs
                .iter()
                .any(|p| p.languages.contains(&self.lang))
        {
            return Err(format!(
                "no language pack serves --lang {}: use auto or one of {}",
                self.lang,
                cleaner
                    .rules()
                    .packs
                    .iter()
                    .flat_map(|p| p.languages.iter().cloned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Ok(cleaner)
    }

    fn pool(&self) -> Result<rayon::ThreadPool, String> {
        let n = self.threads.unwrap_or(0);
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| format!("cannot start {n} threads: {e}"))
    }
}

/// Runs the command line; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Clean(args) => clean::run(args),
        Command::Jsonl(args) => jsonl::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Rules { action } => rules_cmd::run(action),
    }
}
