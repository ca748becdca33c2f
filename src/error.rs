//! The one error type of the library.

use std::path::PathBuf;

/// Everything that can go wrong while building a [`crate::Cleaner`] or cleaning a document.
#[derive(Debug)]
pub enum Error {
    /// A rule file could not be parsed or compiled. `line`/`column` are 1-based when known.
    Rule {
        /// The file (or built-in pack name) that holds the rule.
        file: String,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// 1-based column of the problem, when known.
        column: Option<usize>,
        /// What is wrong and, where possible, what to do about it.
        message: String,
    },
    /// The input is larger than the configured byte budget.
    TooLarge {
        /// Size seen so far (bytes).
        size: u64,
        /// The limit that was exceeded (bytes).
        limit: u64,
    },
    /// The HTML document is deeper or larger than the configured DOM budget.
    DomLimit(String),
    /// The per-document time budget ran out.
    Timeout {
        /// The budget in milliseconds.
        budget_ms: u64,
    },
    /// The input is not something dechrome can read (e.g. a WARC record that is cut short).
    Input(String),
    /// An I/O error, with the path it happened on when there is one.
    Io {
        /// The path involved, if any.
        path: Option<PathBuf>,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: Some(path.into()),
            source,
        }
    }

    /// Short machine-readable status used by the streaming front ends (`jsonl`, WARC).
    pub fn status(&self) -> &'static str {
        match self {
            Error::TooLarge { .. } | Error::DomLimit(_) => "too_large",
            Error::Timeout { .. } => "timeout",
            _ => "error",
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Rule {
                file,
                line,
                column,
                message,
            } => {
                write!(f, "{file}")?;
                if let Some(l) = line {
                    write!(f, ":{l}")?;
                    if let Some(c) = column {
                        write!(f, ":{c}")?;
                    }
                }
                write!(f, ": {message}")
            }
            Error::TooLarge { size, limit } => write!(
                f,
                "input too large: {size} bytes exceeds the limit of {limit} bytes (raise it with --max-bytes)"
            ),
            Error::DomLimit(m) => write!(f, "document too large: {m}"),
            Error::Timeout { budget_ms } => write!(
                f,
                "time budget of {budget_ms} ms exceeded (raise it with --timeout-ms)"
            ),
            Error::Input(m) => write!(f, "{m}"),
            Error::Io { path, source } => match path {
                Some(p) => write!(f, "{}: {source}", p.display()),
                None => write!(f, "{source}"),
            },
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Result alias used across the crate.
pub type Result<T> = std::result::Result<T, Error>;
