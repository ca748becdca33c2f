//! Plain-text front end: text that an earlier scraper extracted, one block per line.

use crate::block::{Block, BlockKind};
use crate::normalize;

/// Splits text into line blocks. Empty lines separate nothing but are recorded as
/// `blank_before`; a line glued from many headlines keeps its segment count.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut blank = false;
    for raw in text.split('\n') {
        let tidy = normalize::tidy(raw);
        if tidy.is_empty() {
            blank = true;
            continue;
        }
        let mut b = Block::new(tidy, BlockKind::Paragraph, out.len());
        // Without a run of three spaces (or a tab, or other spaces) a line is one segment.
        let plain = raw.is_ascii() && !raw.contains('\t') && !raw.contains("   ");
        b.features.segments = if plain {
            1
        } else {
            normalize::segment_count(raw)
        };
        b.features.blank_before = blank;
        blank = false;
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks_with_features() {
        let b = blocks(
            "\u{feff}Title here\n\nFirst   para.\nA\u{a0}\u{a0}\u{a0}B\u{a0}\u{a0}\u{a0}C\n",
        );
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].text, "Title here");
        assert!(b[1].features.blank_before);
        assert_eq!(b[1].text, "First para.");
        assert_eq!(b[2].features.segments, 3);
    }
}
