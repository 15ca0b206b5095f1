//! The language data (data/lang/*.toml, checked and flattened by build.rs) turned into one
//! index over all languages, built once on first use.

use super::normalize::{EMOJI_NO, EMOJI_STOP, EMOJI_YES};
use super::Intent;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

static RAW: &str = include_str!(concat!(env!("OUT_DIR"), "/lang_data.txt"));

/// Built-in patterns (emoji markers) belong to no language.
pub const ANY_LANG: u8 = u8::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    Polite,
    Negation,
    /// Negates the words just before it.
    NegationAfter,
    Conditional,
    Hypothetical,
    OtherSense,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A whole-reply keyword (`[reply.keywords]`).
    Keyword(Intent),
    /// A phrase found anywhere (`[reply.phrases]`).
    Phrase(Intent),
    Modifier(Modifier),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// A whole word, by its number in `Data::words`.
    Exact(u32),
    Prefix(Box<str>),
    /// 0 to 3 arbitrary words.
    Gap,
}

#[derive(Debug)]
pub struct Pattern {
    pub words: Vec<Word>,
    pub role: Role,
    pub lang: u8,
}

pub struct Lang {
    pub code: &'static str,
    pub name: &'static str,
    pub rtl: bool,
}

pub struct Data {
    pub langs: Vec<Lang>,
    pub english: u8,
    pub patterns: Vec<Pattern>,
    /// Every whole word of the data, numbered (`Word::Exact` and tokens refer to the numbers).
    pub words: Vec<Box<str>>,
    pub word_ids: HashMap<Box<str>, u32>,
    /// Patterns by their first word (indexed by word number), when it is exact and the second
    /// is not (or is absent).
    pub by_word: Vec<Vec<u32>>,
    /// Patterns by their first two words, when both are exact ("i" alone starts hundreds).
    pub by_pair: HashMap<u64, Vec<u32>>,
    /// Patterns whose first word is a prefix, by the prefix's first three characters.
    pub by_prefix: HashMap<Box<str>, Vec<u32>>,
    /// Words that, alone as a reply, mean different things in different languages (Polish
    /// "tak" is yes, Danish "tak" is thanks), or that a language's `ambiguous` list names as a
    /// look-alike of a yes/no elsewhere.
    pub conflicted: HashSet<u32>,
}

pub fn pair_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// No word of the data.
pub const UNKNOWN: u32 = u32::MAX;

pub fn prefix_key(s: &str) -> Option<&str> {
    s.char_indices()
        .nth(3)
        .map(|(i, _)| &s[..i])
        .or((s.chars().count() == 3).then_some(s))
}

/// Every string made by deleting one character.
pub fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

fn intern(data: &mut Data, w: &str) -> u32 {
    if let Some(&id) = data.word_ids.get(w) {
        return id;
    }
    let id = data.words.len() as u32;
    data.words.push(w.into());
    data.word_ids.insert(w.into(), id);
    id
}

/// An entry as build.rs wrote it: normalised words, `word*` prefixes and `_` gaps.
fn parse_pattern(data: &mut Data, entry: &str) -> Vec<Word> {
    entry
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "_" => Word::Gap,
            w => match w.strip_suffix('*') {
                Some(stem) => Word::Prefix(stem.into()),
                None => Word::Exact(intern(data, w)),
            },
        })
        .collect()
}

fn intent_of(name: &str) -> Option<Intent> {
    Intent::ALL.iter().copied().find(|i| i.as_str() == name)
}

