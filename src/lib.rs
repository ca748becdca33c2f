//! dechrome strips site chrome (tickers, "read also" rails, comment forms, ad markers, share
//! rows, paywall notices…) from scraped pages and returns the clean article with its
//! metadata, driven by declarative rule packs (`rules/`) plus generic heuristics.
//!
//! One pipeline: bytes → [`html::decode`] → front end ([`text_input`] or [`html`]) →
//! [`Block`]s → [`engine`] (rules) → [`Article`] → [`output`].
//!
//! ```
//! let cleaner = dechrome::Cleaner::new().unwrap();
//! let article = cleaner.clean_text("Breaking News\n\nA title for the story\n\nThe body of the story is a long paragraph that readers came for, with enough words to be prose.\n\nRead also\nAnother headline elsewhere\n\nLeave a Reply");
//! assert_eq!(article.title.as_deref(), Some("A title for the story"));
//! assert_eq!(article.blocks.len(), 1);
//! ```

pub mod article;
pub mod block;
pub mod cleaner;
pub mod dates;
pub mod engine;
pub mod error;
pub mod explain;
pub mod html;
pub mod meta;
pub mod normalize;
pub mod output;
pub mod report;
pub mod rules;
pub mod text;
pub mod text_input;

pub use article::{Article, ArticleBlock, PageType, PageTypeWhy, Region, Removed};
pub use block::{Block, BlockKind};
pub use cleaner::{Cleaner, CleanerBuilder, CleanerOptions, Hints, InputKind, Limits};
pub use error::{Error, Result};
pub mod stream;
pub mod warc;
