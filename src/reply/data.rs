//! The language data (data/lang/*.toml, checked and flattened by build.rs) turned into one
//! index over all languages, built once on first use.

use super::normalize::{words, EMOJI_NO, EMOJI_STOP, EMOJI_YES};
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
    Exact(Box<str>),
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
    /// Patterns by their first word, when it is exact and the second is not (or is absent).
    pub by_word: HashMap<Box<str>, Vec<u32>>,
    /// Patterns by a hash of their first two words, when both are exact ("i" alone starts
    /// hundreds of phrases). Collisions only add candidates: every candidate is matched in full.
    pub by_pair: HashMap<u64, Vec<u32>>,
    /// Patterns whose first word is a prefix, by the prefix's first three characters.
    pub by_prefix: HashMap<Box<str>, Vec<u32>>,
    /// Every word of 4+ letters in a keyword, and its one-deletion variants, to the word itself
    /// (symmetric-deletion lookup of one-letter typos).
    pub typo: HashMap<Box<str>, Vec<Box<str>>>,
    /// Words that, alone as a reply, mean different things in different languages (Polish
    /// "tak" is yes, Danish "tak" is thanks), or that a language's `ambiguous` list names as a
    /// look-alike of a yes/no elsewhere.
    pub conflicted: HashSet<Box<str>>,
}

pub fn pair_key(first: &str, second: &str) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    first.hash(&mut h);
    second.hash(&mut h);
    h.finish()
}

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

fn parse_pattern(entry: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for raw in entry.split_whitespace() {
        if raw == "_" {
            out.push(Word::Gap);
        } else if let Some(stem) = raw.strip_suffix('*') {
            // A prefix is normalised like any word; it may fold into several words ("d'abo*").
            let mut parts = words(stem);
            let last = parts.pop();
            out.extend(parts.into_iter().map(|w| Word::Exact(w.into())));
            if let Some(last) = last {
                out.push(Word::Prefix(last.into()));
            }
        } else {
            out.extend(words(raw).into_iter().map(|w| Word::Exact(w.into())));
        }
    }
    out
}

fn intent_of(name: &str) -> Option<Intent> {
    Intent::ALL.iter().copied().find(|i| i.as_str() == name)
}

fn build() -> Data {
    let mut data = Data {
        langs: Vec::new(),
        english: ANY_LANG,
        patterns: Vec::new(),
        by_word: HashMap::default(),
        by_pair: HashMap::default(),
        by_prefix: HashMap::default(),
        typo: HashMap::default(),
        conflicted: HashSet::default(),
    };
    for (marker, intent) in [
        (EMOJI_STOP, Intent::OptOut),
        (EMOJI_YES, Intent::Confirm),
        (EMOJI_NO, Intent::Decline),
    ] {
        data.patterns.push(Pattern {
            words: vec![Word::Exact(marker.into())],
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
                    for w in words(v) {
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
            let words = parse_pattern(v);
            if words.iter().all(|w| *w == Word::Gap) {
                continue;
            }
            data.patterns.push(Pattern { words, role, lang });
        }
    }
    for (id, p) in data.patterns.iter().enumerate() {
        let id = id as u32;
        match &p.words[0] {
            Word::Exact(w) => match p.words.get(1) {
                Some(Word::Exact(second)) => data.by_pair.entry(pair_key(w, second)).or_default().push(id),
                _ => data.by_word.entry(w.clone()).or_default().push(id),
            },
            Word::Prefix(w) => {
                let key = prefix_key(w).unwrap_or(w);
                data.by_prefix.entry(key.into()).or_default().push(id);
            }
            Word::Gap => {}
        }
        if let Role::Keyword(_) = p.role {
            for w in &p.words {
                let Word::Exact(w) = w else { continue };
                if w.chars().count() >= 4 && !w.starts_with('\u{1}') {
                    for key in std::iter::once(w.to_string()).chain(deletions(w)) {
                        let entry = data.typo.entry(key.into()).or_default();
                        if !entry.contains(w) {
                            entry.push(w.clone());
                        }
                    }
                }
            }
        }
    }
    // A lone word's meaning per language: a keyword's intent, or "polite" (None).
    let mut meanings: HashMap<Box<str>, HashSet<Option<Intent>>> = HashMap::default();
    for p in &data.patterns {
        let meaning = match p.role {
            Role::Keyword(i) => Some(i),
            Role::Modifier(Modifier::Polite) => None,
            _ => continue,
        };
        if let [Word::Exact(w)] = p.words.as_slice() {
            meanings.entry(w.clone()).or_default().insert(meaning);
        }
    }
    data.conflicted = meanings
        .into_iter()
        .filter(|(_, m)| m.len() > 1)
        .map(|(w, _)| w)
        .collect();
    // A listed word that is not a yes/no keyword of the listing language is a foreign look-alike.
    for (l, w) in ambiguous {
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

impl Data {
    pub fn lang_index(&self, code: &str) -> Option<u8> {
        self.langs.iter().position(|l| l.code == code).map(|i| i as u8)
    }
}
