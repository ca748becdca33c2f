//! Language detection from the language packs' own data: the script of the text first, then
//! the packs' stop words (counted on the matching key) and their distinctive letters (counted
//! on the text). Built once with the rule set; detecting a page allocates nothing.

use super::compile::Pack;
use super::schema::Scope;
use super::words::WordTable;
use crate::block::Block;
use crate::normalize;

/// The scripts a language pack may declare.
pub const SCRIPTS: &[&str] = &["latin", "arabic", "cyrillic"];

/// At most this many language packs take part in detection (one bit each).
const MAX_LANGS: usize = 64;
/// Distinctive letters are looked up in a table of this many code points (Latin, Cyrillic and
/// Arabic all sit below it).
const LETTER_TABLE: usize = 0x800;
/// Bytes of text read to decide the script and count letters.
const SCRIPT_SAMPLE_BYTES: usize = 20_000;
/// Words of the key read to count stop words.
pub const MAX_WORDS: usize = 3_000;
/// A language needs this score to be detected.
const MIN_SCORE: u32 = 3;
/// Sample of [`LangIndex::overrule`]: bytes of text and words of the key.
const OVERRULE_SAMPLE_BYTES: usize = 6_000;
const OVERRULE_WORDS: usize = 600;
/// The score another language needs to overrule the declared one.
const OVERRULE_MIN_SCORE: u32 = 20;

/// The language packs' detection data in one place.
#[derive(Debug, Default)]
pub struct LangIndex {
    /// Per detected language (bit `i` of the masks): its code and its script's index in
    /// [`SCRIPTS`].
    langs: Vec<(String, usize)>,
    /// Stop word key → the languages that list it.
    words: WordTable,
    /// Per detected language, the index of its pack in the rule set's packs.
    packs: Vec<usize>,
    /// Per code point below [`LETTER_TABLE`]: 1 + its index in `letter_masks`, or 0.
    letter_slot: Vec<u8>,
    /// The languages a distinctive letter counts for.
    letter_masks: Vec<u64>,
}

/// Per byte, its eight bits spread to the low bit of eight bytes (bit `k` to byte `k`).
static SPREAD: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut k = 0;
        while k < 8 {
            if i >> k & 1 == 1 {
                t[i] |= 1 << (8 * k);
            }
            k += 1;
        }
        i += 1;
    }
    t
};

/// How many bytes of `bytes` are ASCII letters, counted many bytes at a time.
fn ascii_letters(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| {
            let n = c.iter().fold(0u8, |n, &b| {
                n + u8::from((b | 0x20).wrapping_sub(b'a') < 26)
            });
            usize::from(n)
        })
        .sum()
}

fn script_of(c: char) -> Option<usize> {
    if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
        Some(0)
    } else if normalize::is_arabic_letter(c) {
        Some(1)
    } else if ('\u{0400}'..='\u{04FF}').contains(&c) {
        Some(2)
    } else {
        None
    }
}

impl LangIndex {
    /// Collects the stop words and letters of the language packs (the first [`MAX_LANGS`]
    /// with a script and a language).
    pub fn build(packs: &[Pack]) -> Self {
        let mut idx = LangIndex {
            letter_slot: vec![0; LETTER_TABLE],
            ..LangIndex::default()
        };
        let mut words: Vec<(&str, u64)> = Vec::new();
        for (pack, p) in packs
            .iter()
            .enumerate()
            .filter(|(_, p)| p.scope == Scope::Language)
        {
            let (Some(lang), Some(script)) = (
                p.languages.first(),
                p.script
                    .as_deref()
                    .and_then(|s| SCRIPTS.iter().position(|x| *x == s)),
            ) else {
                continue;
            };
            if idx.langs.len() == MAX_LANGS {
                break;
            }
            let bit = 1u64 << idx.langs.len();
            idx.langs.push((lang.clone(), script));
            idx.packs.push(pack);
            words.extend(p.stopwords.iter().map(|w| (w.as_str(), bit)));
            for &c in &p.letters {
                let Some(cp) = usize::try_from(u32::from(c))
                    .ok()
                    .filter(|&cp| cp < LETTER_TABLE)
                else {
                    continue;
                };
                let slot = &mut idx.letter_slot[cp];
                if *slot == 0 {
                    if idx.letter_masks.len() >= usize::from(u8::MAX) {
                        continue;
                    }
                    idx.letter_masks.push(0);
                    *slot = idx.letter_masks.len() as u8;
                }
                idx.letter_masks[usize::from(*slot) - 1] |= bit;
            }
        }
        idx.words = WordTable::new(words);
        idx
    }

