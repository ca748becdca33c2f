//! Properties that must hold for every input (proptest):
//! - no input bytes make the cleaner panic;
//! - every word of the output body occurs in the input (nothing is invented);
//! - cleaning an article rendered back to text (title, then body) changes nothing in the body;
//! - the output does not depend on the number of threads.

use std::sync::OnceLock;

use dechrome::{Article, Cleaner, Hints, InputKind};
use proptest::prelude::*;
use rayon::prelude::*;

fn cleaner() -> &'static Cleaner {
    static C: OnceLock<Cleaner> = OnceLock::new();
    C.get_or_init(|| Cleaner::new().expect("built-in rules compile"))
}

/// Lines news pages are made of, per language: story sentences, chrome from the language
/// pack, bylines and datelines; plus lines any page may hold.
const AR: &[&str] = &[
    "قالت الحكومة إن الخطة ستبدأ في الربيع المقبل بعد موافقة البرلمان عليها بالإجماع.",
    "وأضاف الوزير أن المشروع سيوفر آلاف الوظائف للشباب في المحافظات الجنوبية خلال عامين.",
    "وأشار التقرير إلى أن الأسعار ارتفعت بنسبة كبيرة خلال الأشهر الثلاثة الماضية في معظم المدن.",
    "اقرأ أيضاً",
    "اقرأ أيضا: الحكومة تعلن خطة جديدة",
    "شارك على فيسبوك",
    "كتب: أحمد علي",
    "القاهرة - 12 مارس 2024",
    "عاجل",
    "أضف تعليقاً",
];
const EN: &[&str] = &[
    "The council approved the plan after a long debate that ran late into the night.",
    "Officials said the work would begin in the spring and take about two years to finish.",
    "Business owners along the corridor were divided about what the lanes would bring.",
    "Read more:",
    "Share this article",
    "By Jane Smith",
    "Updated March 12, 2024",
    "Leave a Reply",
    "Advertisement",
    "Breaking News",
];
const FR: &[&str] = &[
    "Le conseil municipal a adopté le projet après un long débat qui a duré toute la nuit.",
    "Les travaux commenceront au printemps et dureront environ deux ans selon la mairie.",
    "Les commerçants du quartier restent partagés sur les effets de ce nouveau plan.",
    "Lire aussi : le maire annonce un nouveau plan",
    "Partager sur Facebook",
    "Par Marie Dupont",
    "Publié le 12 mars 2024",
    "Laisser un commentaire",
];
const ANY: &[&str] = &["[ad_1]", "42", "« — »", "Home > News > World", "", ""];

/// A page in one language: its lines mixed with lines any page may hold.
fn page_lines() -> impl Strategy<Value = String> {
    prop::sample::select(vec![AR, EN, FR]).prop_flat_map(|lang| {
        let line = prop_oneof![
            4 => prop::sample::select(lang),
            1 => prop::sample::select(ANY),
        ];
        prop::collection::vec(line, 0..40).prop_map(|v| v.join("\n"))
    })
}

fn html_page() -> impl Strategy<Value = String> {
    let line = || prop::sample::select([AR, EN, FR, ANY].concat());
    let piece = prop_oneof![
        line().prop_map(|l| format!("<p>{l}</p>")),
        line().prop_map(|l| format!("<div class=\"share\">{l}</div>")),
        line().prop_map(|l| format!("<a href=\"/x\">{l}</a>")),
        line().prop_map(|l| format!("<h2>{l}</h2>")),
        Just("<article>".to_string()),
        Just("</article>".to_string()),
        Just("<nav><a href=/>Home</a></nav>".to_string()),
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<script>var x = 1;</script>".to_string()),
        Just("<ul><li>one</li><li>two".to_string()),
        Just("<table><tr><td>cell".to_string()),
    ];
    prop::collection::vec(piece, 0..40)
        .prop_map(|v| format!("<html><body>{}</body></html>", v.concat()))
}

/// The article as text: its title, then its body (what a scraper would have saved).
fn rendered(a: &Article) -> String {
    match &a.title {
        Some(t) => format!("{t}\n\n{}", a.text),
        None => a.text.clone(),
    }
}

fn words(text: &str) -> std::collections::HashSet<&str> {
    text.split_whitespace().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        for input in [InputKind::Auto, InputKind::Html, InputKind::Text] {
            let hints = Hints { input, ..Hints::default() };
            let _ = cleaner().clean_bytes(&bytes, &hints);
        }
    }

    #[test]
    fn html_made_of_page_parts_never_panics(page in html_page()) {
        let hints = Hints { input: InputKind::Html, ..Hints::default() };
        let a = cleaner().clean_bytes(page.as_bytes(), &hints);
        prop_assert!(a.is_ok(), "{:?}", a.err());
    }

    #[test]
    fn nothing_is_invented(page in page_lines()) {
        let a = cleaner().clean_text(&page);
        let input = words(&page);
        for w in a.text.split_whitespace() {
            prop_assert!(input.contains(w), "`{}` is not in the input", w);
        }
        if let Some(t) = &a.title {
            for w in t.split_whitespace() {
                prop_assert!(input.contains(w), "title word `{}` is not in the input", w);
            }
        }
    }

    #[test]
    fn cleaning_twice_changes_nothing(page in page_lines()) {
        let once = cleaner().clean_text(&page);
        let twice = cleaner().clean_text(&rendered(&once));
        prop_assert_eq!(&once.text, &twice.text);
    }

    #[test]
    fn same_output_for_one_and_many_threads(pages in prop::collection::vec(page_lines(), 1..12)) {
        let run = |threads: usize| -> Vec<String> {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                pages
                    .par_iter()
                    .map(|p| serde_json::to_string(&cleaner().clean_text(p)).unwrap())
                    .collect()
            })
        };
        prop_assert_eq!(run(1), run(4));
    }
}
