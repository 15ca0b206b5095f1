//! The language data (data/lang/*.toml, checked and flattened by build.rs) turned into one
//! index over all languages, built once on first use.

use super::normalize::{words, EMOJI_NO, EMOJI_STOP, EMOJI_YES};
use super::Intent;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static RAW: &str = include_str!(concat!(env!("OUT_DIR"), "/lang_data.txt"));

/// Built-in patterns (emoji markers) belong to no language.
pub const ANY_LANG: u8 = u8::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    Polite,
    Negation,
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
    /// Patterns by their first word, when it is exact.
    pub by_word: HashMap<Box<str>, Vec<u32>>,
    /// Patterns whose first word is a prefix, by the prefix's first three characters.
    pub by_prefix: HashMap<Box<str>, Vec<u32>>,
    /// One-deletion variants of single-word keywords of 4+ letters (for one-letter typos).
    pub typo: HashMap<Box<str>, Vec<u32>>,
    /// (language, word) pairs that are yes/no words only in that language.
    pub ambiguous: HashSet<(u8, Box<str>)>,
}

pub fn prefix_key(s: &str) -> Option<&str> {
    s.char_indices().nth(3).map(|(i, _)| &s[..i]).or((s.chars().count() == 3).then_some(s))
}

/// Every string made by deleting one character.
pub fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|i| chars.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, c)| c).collect())
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
        by_word: HashMap::new(),
        by_prefix: HashMap::new(),
        typo: HashMap::new(),
        ambiguous: HashSet::new(),
    };
    for (marker, intent) in [(EMOJI_STOP, Intent::OptOut), (EMOJI_YES, Intent::Confirm), (EMOJI_NO, Intent::Decline)] {
        data.patterns.push(Pattern { words: vec![Word::Exact(marker.into())], role: Role::Keyword(intent), lang: ANY_LANG });
    }
    let mut lang = ANY_LANG;
    for line in RAW.lines() {
        if let Some(code) = line.strip_prefix('@') {
            lang = data.langs.len() as u8;
            if code == "en" {
                data.english = lang;
            }
            data.langs.push(Lang { code, name: "", rtl: false });
            continue;
        }
        let Some((field, values)) = line.split_once('\t') else { continue };
        let current = &mut data.langs[lang as usize];
        match field {
            "name" => current.name = values,
            "rtl" => current.rtl = values == "true",
            _ => {}
        }
        let role = match field {
            "polite" => Role::Modifier(Modifier::Polite),
            "negation" => Role::Modifier(Modifier::Negation),
            "conditional" => Role::Modifier(Modifier::Conditional),
            "hypothetical" => Role::Modifier(Modifier::Hypothetical),
            "other_senses" => Role::Modifier(Modifier::OtherSense),
            "ambiguous" => {
                for v in values.split('|') {
                    for w in words(v) {
                        data.ambiguous.insert((lang, w.into()));
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
            Word::Exact(w) => data.by_word.entry(w.clone()).or_default().push(id),
            Word::Prefix(w) => {
                let key = prefix_key(w).unwrap_or(w);
                data.by_prefix.entry(key.into()).or_default().push(id);
            }
            Word::Gap => {}
        }
        if let (Role::Keyword(_), [Word::Exact(w)]) = (p.role, p.words.as_slice()) {
            if w.chars().count() >= 4 {
                for d in deletions(w) {
                    data.typo.entry(d.into()).or_default().push(id);
                }
            }
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