    /// The language of `blocks`: the script with most letters, then the language of that
    /// script with the best score: its stop words, plus its distinctive letters up to the stop
    /// words' count + 2 (a Turkish sentence has few stop words but many `ı ş ğ`; letters alone
    /// do not make a language). A score of [`MIN_SCORE`] is needed. A script served by packs
    /// but where no language scores falls back to its first pack (`ar` for Arabic script),
    /// except Latin, which is shared by too many languages without a pack.
    pub fn detect(&self, blocks: &[Block]) -> Option<String> {
        self.detect_in(blocks.iter().map(|b| (b.text.as_str(), b.key.as_str())))
    }

    /// [`LangIndex::detect`] over the text and matching key of each line.
    pub fn detect_in<'t>(
        &self,
        lines: impl Iterator<Item = (&'t str, &'t str)> + Clone,
    ) -> Option<String> {
        self.detect_with(lines, None)
    }

    /// [`LangIndex::detect_in`] given the [`LangIndex::push_masks`] of the words of the
    /// lines' keys, in order: all of them, or at least the first [`MAX_WORDS`].
    pub fn detect_masked<'t>(
        &self,
        lines: impl Iterator<Item = (&'t str, &'t str)> + Clone,
        masks: &[u64],
    ) -> Option<String> {
        self.detect_with(lines, Some(masks))
    }

    /// Appends the mask of each word of `key`: the languages (bits) that list it as a stop
    /// word.
    pub fn push_masks(&self, key: &str, out: &mut Vec<u64>) {
        self.push_masks_of(key, key.is_ascii(), out);
    }

    /// [`LangIndex::push_masks`] of a key whose caller knows whether it is ASCII (`ascii`).
    pub fn push_masks_of(&self, key: &str, ascii: bool, out: &mut Vec<u64>) {
        self.words.each_mask_of(key, ascii, |m| {
            out.push(m);
            true
        });
    }

    /// The bit of pack `pack` (an index into the rule set's packs) in the masks, when the
    /// pack takes part in detection: a word's mask holds it when the pack lists the word.
    pub fn bit_of_pack(&self, pack: usize) -> Option<u64> {
        let i = self.packs.iter().position(|&p| p == pack)?;
        Some(1 << i)
    }

    fn detect_with<'t>(
        &self,
        lines: impl Iterator<Item = (&'t str, &'t str)> + Clone,
        masks: Option<&[u64]>,
    ) -> Option<String> {
        let s = self.scores(lines, SCRIPT_SAMPLE_BYTES, MAX_WORDS, masks)?;
        if s.candidates.count_ones() == 1 && s.script != 0 {
            return Some(self.langs[s.candidates.trailing_zeros() as usize].0.clone());
        }
        match s.best() {
            Some((score, i)) if score >= MIN_SCORE && (s.script != 0 || s.stop[i] > 0) => {
                Some(self.langs[i].0.clone())
            }
            _ if s.script != 0 => {
                Some(self.langs[s.candidates.trailing_zeros() as usize].0.clone())
            }
            _ => None,
        }
    }

    /// Another language than the page's `declared` one, when the text is clearly in it (an
    /// English article on a site that declares `de` on every page): the declared language
    /// scores under a third of the best, which has at least [`OVERRULE_MIN_SCORE`]. Reads a
    /// smaller sample than [`LangIndex::detect`]: it runs on every page that declares a
    /// language.
    pub fn overrule(&self, blocks: &[Block], declared: &str) -> Option<String> {
        let lines = blocks.iter().map(|b| (b.text.as_str(), b.key.as_str()));
        let s = self.scores(lines, OVERRULE_SAMPLE_BYTES, OVERRULE_WORDS, None)?;
        let (best, i) = s.best()?;
        let own = self
            .langs
            .iter()
            .position(|(l, _)| l == declared)
            .map_or(0, |d| {
                if s.candidates & (1 << d) != 0 {
                    s.score[d]
                } else {
                    0
                }
            });
        (best >= OVERRULE_MIN_SCORE && own * 3 < best && self.langs[i].0 != declared)
            .then(|| self.langs[i].0.clone())
    }

    /// The script of the sample and the score of each language of that script, over the
    /// text and key of each line (the masks of the keys' words when they are known).
    fn scores<'t>(
        &self,
        lines: impl Iterator<Item = (&'t str, &'t str)> + Clone,
        max_bytes: usize,
        max_words: usize,
        masks: Option<&[u64]>,
    ) -> Option<Scores> {
        if self.langs.is_empty() {
            return None;
        }
        let mut script_chars = [0usize; 3];
        let mut letters = [0u32; MAX_LANGS];
        let mut sample = 0usize;
        for (text, _) in lines.clone() {
            let bytes = text.as_bytes();
            if text.is_ascii() {
                script_chars[0] += ascii_letters(bytes);
                sample += bytes.len();
                if sample > max_bytes {
                    break;
                }
                continue;
            }
            let mut rest = text;
            while !rest.is_empty() {
                let end = crate::normalize::ascii_end(rest.as_bytes(), 0);
                if end > 0 {
                    script_chars[0] +=
                        ascii_letters(rest.as_bytes().get(..end).unwrap_or_default());
                    rest = rest.get(end..).unwrap_or_default();
                    continue;
                }
                let mut chars = rest.chars();
                let Some(c) = chars.next() else {
                    break;
                };
                rest = chars.as_str();
                let cp = u32::from(c) as usize;
                if cp < LETTER_TABLE {
                    let slot = self.letter_slot[cp];
                    if slot != 0 {
                        let mut m = self.letter_masks[usize::from(slot) - 1];
                        while m != 0 {
                            letters[m.trailing_zeros() as usize] += 1;
                            m &= m - 1;
                        }
                    }
                }
                if let Some(s) = script_of(c) {
                    script_chars[s] += 1;
                }
            }
            sample += text.len();
            if sample > max_bytes {
                break;
            }
        }
        let [latin, arabic, cyrillic] = script_chars;
        let script = if arabic > 0 && arabic * 2 >= latin + cyrillic {
            1
        } else if cyrillic > latin {
            2
        } else if latin > 0 {
            0
        } else {
            return None;
        };
        let mut candidates = 0u64;
        for (i, (_, s)) in self.langs.iter().enumerate() {
            if *s == script {
                candidates |= 1 << i;
            }
        }
        if candidates == 0 {
            return None;
        }
        let mut stop = [0u32; MAX_LANGS];
        // A stop word counts for each candidate language that lists it.
        let mut tally = |m: u64| {
            let mut m = m & candidates;
            while m != 0 {
                stop[m.trailing_zeros() as usize] += 1;
                m &= m - 1;
            }
        };
        if let Some(masks) = masks {
            // Eight languages at a time: each mask's byte of their bits is spread to one byte
            // per language, and the bytes are summed (a loop without a branch per word).
            let masks = masks.get(..max_words).unwrap_or(masks);
            for g in 0..MAX_LANGS / 8 {
                if (candidates >> (8 * g)) & 0xFF == 0 {
                    continue;
                }
                for chunk in masks.chunks(255) {
                    let sums = chunk.iter().fold(0u64, |acc, &m| {
                        acc + SPREAD[((m >> (8 * g)) & 0xFF) as usize]
                    });
                    for (k, n) in stop[8 * g..8 * g + 8].iter_mut().enumerate() {
                        *n += ((sums >> (8 * k)) & 0xFF) as u32;
                    }
                }
            }
            for (i, n) in stop.iter_mut().enumerate() {
                if candidates & (1 << i) == 0 {
                    *n = 0;
                }
            }
        } else {
            let mut words = 0usize;
            for (_, key) in lines {
                self.words.each_mask(key, |m| {
                    words += 1;
                    tally(m);
                    words < max_words
                });
                if words >= max_words {
                    break;
                }
            }
        }
        let mut score = [0u32; MAX_LANGS];
        for i in 0..self.langs.len() {
            score[i] = stop[i] + letters[i].min(stop[i] + 2);
        }
        Some(Scores {
            script,
            candidates,
            stop,
            score,
        })
    }
}

