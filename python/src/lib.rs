//! Python bindings of dechrome: `dechrome._dechrome`, wrapped by the `dechrome` package.
//!
//! No extraction logic lives here: every call goes to [`dechrome::Cleaner`]. The GIL is released
//! while Rust works, `clean_many` runs on Rust threads, a panic becomes `dechrome.InternalError`.

mod errors;
mod input;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use rayon::prelude::*;

use errors::{guarded, to_pyerr, Failure};
use input::{parse_input_kind, Doc};

/// Documents handed to the Rust threads at once by `clean_many` (bounds the memory held).
const CHUNK: usize = 1024;

/// What a cleaner was built from; kept so that it can be pickled (rebuilt in another process).
#[derive(Clone)]
struct Config {
    rules_dir: Option<PathBuf>,
    site_rules: bool,
    lang: Option<String>,
    explain: bool,
    limits: dechrome::Limits,
}

/// Cleans pages: built once (the rule packs are compiled then), safe to share across threads.
///
/// Cleaner(rules_dir=None, site_rules=True, lang=None, explain=False, max_bytes=None,
///         max_nodes=None, max_depth=None, timeout_ms=None)
///
/// rules_dir: a directory of extra rule packs (*.toml, recursive); a rule with a built-in id
/// replaces it. site_rules: use the per-site packs. lang: force a language ("ar", "en", "fr"…)
/// instead of detecting it ("auto" or None detects). explain: add `removed` (what each rule
/// removed) and `sources` (where each metadata value came from) to the output. The budgets
/// (None: the library default, see DEFAULT_LIMITS): max_bytes of input, max_nodes of DOM,
/// max_depth of nesting, timeout_ms per document (0: none). Raises RuleError for a bad pack.
#[pyclass(frozen, module = "dechrome._dechrome", name = "Cleaner")]
struct Cleaner {
    inner: dechrome::Cleaner,
    config: Config,
    pools: Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>,
}

impl Cleaner {
    fn pool(&self, threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
        let mut pools = self.pools.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = pools.get(&threads) {
            return Ok(p.clone());
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("dechrome-{i}"))
            .build()
            .map_err(|e| PyValueError::new_err(format!("cannot start {threads} threads: {e}")))?;
        let pool = Arc::new(pool);
        pools.insert(threads, pool.clone());
        Ok(pool)
    }

    fn run(&self, doc: &Doc<'_>) -> Result<dechrome::Article, Failure> {
        guarded(|| self.inner.clean_bytes(&doc.bytes, &doc.hints))
    }

    /// [`Cleaner::run`] and the article rendered in `format`.
    fn run_rendered(
        &self,
        doc: &Doc<'_>,
        format: dechrome::output::Format,
    ) -> Result<(dechrome::Article, String), Failure> {
        let a = self.run(doc)?;
        let s = guarded(|| Ok(dechrome::output::render(&a, format)))?;
        Ok((a, s))
    }
}

fn parse_format(name: &str) -> PyResult<dechrome::output::Format> {
    dechrome::output::Format::parse(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "format must be json, jsonl, text, markdown or html, not {name:?}"
        ))
    })
}