fn build() -> Data {
    let mut data = Data {
        langs: Vec::new(),
        english: ANY_LANG,
        patterns: Vec::new(),
        words: Vec::new(),
        word_ids: HashMap::default(),
        by_word: Vec::new(),
        by_pair: HashMap::default(),
        by_prefix: HashMap::default(),
        conflicted: HashSet::default(),
    };
    for (marker, intent) in [
        (EMOJI_STOP, Intent::OptOut),
        (EMOJI_YES, Intent::Confirm),
        (EMOJI_NO, Intent::Decline),
    ] {
        let id = intern(&mut data, marker);
        data.patterns.push(Pattern {
            words: vec![Word::Exact(id)],
            role: Role::Keyword(intent),
            lang: ANY_LANG,
        });
    }
    let mut ambiguous: Vec<(u8, Box<str>)> = Vec::new();
    let mut lang = ANY_LANG;
    for line in RAW.lines() {
        if let Some(code) = line.strip_prefix('@') {
            lang = data.langs.len() as u8;
            if code == "en" {
                data.english = lang;
            }
            data.langs.push(Lang {
                code,
                name: "",
                rtl: false,
            });
            continue;
        }
        let Some((field, values)) = line.split_once('\t') else {
            continue;
        };
        let current = &mut data.langs[lang as usize];
        match field {
            "name" => current.name = values,
            "rtl" => current.rtl = values == "true",
            _ => {}
        }
        let role = match field {
            "polite" => Role::Modifier(Modifier::Polite),
            "negation" => Role::Modifier(Modifier::Negation),
            "negation_after" => Role::Modifier(Modifier::NegationAfter),
            "conditional" => Role::Modifier(Modifier::Conditional),
            "hypothetical" => Role::Modifier(Modifier::Hypothetical),
            "other_senses" => Role::Modifier(Modifier::OtherSense),
            "ambiguous" => {
                for v in values.split('|') {
                    for w in v.split(' ').filter(|w| !w.is_empty()) {
                        ambiguous.push((lang, w.into()));
                    }
                }
                continue;
            }
            f => match f.split_once(':') {
                Some(("k", i)) => Role::Keyword(intent_of(i).expect("intent checked by build.rs")),
                Some(("p", i)) => Role::Phrase(intent_of(i).expect("intent checked by build.rs")),
                _ => continue,
            },
        };
        for v in values.split('|') {
            let words = parse_pattern(&mut data, v);
            if words.iter().all(|w| *w == Word::Gap) {
                continue;
            }
            data.patterns.push(Pattern { words, role, lang });
        }
    }
    data.by_word = vec![Vec::new(); data.words.len()];
    for (id, p) in data.patterns.iter().enumerate() {
        let id = id as u32;
        match &p.words[0] {
            Word::Exact(w) => match p.words.get(1) {
                Some(Word::Exact(second)) => data.by_pair.entry(pair_key(*w, *second)).or_default().push(id),
                _ => data.by_word[*w as usize].push(id),
            },
            Word::Prefix(w) => {
                let key = prefix_key(w).unwrap_or(w);
                data.by_prefix.entry(key.into()).or_default().push(id);
            }
            Word::Gap => {}
        }
    }
    // A lone word's meaning per language: a keyword's intent, or "polite" (None).
    let mut meanings: HashMap<u32, HashSet<Option<Intent>>> = HashMap::default();
    for p in &data.patterns {
        let meaning = match p.role {
            Role::Keyword(i) => Some(i),
            Role::Modifier(Modifier::Polite) => None,
            _ => continue,
        };
        if let [Word::Exact(w)] = p.words.as_slice() {
            meanings.entry(*w).or_default().insert(meaning);
        }
    }
    data.conflicted = meanings
        .into_iter()
        .filter(|(_, m)| m.len() > 1)
        .map(|(w, _)| w)
        .collect();
    // A listed word that is not a yes/no keyword of the listing language is a foreign look-alike.
    for (l, w) in ambiguous {
        let Some(&w) = data.word_ids.get(&w) else { continue };
        let own = data.patterns.iter().any(|p| {
            p.lang == l
                && matches!(p.role, Role::Keyword(Intent::Confirm | Intent::Decline))
                && matches!(p.words.as_slice(), [Word::Exact(x)] if *x == w)
        });
        if !own {
            data.conflicted.insert(w);
        }
    }
    data
}

pub static DATA: LazyLock<Data> = LazyLock::new(build);

/// Every word of 4+ letters in a keyword, and its one-deletion variants, to the word's number
/// (symmetric-deletion lookup of one-letter typos). Built on the first possible typo, not at start.
pub static TYPO: LazyLock<HashMap<Box<str>, Vec<u32>>> = LazyLock::new(|| {
    let mut typo: HashMap<Box<str>, Vec<u32>> = HashMap::default();
    for p in DATA
        .patterns
        .iter()
        .filter(|p| matches!(p.role, Role::Keyword(_)))
    {
        for w in &p.words {
            let Word::Exact(w) = *w else { continue };
            let text = &DATA.words[w as usize];
            if text.chars().count() >= 4 && !text.starts_with('\u{1}') {
                for key in std::iter::once(text.to_string()).chain(deletions(text)) {
                    let entry = typo.entry(key.into()).or_default();
                    if !entry.contains(&w) {
                        entry.push(w);
                    }
                }
            }
        }
    }
    typo
});

impl Data {
    pub fn lang_index(&self, code: &str) -> Option<u8> {
        self.langs.iter().position(|l| l.code == code).map(|i| i as u8)
    }
}