/// The words of a matching key: runs of letters, digits and apostrophes, none empty. The
/// reference that the readers of [`super::words`] (eight bytes at a time) are tested against.
#[cfg(test)]
pub(crate) fn key_words(key: &str) -> KeyWords<'_> {
    KeyWords {
        rest: key,
        ascii: key.is_ascii(),
    }
}

/// Iterator of [`key_words`]; ASCII is read byte by byte.
#[cfg(test)]
pub(crate) struct KeyWords<'a> {
    rest: &'a str,
    /// The whole key is ASCII: no character needs decoding.
    ascii: bool,
}

/// ASCII bytes that belong to a word of the key: letters, digits, the apostrophe (false for
/// every byte outside ASCII, so that any byte indexes the table).
#[cfg(test)]
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'\'';
        i += 1;
    }
    t
};

/// Byte length of the run at the start of `s` whose characters are word characters
/// (`word`) or separators (`!word`).
#[cfg(test)]
#[inline(always)]
fn run_len(s: &str, word: bool) -> usize {
    for (at, c) in s.char_indices() {
        let w = if c.is_ascii() {
            ASCII_WORD[c as usize]
        } else {
            normalize::is_alphanumeric(c)
        };
        if w != word {
            return at;
        }
    }
    s.len()
}

#[cfg(test)]
impl<'a> Iterator for KeyWords<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        if self.ascii {
            let bytes = self.rest.as_bytes();
            let Some(a) = bytes.iter().position(|&b| ASCII_WORD[usize::from(b)]) else {
                self.rest = "";
                return None;
            };
            let len = bytes[a..]
                .iter()
                .position(|&b| !ASCII_WORD[usize::from(b)])
                .unwrap_or(bytes.len() - a);
            let (w, rest) = self.rest[a..].split_at(len);
            self.rest = rest;
            return Some(w);
        }
        let rest = &self.rest[run_len(self.rest, false)..];
        if rest.is_empty() {
            self.rest = rest;
            return None;
        }
        let (w, rest) = rest.split_at(run_len(rest, true));
        self.rest = rest;
        Some(w)
    }
}