fn to_dict<'py>(py: Python<'py>, article: &dechrome::Article) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, article)?)
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (rules_dir=None, site_rules=true, lang=None, explain=false,
                        max_bytes=None, max_nodes=None, max_depth=None, timeout_ms=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        rules_dir: Option<PathBuf>,
        site_rules: bool,
        lang: Option<String>,
        explain: bool,
        max_bytes: Option<u64>,
        max_nodes: Option<usize>,
        max_depth: Option<usize>,
        timeout_ms: Option<u64>,
    ) -> PyResult<Self> {
        let d = dechrome::Limits::default();
        let limits = dechrome::Limits {
            max_bytes: max_bytes.unwrap_or(d.max_bytes),
            max_nodes: max_nodes.unwrap_or(d.max_nodes),
            max_depth: max_depth.unwrap_or(d.max_depth),
            timeout_ms: timeout_ms.unwrap_or(d.timeout_ms),
        };
        let lang = lang.filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case("auto"));
        let config = Config {
            rules_dir,
            site_rules,
            lang,
            explain,
            limits,
        };
        let c = config.clone();
        let built = py.detach(move || {
            guarded(|| {
                let mut b = dechrome::Cleaner::builder()
                    .site_rules(c.site_rules)
                    .language(c.lang.clone())
                    .explain(c.explain)
                    .limits(c.limits);
                if let Some(dir) = &c.rules_dir {
                    b = b.rules_dir(dir);
                }
                b.build()
            })
        });
        let inner = built.map_err(|f| to_pyerr(py, f))?;
        Ok(Cleaner {
            inner,
            config,
            pools: Mutex::new(HashMap::new()),
        })
    }

    /// clean(html, url=None, charset=None, content_type=None, input="auto", fetched=None) -> dict
    ///
    /// Cleans one page given as bytes (any encoding: BOM, `charset`, `content_type`, <meta>,
    /// detection) or str, and returns the article as a dict with the same fields and values as
    /// the CLI's JSON. `input` is "auto" (HTML when it looks like markup), "html" or "text".
    /// `fetched` (ISO 8601) is when the page was fetched: relative dates are read against it.
    /// Raises a dechrome.Error subclass naming the budget or the cause.
    #[pyo3(signature = (html, url=None, charset=None, content_type=None, input="auto", fetched=None))]
    #[allow(clippy::too_many_arguments)]
    fn clean<'py>(
        &self,
        py: Python<'py>,
        html: &Bound<'py, PyAny>,
        url: Option<String>,
        charset: Option<String>,
        content_type: Option<String>,
        input: &str,
        fetched: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kind = parse_input_kind(input)?;
        let doc = Doc::new(html, url, charset, content_type, kind, fetched)?;
        let article = py.detach(|| self.run(&doc)).map_err(|f| to_pyerr(py, f))?;
        to_dict(py, &article)
    }

    /// render(html, format="markdown", url=None, charset=None, content_type=None, input="auto", fetched=None) -> str
    ///
    /// Cleans one page and renders it like the CLI's `--format`: "json" (pretty), "jsonl" (one
    /// line), "text" (the body), "markdown" (title, byline, body) or "html" (sanitized).
    #[pyo3(signature = (html, format="markdown", url=None, charset=None, content_type=None, input="auto", fetched=None))]
    #[allow(clippy::too_many_arguments)]
    fn render(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        format: &str,
        url: Option<String>,
        charset: Option<String>,
        content_type: Option<String>,
        input: &str,
        fetched: Option<String>,
    ) -> PyResult<String> {
        let format = parse_format(format)?;
        let kind = parse_input_kind(input)?;
        let doc = Doc::new(html, url, charset, content_type, kind, fetched)?;
        py.detach(|| self.run_rendered(&doc, format).map(|(_, s)| s))
            .map_err(|f| to_pyerr(py, f))
    }

    /// clean_and_render(html, format="markdown", url=None, charset=None, content_type=None, input="auto", fetched=None) -> (dict, str)
    ///
    /// Both clean() and render() from one cleaning: the article dict and its rendering.
    #[pyo3(signature = (html, format="markdown", url=None, charset=None, content_type=None, input="auto", fetched=None))]
    #[allow(clippy::too_many_arguments)]
    fn clean_and_render<'py>(
        &self,
        py: Python<'py>,
        html: &Bound<'py, PyAny>,
        format: &str,
        url: Option<String>,
        charset: Option<String>,
        content_type: Option<String>,
        input: &str,
        fetched: Option<String>,
    ) -> PyResult<(Bound<'py, PyAny>, String)> {
        let format = parse_format(format)?;
        let kind = parse_input_kind(input)?;
        let doc = Doc::new(html, url, charset, content_type, kind, fetched)?;
        let (a, s) = py
            .detach(|| self.run_rendered(&doc, format))
            .map_err(|f| to_pyerr(py, f))?;
        Ok((to_dict(py, &a)?, s))
    }

    /// clean_text(text, url=None) -> dict
    ///
    /// Cleans plain text that an earlier scraper extracted with the chrome still in it (one
    /// block per line). `url` decides the site packs.
    #[pyo3(signature = (text, url=None))]
    fn clean_text<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        url: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = input::text_of(text)?;
        let article = py
            .detach(|| guarded(|| Ok(self.inner.clean_text_with(&text, url.as_deref()))))
            .map_err(|f| to_pyerr(py, f))?;
        to_dict(py, &article)
    }

    /// clean_many(docs, threads=None, input="auto", errors="raise") -> list
    ///
    /// Cleans many pages on Rust threads (the GIL is released while they work) and returns the
    /// dicts in input order. Each item is bytes, str, or a (document, url) tuple. threads: how
    /// many threads (None: one per core). errors="raise" raises the first failure (in input
    /// order); errors="return" puts the exception object in the failed document's place.
    #[pyo3(signature = (docs, threads=None, input="auto", errors="raise"))]
    fn clean_many<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        threads: Option<usize>,
        input: &str,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let kind = parse_input_kind(input)?;
        let raise = match errors {
            "raise" => true,
            "return" => false,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors must be \"raise\" or \"return\", not {other:?}"
                )))
            }
        };
        let pool = match threads {
            Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
            Some(1) => None,
            Some(n) => Some(self.pool(n)?),
            None => match std::thread::available_parallelism().map_or(1, |n| n.get()) {
                1 => None,
                n => Some(self.pool(n)?),
            },
        };
        let out = PyList::empty(py);
        let mut iter = docs.try_iter()?;
        loop {
            let mut items: Vec<Bound<'py, PyAny>> = Vec::with_capacity(CHUNK);
            for item in iter.by_ref().take(CHUNK) {
                items.push(item?);
            }
            if items.is_empty() {
                break;
            }
            let batch = items
                .iter()
                .map(|item| Doc::from_item(item, kind))
                .collect::<PyResult<Vec<Doc<'_>>>>()?;
            let results: Vec<Result<dechrome::Article, Failure>> = py.detach(|| match &pool {
                None => batch.iter().map(|d| self.run(d)).collect(),
                Some(pool) => pool.install(|| batch.par_iter().map(|d| self.run(d)).collect()),
            });
            for r in results {
                match r {
                    Ok(a) => out.append(to_dict(py, &a)?)?,
                    Err(f) if raise => return Err(to_pyerr(py, f)),
                    Err(f) => out.append(to_pyerr(py, f).into_value(py))?,
                }
            }
        }
        Ok(out)
    }

    /// The hash of the compiled rule set (the `rules_hash` field of every output).
    #[getter]
    fn rules_hash(&self) -> String {
        self.inner.rules().hash.clone()
    }

    /// The options the cleaner was built with, as a dict.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let c = &self.config;
        d.set_item(
            "rules_dir",
            c.rules_dir.as_ref().map(|p| p.display().to_string()),
        )?;
        d.set_item("site_rules", c.site_rules)?;
        d.set_item("lang", c.lang.clone())?;
        d.set_item("explain", c.explain)?;
        d.set_item("max_bytes", c.limits.max_bytes)?;
        d.set_item("max_nodes", c.limits.max_nodes)?;
        d.set_item("max_depth", c.limits.max_depth)?;
        d.set_item("timeout_ms", c.limits.timeout_ms)?;
        Ok(d)
    }

    /// Pickling rebuilds the cleaner from its options (multiprocessing, datatrove workers).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let c = &slf.get().config;
        let args = (
            c.rules_dir.as_ref().map(|p| p.display().to_string()),
            c.site_rules,
            c.lang.clone(),
            c.explain,
            c.limits.max_bytes,
            c.limits.max_nodes,
            c.limits.max_depth,
            c.limits.timeout_ms,
        );
        (slf.get_type(), args).into_pyobject(py)
    }

    fn __repr__(&self) -> String {
        let c = &self.config;
        format!(
            "Cleaner(rules_dir={}, site_rules={}, lang={}, explain={})",
            c.rules_dir.as_ref().map_or("None".to_string(), |p| format!(
                "{:?}",
                p.display().to_string()
            )),
            if c.site_rules { "True" } else { "False" },
            c.lang
                .as_ref()
                .map_or("None".to_string(), |l| format!("{l:?}")),
            if c.explain { "True" } else { "False" },
        )
    }
}

/// Panics inside the guard, as a bug in the library would: the tests check that it becomes
/// `dechrome.InternalError` and that the interpreter lives on.
#[pyfunction]
fn _test_panic(py: Python<'_>) -> PyResult<()> {
    py.detach(|| guarded(|| -> Result<(), dechrome::Error> { panic!("test panic") }))
        .map_err(|f| to_pyerr(py, f))
}

/// The compiled core of the `dechrome` package; import `dechrome` instead.
#[pymodule]
fn _dechrome(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Cleaner>()?;
    m.add_function(wrap_pyfunction!(_test_panic, m)?)?;
    errors::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let d = dechrome::Limits::default();
    let limits = PyDict::new(m.py());
    limits.set_item("max_bytes", d.max_bytes)?;
    limits.set_item("max_nodes", d.max_nodes)?;
    limits.set_item("max_depth", d.max_depth)?;
    limits.set_item("timeout_ms", d.timeout_ms)?;
    m.add("DEFAULT_LIMITS", limits)?;
    Ok(())
}
