//! Python exceptions: `dechrome.Error` and one subclass per cause of `dechrome::Error`, plus
//! `InternalError` for a Rust panic caught before it reaches the interpreter.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    dechrome,
    Error,
    PyException,
    "Base class of every dechrome error. `status` is the short status the CLI's `jsonl` \
     mode reports for it: `too_large`, `timeout` or `error`."
);
create_exception!(
    dechrome,
    RuleError,
    Error,
    "A rule pack could not be parsed or compiled (`file`, `line`, `column`)."
);
create_exception!(
    dechrome,
    TooLarge,
    Error,
    "The input is over a size budget: bytes (`size`, `limit`), or, in the subclasses, DOM nodes or depth."
);
create_exception!(
    dechrome,
    DomLimit,
    TooLarge,
    "The HTML document is over the DOM budget (`max_nodes` or `max_depth`)."
);
create_exception!(
    dechrome,
    TooManyNodes,
    DomLimit,
    "The HTML document has more DOM nodes than `max_nodes`."
);
create_exception!(
    dechrome,
    TooDeep,
    DomLimit,
    "The HTML document nests elements deeper than the parse budget derived from `max_depth`."
);
create_exception!(
    dechrome,
    Timeout,
    Error,
    "The per-document time budget (`budget_ms`, the `timeout_ms` option) ran out."
);
create_exception!(
    dechrome,
    InputError,
    Error,
    "The input is not something dechrome can read."
);
create_exception!(
    dechrome,
    IoError,
    Error,
    "An I/O error (reading a rules directory), with `path` when known."
);
create_exception!(
    dechrome,
    InternalError,
    Error,
    "A bug: dechrome panicked on this input. The panic was caught; the cleaner is still usable."
);

/// Why one document could not be cleaned.
#[derive(Debug)]
pub enum Failure {
    /// The library's typed error.
    Clean(dechrome::Error),
    /// A caught panic, with its message.
    Panic(String),
}

impl From<dechrome::Error> for Failure {
    fn from(e: dechrome::Error) -> Self {
        Failure::Clean(e)
    }
}

/// The message of a caught panic payload.
pub fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

/// Runs `f`, turning a panic into a [`Failure::Panic`].
pub fn guarded<T>(f: impl FnOnce() -> Result<T, dechrome::Error>) -> Result<T, Failure> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(Failure::Clean),
        Err(p) => Err(Failure::Panic(panic_message(p))),
    }
}

fn set(err: &PyErr, py: Python<'_>, name: &str, value: impl for<'p> IntoPyObject<'p>) {
    // Setting an attribute on a fresh exception instance cannot fail in practice; if it
    // did, the exception still carries its message.
    let _ = err.value(py).setattr(name, value);
}

/// The Python exception for a failure, with its fields as attributes.
pub fn to_pyerr(py: Python<'_>, failure: Failure) -> PyErr {
    let (err, status) = match failure {
        Failure::Panic(msg) => (
            InternalError::new_err(format!("internal error (dechrome panicked): {msg}")),
            "error",
        ),
        Failure::Clean(e) => {
            let msg = e.to_string();
            let status = e.status();
            let err = match &e {
                dechrome::Error::Rule {
                    file, line, column, ..
                } => {
                    let err = RuleError::new_err(msg);
                    set(&err, py, "file", file.clone());
                    set(&err, py, "line", *line);
                    set(&err, py, "column", *column);
                    err
                }
                dechrome::Error::TooLarge { size, limit } => {
                    let err = TooLarge::new_err(msg);
                    set(&err, py, "size", *size);
                    set(&err, py, "limit", *limit);
                    err
                }
                dechrome::Error::DomLimit(m) => {
                    if m.contains("DOM nodes") {
                        TooManyNodes::new_err(msg)
                    } else if m.contains("nested") {
                        TooDeep::new_err(msg)
                    } else {
                        DomLimit::new_err(msg)
                    }
                }
                dechrome::Error::Timeout { budget_ms } => {
                    let err = Timeout::new_err(msg);
                    set(&err, py, "budget_ms", *budget_ms);
                    err
                }
                dechrome::Error::Input(_) => InputError::new_err(msg),
                dechrome::Error::Io { path, .. } => {
                    let err = IoError::new_err(msg);
                    set(
                        &err,
                        py,
                        "path",
                        path.as_ref().map(|p| p.display().to_string()),
                    );
                    err
                }
            };
            (err, status)
        }
    };
    set(&err, py, "status", status);
    err
}

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("RuleError", py.get_type::<RuleError>())?;
    m.add("TooLarge", py.get_type::<TooLarge>())?;
    m.add("DomLimit", py.get_type::<DomLimit>())?;
    m.add("TooManyNodes", py.get_type::<TooManyNodes>())?;
    m.add("TooDeep", py.get_type::<TooDeep>())?;
    m.add("Timeout", py.get_type::<Timeout>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("IoError", py.get_type::<IoError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}