/// Per-language counts of one sample.
struct Scores {
    /// Index of the sample's script in [`SCRIPTS`].
    script: usize,
    /// The languages written in that script.
    candidates: u64,
    /// Stop words found.
    stop: [u32; MAX_LANGS],
    /// Stop words plus capped letters.
    score: [u32; MAX_LANGS],
}

impl Scores {
    /// The best candidate and its score (the first pack wins a tie).
    fn best(&self) -> Option<(u32, usize)> {
        let mut best: Option<(u32, usize)> = None;
        for i in 0..MAX_LANGS {
            if self.candidates & (1 << i) != 0 && best.is_none_or(|(b, _)| self.score[i] > b) {
                best = Some((self.score[i], i));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use crate::block::{Block, BlockKind};
    use crate::rules::{builtin_sources, RuleSet};

    fn detect(rules: &RuleSet, text: &str) -> Option<String> {
        let blocks: Vec<Block> = text
            .split("\n\n")
            .enumerate()
            .map(|(i, t)| Block::new(t.trim().to_string(), BlockKind::Paragraph, i))
            .collect();
        rules.languages.detect(&blocks)
    }

    /// Short news paragraphs, two per language, in languages that share a script.
    const SAMPLES: &[(&str, &str)] = &[
        ("en", "The city council approved the new budget on Tuesday after a long debate about schools, roads and the future of public transport in the region."),
        ("en", "Officials said the storm had damaged two piers, and they warned that repairs would not be finished before the end of the week."),
        ("de", "Der Bundestag hat am Freitag nach monatelangem Streit das neue Heizungsgesetz beschlossen, das den Umstieg auf erneuerbare Energien beschleunigen soll."),
        ("de", "Die Opposition kritisierte das Verfahren scharf und kündigte an, vor das Verfassungsgericht zu ziehen, weil die Abgeordneten zu wenig Zeit hatten."),
        ("nl", "Het kabinet trekt de komende vier jaar twee miljard euro extra uit voor de bouw van betaalbare woningen, zo heeft de minister dinsdag bekendgemaakt."),
        ("nl", "Volgens de oppositie is het bedrag veel te laag om het tekort op te lossen, maar de minister zegt dat er geen geld meer beschikbaar is."),
        ("fr", "Le texte a été adopté mardi soir après des semaines de débats tendus à l'Assemblée nationale, dans un climat de forte contestation sociale."),
        ("fr", "Les députés de l'opposition ont annoncé qu'ils saisiraient le Conseil constitutionnel dans les prochains jours pour contester la procédure."),
        ("es", "El Consejo de Ministros aprobó este martes la nueva ley de vivienda, que limita las subidas del alquiler y obliga a los grandes propietarios a ofrecer contratos más largos."),
        ("es", "La oposición criticó que el texto se haya tramitado con prisas y anunció que lo recurrirá ante el Tribunal Constitucional en las próximas semanas."),
        ("pt", "O governo anunciou nesta terça-feira um novo programa de habitação que pretende construir cem mil casas nos próximos quatro anos, com prioridade para famílias de baixa renda."),
        ("pt", "A oposição criticou o valor do investimento e disse que o programa chega tarde demais para as famílias que já não conseguem pagar o aluguel."),
        ("it", "Il Consiglio dei ministri ha approvato martedì il nuovo piano per la casa, che prevede la costruzione di centomila alloggi popolari nei prossimi cinque anni."),
        ("it", "L'opposizione ha criticato le coperture finanziarie del piano e ha annunciato che presenterà numerosi emendamenti durante l'esame in Parlamento."),
        ("pl", "Rada Ministrów przyjęła we wtorek nowy program budowy mieszkań, który zakłada powstanie stu tysięcy tanich lokali na wynajem w ciągu najbliższych pięciu lat."),
        ("pl", "Opozycja skrytykowała sposób finansowania programu i zapowiedziała, że złoży poprawki podczas prac w Sejmie w przyszłym miesiącu."),
        ("tr", "Türkiye Büyük Millet Meclisi, uzun süren tartışmaların ardından kiraları sınırlayan ve yeni konut projelerini destekleyen yasa teklifini salı akşamı kabul etti."),
        ("tr", "Muhalefet partileri yasanın aceleye getirildiğini söyledi ve düzenlemeyi Anayasa Mahkemesi'ne taşıyacaklarını açıkladı."),
        ("ru", "Государственная дума приняла во вторник закон о программе доступного жилья, который предусматривает строительство ста тысяч квартир в ближайшие пять лет."),
        ("ar", "وافق مجلس النواب يوم الثلاثاء على مشروع قانون جديد للإسكان ينص على بناء مئة ألف وحدة سكنية للأسر ذات الدخل المحدود خلال السنوات الخمس المقبلة."),
        ("ar", "وقالت المعارضة إن مصادر تمويل المشروع غير واضحة، وإن تنفيذه لن يكون ممكنا من دون تعاون البنوك مع الحكومة في هذا الملف."),
        ("fa", "نمایندگان مجلس روز سه‌شنبه طرحی را تصویب کردند که بر اساس آن دولت باید در پنج سال آینده صد هزار واحد مسکونی ارزان بسازد."),
        ("fa", "منتقدان می‌گویند منابع مالی این طرح روشن نیست و اجرای آن بدون همکاری بانک‌ها ممکن نخواهد بود."),
        ("ur", "قومی اسمبلی نے منگل کے روز ایک بل منظور کیا ہے جس کے تحت حکومت اگلے پانچ سال میں کم آمدنی والے خاندانوں کے لیے ایک لاکھ سستے گھر تعمیر کرے گی۔"),
        ("ur", "حزب اختلاف نے منصوبے کی مالی معاونت پر سوال اٹھائے ہیں اور کہا ہے کہ بینکوں کے تعاون کے بغیر اس پر عمل درآمد ممکن نہیں ہو گا۔"),
    ];

    #[test]
    fn one_paragraph_is_enough_to_tell_languages_of_a_script_apart() {
        let rules = RuleSet::compile(builtin_sources()).expect("embedded packs");
        let mut wrong = Vec::new();
        for (want, text) in SAMPLES {
            let got = detect(&rules, text);
            if got.as_deref() != Some(*want) {
                wrong.push(format!("{want}: got {got:?} for {text:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn ascii_letters_are_counted_like_one_by_one() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1500).collect();
        for n in [0, 1, 200, 255, 256, 1500] {
            let want = bytes[..n]
                .iter()
                .filter(|b| b.is_ascii_alphabetic())
                .count();
            assert_eq!(super::ascii_letters(&bytes[..n]), want);
        }
    }

    #[test]
    fn text_without_letters_or_stop_words_has_no_language() {
        let rules = RuleSet::compile(builtin_sources()).expect("embedded packs");
        assert_eq!(detect(&rules, "12:30 — 45 %"), None);
        assert_eq!(detect(&rules, "Zxq vbnm qwrt plkj"), None);
        // Arabic script with no stop word falls back to the first Arabic-script pack.
        assert_eq!(detect(&rules, "عنوان"), Some("ar".into()));
    }

    #[test]
    fn a_clearly_different_text_overrules_the_declared_language() {
        let rules = RuleSet::compile(builtin_sources()).expect("embedded packs");
        let blocks = |text: &str| -> Vec<Block> {
            text.split("\n\n")
                .enumerate()
                .map(|(i, t)| Block::new(t.trim().to_string(), BlockKind::Paragraph, i))
                .collect()
        };
        let english = blocks(&format!(
            "{}\n\n{}\n\n{}",
            SAMPLES[0].1, SAMPLES[1].1, SAMPLES[0].1
        ));
        assert_eq!(rules.languages.overrule(&english, "de"), Some("en".into()));
        assert_eq!(rules.languages.overrule(&english, "en"), None);
        // A short text is not enough to overrule a declaration.
        assert_eq!(rules.languages.overrule(&blocks(SAMPLES[1].1), "de"), None);
        // Neither is a neighbour that scores close to the declared language.
        let spanish = blocks(&format!(
            "{}\n\n{}\n\n{}",
            SAMPLES[8].1, SAMPLES[9].1, SAMPLES[8].1
        ));
        assert_eq!(rules.languages.overrule(&spanish, "es"), None);
        assert_eq!(rules.languages.overrule(&spanish, "pt"), None);
    }

    #[test]
    fn letters_alone_do_not_make_a_latin_language() {
        let rules = RuleSet::compile(builtin_sources()).expect("embedded packs");
        // Polish letters in names, English words around them.
        let text = "Łódź and Gdańsk were named by the report, which said the two cities have been growing fast and that their ports would need new investment.";
        assert_eq!(detect(&rules, text), Some("en".into()));
        assert_eq!(
            detect(&rules, "Łódź Gdańsk Kraków Częstochowa Świnoujście"),
            None
        );
    }
}
