//! Understanding inbound WhatsApp replies in 30 languages: `parse_reply` decides one intent
//! (with any secondary ones), how sure it is, and finds a double-opt-in token.
//!
//! Labelling policy (issue #3): a reasonable wish to stop is `opt_out` (GDPR Art. 7(3):
//! withdrawing must be as easy as consenting; FCC 47 CFR 64.1200(a)(10): "any reasonable
//! method"); a doubtful consent is not `confirm` (GDPR Art. 4(11): consent is "unambiguous").
//! `erasure_request` (Art. 17) beats `opt_out`, which beats everything else.

mod data;
#[doc(hidden)]
pub mod eval;
mod fold_table;
pub mod normalize;

use crate::error::{check_size, Error};
use crate::token;
use data::{Modifier, Role, Word, ANY_LANG, DATA};
use normalize::{normalize, Token};
use serde::Serialize;

/// Replies larger than this are misuse (WhatsApp caps a text at 4,096 characters).
pub const MAX_REPLY_BYTES: usize = 64 * 1024;
/// Only the first words are read: an intent hides in the opening, never in word 400.
const MAX_TOKENS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    ErasureRequest,
    OptOut,
    AccessRequest,
    PrefTrans,
    PrefPromo,
    PrefAll,
    Start,
    Help,
    Decline,
    Confirm,
    None,
}

impl Intent {
    /// In priority order: the first one found decides.
    pub const ALL: [Intent; 11] = [
        Intent::ErasureRequest,
        Intent::OptOut,
        Intent::AccessRequest,
        Intent::PrefTrans,
        Intent::PrefPromo,
        Intent::PrefAll,
        Intent::Start,
        Intent::Help,
        Intent::Decline,
        Intent::Confirm,
        Intent::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Intent::ErasureRequest => "erasure_request",
            Intent::OptOut => "opt_out",
            Intent::AccessRequest => "access_request",
            Intent::PrefTrans => "pref_trans",
            Intent::PrefPromo => "pref_promo",
            Intent::PrefAll => "pref_all",
            Intent::Start => "start",
            Intent::Help => "help",
            Intent::Decline => "decline",
            Intent::Confirm => "confirm",
            Intent::None => "none",
        }
    }

    fn rank(self) -> usize {
        Intent::ALL.iter().position(|&i| i == self).unwrap_or(usize::MAX)
    }

    /// Intents honoured in any language, whatever the conversation language: a wish to stop or
    /// to have data deleted or shown must never be lost to a language mismatch.
    fn any_language(self) -> bool {
        matches!(
            self,
            Intent::OptOut | Intent::ErasureRequest | Intent::AccessRequest
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The reply is a bare keyword (however typed).
    Keyword,
    /// Understood from free text.
    Phrase,
    /// Decoded from our own button payload or Meta's preference event: exact, not guessed.
    Payload,
}

#[derive(Debug, Clone, Default)]
pub struct ReplyOptions<'a> {
    /// The conversation language (ISO 639-1); decides words that mean different things in
    /// different languages. When absent the language is detected.
    pub lang: Option<&'a str>,
    /// A double opt-in is awaiting an answer: YES/NO mean confirm/decline.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reply {
    pub intent: Intent,
    pub confidence: Option<Confidence>,
    /// The language used: the given one, or the detected one (None when nothing matched).
    pub lang: Option<&'static str>,
    /// The words of the reply that decided the intent, as written.
    pub matched: Option<String>,
    /// A double-opt-in token found in the reply, canonical form.
    pub token: Option<String>,
    /// Secondary intents, in priority order.
    pub also: Vec<Intent>,
    /// A yes/no was read as confirm/decline although no double opt-in was said to be pending.
    pub assumed_pending: bool,
}

/// Languages with reply data, as ISO 639-1 codes.
pub fn languages() -> Vec<&'static str> {
    DATA.langs.iter().map(|l| l.code).collect()
}

/// Accepts `de`, `DE`, `de-AT`, `pt_BR`; `no` means Bokmål.
pub fn resolve_lang(code: &str) -> Result<u8, Error> {
    let primary = code
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let primary = if primary == "no" {
        "nb".to_string()
    } else {
        primary
    };
    DATA.lang_index(&primary).ok_or_else(|| {
        Error::invalid_argument(format!(
            "unsupported language {:?}; supported: {}",
            code.chars().take(20).collect::<String>(),
            languages().join(", ")
        ))
    })
}

#[derive(Debug, Clone, Copy)]
struct Match {
    pattern: u32,
    start: usize,
    end: usize,
    /// The intent, or None for modifiers.
    intent: Option<Intent>,
    keyword: bool,
}

impl Match {
    fn len(&self) -> usize {
        self.end - self.start
    }
    fn overlaps(&self, o: &Match) -> bool {
        self.start < o.end && o.start < self.end
    }
}

/// Numbers each token's word (and its alternative reading) among the data's words.
fn intern(tokens: &mut [Token]) {
    for t in tokens {
        t.id = DATA
            .word_ids
            .get(t.text.as_str())
            .copied()
            .unwrap_or(data::UNKNOWN);
        t.alt_ids = t
            .alts
            .iter()
            .map(|a| DATA.word_ids.get(a.as_str()).copied().unwrap_or(data::UNKNOWN))
            .collect();
    }
}

fn word_matches(w: &Word, t: &Token) -> bool {
    match w {
        Word::Exact(e) => t.id == *e || t.alt_ids.contains(e),
        Word::Prefix(p) => t.text.starts_with(&**p) || t.alts.iter().any(|a| a.starts_with(&**p)),
        Word::Gap => true,
    }
}

/// End (exclusive) of the longest match of `words` starting at token `i`.
/// Whether a gap of `g` words starting at token `i` keeps the phrase inside one clause.
fn gap_in_clause(tokens: &[Token], i: usize, g: usize) -> bool {
    match (i.checked_sub(1).and_then(|b| tokens.get(b)), tokens.get(i + g)) {
        (Some(before), Some(after)) => before.clause == after.clause,
        _ => true,
    }
}

fn match_at(words: &[Word], tokens: &[Token], i: usize) -> Option<usize> {
    let Some((first, rest)) = words.split_first() else {
        return Some(i);
    };
    match first {
        // A gap stays inside its clause: "Nur noch Versandinfos, keine Angebote" must not make
        // one phrase across the comma.
        Word::Gap => (0..=3)
            .rev()
            .filter(|g| i + g <= tokens.len())
            .filter(|&g| gap_in_clause(tokens, i, g))
            .find_map(|g| match_at(rest, tokens, i + g)),
        w => {
            let t = tokens.get(i)?;
            if t.emoji && !matches!(w, Word::Exact(e) if DATA.words[*e as usize].starts_with('\u{1}')) {
                return None;
            }
            word_matches(w, t)
                .then(|| match_at(rest, tokens, i + 1))
                .flatten()
        }
    }
}

struct Scope {
    given: Option<u8>,
}

impl Scope {
    /// Whether a pattern speaks in this conversation. Stops, erasure and access requests are
    /// heard in every language, except one-word phrases of other languages: in free text a
    /// lone word is too often something else there ("stop" inside a Dutch sentence).
    fn allows(&self, p: &data::Pattern) -> bool {
        let Some(given) = self.given else { return true };
        if p.lang == given || p.lang == DATA.english || p.lang == ANY_LANG {
            return true;
        }
        match p.role {
            Role::Keyword(i) => i.any_language(),
            Role::Phrase(i) => i.any_language() && p.words.len() > 1,
            // "Stop grazie" in a German chat: a thank-you in any language leaves a stop a stop.
            Role::Modifier(Modifier::Polite) => true,
            Role::Modifier(_) => false,
        }
    }
}

fn find_matches(tokens: &[Token], scope: &Scope) -> Vec<Match> {
    let mut out = Vec::new();
    let mut candidates: Vec<u32> = Vec::new();
    for i in 0..tokens.len() {
        candidates.clear();
        let t = &tokens[i];
        let next = tokens.get(i + 1);
        for &id in std::iter::once(&t.id).chain(&t.alt_ids) {
            if id == data::UNKNOWN {
                continue;
            }
            candidates.extend_from_slice(&DATA.by_word[id as usize]);
            if let Some(n) = next {
                for &second in std::iter::once(&n.id).chain(&n.alt_ids) {
                    if second != data::UNKNOWN {
                        if let Some(ids) = DATA.by_pair.get(&data::pair_key(id, second)) {
                            candidates.extend_from_slice(ids);
                        }
                    }
                }
            }
        }
        // Prefix patterns are indexed by their first three characters (build.rs asks for three).
        for key in std::iter::once(t.text.as_str()).chain(t.alts.iter().map(String::as_str)) {
            let end = key.char_indices().nth(3).map_or(key.len(), |(i, _)| i);
            if let Some(ids) = DATA.by_prefix.get(&key[..end]) {
                candidates.extend_from_slice(ids);
            }
        }
        // Each pattern sits in one index only, so duplicates come only from a second reading.
        if !t.alts.is_empty() {
            candidates.sort_unstable();
            candidates.dedup();
        }
        for &id in &candidates {
            let p = &DATA.patterns[id as usize];
            if !scope.allows(p) {
                continue;
            }
            if let Some(end) = match_at(&p.words, tokens, i) {
                let (intent, keyword) = match p.role {
                    Role::Keyword(i) => (Some(i), true),
                    Role::Phrase(i) => (Some(i), false),
                    Role::Modifier(_) => (None, false),
                };
                out.push(Match {
                    pattern: id,
                    start: i,
                    end,
                    intent,
                    keyword,
                });
            }
        }
    }
    out
}

/// Token positions of the pattern's own words (not its gaps) in a match starting at `i`.
fn fixed_positions(words: &[Word], tokens: &[Token], i: usize, out: &mut Vec<usize>) -> bool {
    let Some((first, rest)) = words.split_first() else {
        return true;
    };
    match first {
        Word::Gap => (0..=3)
            .rev()
            .filter(|g| i + g <= tokens.len())
            .filter(|&g| gap_in_clause(tokens, i, g))
            .any(|g| {
                let keep = out.len();
                fixed_positions(rest, tokens, i + g, out) || {
                    out.truncate(keep);
                    false
                }
            }),
        w => {
            let Some(t) = tokens.get(i) else { return false };
            if !word_matches(w, t) {
                return false;
            }
            out.push(i);
            fixed_positions(rest, tokens, i + 1, out) || {
                out.pop();
                false
            }
        }
    }
}

/// Whether a negation at token `at`, inside match `m`, sits in one of its gaps.
fn in_gap(m: &Match, tokens: &[Token], at: usize) -> bool {
    let words = &DATA.patterns[m.pattern as usize].words;
    if !words.contains(&Word::Gap) {
        return false;
    }
    let mut fixed = Vec::new();
    fixed_positions(words, tokens, m.start, &mut fixed) && !fixed.contains(&at)
}

fn modifier(m: &Match) -> Option<Modifier> {
    match DATA.patterns[m.pattern as usize].role {
        Role::Modifier(x) => Some(x),
        _ => None,
    }
}

fn lang_of(m: &Match) -> u8 {
    DATA.patterns[m.pattern as usize].lang
}

/// Damerau-Levenshtein distance ≤ 1.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    if ra.len() == rb.len() {
        ra.len() <= 1
            || ra[1..] == rb[1..]
            || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if ra.len() > rb.len() {
        ra[1..] == *rb
    } else {
        rb[1..] == *ra
    }
}

/// Keyword words one typo (insertion, deletion, substitution, transposition) away from `word`.
fn typo_corrections(word: &str) -> Vec<&'static str> {
    if word.chars().count() < 4 || word.starts_with('\u{1}') {
        return Vec::new();
    }
    let mut out: Vec<&'static str> = Vec::new();
    for key in std::iter::once(word.to_string()).chain(data::deletions(word)) {
        for &id in data::TYPO.get(key.as_str()).into_iter().flatten() {
            let w: &'static str = &DATA.words[id as usize];
            if w != word && within_one_edit(word, w) && !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// Splits one clause's non-polite tokens into whole keywords, longest first. Returns the keyword
/// matches, or None when some token is not part of a keyword.
fn segment_clause(tokens: &[Token], idx: &[usize], keywords: &[Match]) -> Option<Vec<Match>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < idx.len() {
        // Keyword matches that start at this token and cover only consecutive remaining tokens.
        let here = keywords
            .iter()
            .filter(|m| m.start == idx[k] && (0..m.len()).all(|d| idx.get(k + d) == Some(&(m.start + d))));
        let longest = here.clone().map(|m| m.len()).max()?;
        out.extend(here.filter(|m| m.len() == longest).copied());
        k += longest;
    }
    let _ = tokens;
    Some(out)
}

/// A clause that is a keyword but for one mistyped word of 4+ letters ("Stpo", "wypsz mnie"):
/// retried with each correction of each such word.
fn segment_with_typo(tokens: &[Token], idx: &[usize], scope: &Scope, known: &[bool]) -> Option<Vec<Match>> {
    for &j in idx {
        // Never "correct" an emoji or a word the data knows in another role ("pero", "naja").
        if tokens[j].emoji || known[j] {
            continue;
        }
        for fix in typo_corrections(&tokens[j].text) {
            let mut fixed: Vec<Token> = idx.iter().map(|&i| tokens[i].clone()).collect();
            let at = idx.iter().position(|&i| i == j)?;
            fixed[at].text = fix.to_string();
            fixed[at].alts.clear();
            intern(&mut fixed[at..=at]);
            let local: Vec<usize> = (0..fixed.len()).collect();
            // Corrections only towards the conversation's own keywords (and English): "toppen"
            // (Swedish: great) is one letter from German "stoppen".
            let own = |m: &Match| {
                let l = lang_of(m);
                l == DATA.english || l == ANY_LANG || scope.given.is_none_or(|g| g == l)
            };
            let found: Vec<Match> = find_matches(&fixed, scope)
                .into_iter()
                .filter(|m| m.keyword && own(m))
                .collect();
            if let Some(seg) = segment_clause(&fixed, &local, &found) {
                // A mistyped yes is a doubtful yes: no consent from a guess ("Mouais" is not "ouais").
                if seg.iter().any(|m| m.intent == Some(Intent::Confirm)) {
                    continue;
                }
                // Back to the clause's own token positions.
                return Some(
                    seg.into_iter()
                        .map(|m| Match {
                            start: idx[m.start],
                            end: idx[m.end - 1] + 1,
                            ..m
                        })
                        .collect(),
                );
            }
        }
    }
    None
}

/// A clause of keywords with different meanings is no keyword reply ("Nu opriți ofertele" is
/// "don't stop the offers"), except a short one with a stop in it ("No, STOP" / "yes stop"),
/// which is read as the stop (fail-safe).
fn keyword_clause(tokens: &[Token], seg: Vec<Match>) -> Option<Vec<Match>> {
    // A thumbs-up beside another keyword only underlines it ("PROMO 👍").
    let emoji_yes =
        |m: &Match| m.intent == Some(Intent::Confirm) && tokens[m.start..m.end].iter().all(|t| t.emoji);
    let seg: Vec<Match> = if seg.iter().any(|m| !emoji_yes(m)) {
        seg.into_iter().filter(|m| !emoji_yes(m)).collect()
    } else {
        seg
    };
    let mut spans: Vec<(usize, usize)> = seg.iter().map(|m| (m.start, m.end)).collect();
    spans.dedup();
    let intents = |ms: &[Match], start: usize| -> Vec<Intent> {
        ms.iter()
            .filter(|m| m.start == start)
            .filter_map(|m| m.intent)
            .collect()
    };
    let first = intents(&seg, spans[0].0);
    let uniform = spans
        .iter()
        .all(|&(s, _)| intents(&seg, s).iter().any(|i| first.contains(i)));
    if uniform {
        return Some(seg);
    }
    if spans.len() == 2 {
        // "STOP PROMO", "stop offerte": stopping the marketing word stops marketing only.
        let (a, b) = (intents(&seg, spans[0].0), intents(&seg, spans[1].0));
        let stop_then_promo = a.contains(&Intent::OptOut) && b.contains(&Intent::PrefPromo);
        let promo_then_stop = a.contains(&Intent::PrefPromo) && b.contains(&Intent::OptOut);
        if stop_then_promo || promo_then_stop {
            let stop = seg.iter().find(|m| m.intent == Some(Intent::OptOut))?;
            return Some(vec![Match {
                intent: Some(Intent::PrefTrans),
                start: spans[0].0,
                end: spans[1].1,
                ..*stop
            }]);
        }
    }
    if spans.len() <= 2 {
        let stops: Vec<Match> = seg
            .iter()
            .filter(|m| m.intent.is_some_and(Intent::any_language))
            .copied()
            .collect();
        if !stops.is_empty() {
            return Some(stops);
        }
    }
    None
}

/// Finds a double-opt-in token (26 Crockford symbols, grouped with `-` or spaces) in the text.
/// Ordinary words must not add up to one ("o wypisanie mnie z tych wiadomo…" is 26 letters):
/// a group is a whole ASCII word of three or more symbols, and the token contains a digit (a
/// random 26-symbol token lacks one with probability (22/32)^25 < 0.01 %).
fn find_token(text: &str) -> Option<(String, usize, usize)> {
    let bytes = text.as_bytes();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let s = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            // Part of a longer word in another script ("wiadomo" in "wiadomości") is no group.
            let before = text[..s].chars().next_back().is_some_and(char::is_alphanumeric);
            let after = text[i..].chars().next().is_some_and(char::is_alphanumeric);
            if !before && !after && i - s >= 3 {
                groups.push((s, i));
            } else {
                groups.push((s, s));
            }
        } else {
            i += 1;
        }
    }
    for a in 0..groups.len() {
        let mut count = 0;
        for b in a..groups.len() {
            if groups[b].0 == groups[b].1 {
                break;
            }
            if b > a {
                let gap = &text[groups[b - 1].1..groups[b].0];
                if gap != "-" && gap != " " {
                    break;
                }
            }
            count += groups[b].1 - groups[b].0;
            if count == token::TOKEN_SYMBOLS {
                let (s, e) = (groups[a].0, groups[b].1);
                if text[s..e].bytes().any(|c| c.is_ascii_digit()) {
                    if let Ok(t) = token::parse_token(&text[s..e]) {
                        return Some((t, s, e));
                    }
                }
            }
            if count >= token::TOKEN_SYMBOLS {
                break;
            }
        }
    }
    None
}

fn pick(intents: impl IntoIterator<Item = Intent>) -> (Intent, Vec<Intent>) {
    let mut all: Vec<Intent> = intents.into_iter().collect();
    all.sort_by_key(|i| i.rank());
    all.dedup();
    match all.split_first() {
        Some((first, rest)) => (*first, rest.to_vec()),
        None => (Intent::None, Vec::new()),
    }
}

pub fn parse_reply(text: &str, opts: &ReplyOptions) -> Result<Reply, Error> {
    check_size("reply text", text, MAX_REPLY_BYTES)?;
    let given = opts.lang.map(resolve_lang).transpose()?;

    let found_token = find_token(text);
    let mut norm = normalize(text);
    if let Some((_, s, e)) = &found_token {
        norm.tokens.retain(|t| t.end <= *s || t.start >= *e);
    }
    norm.tokens.truncate(MAX_TOKENS);
    intern(&mut norm.tokens);
    let token = found_token.map(|(t, _, _)| t);

    // Without a conversation language, read the reply in the language it most looks like: the
    // words of one language are not mixed with another's modifiers ("ja" is yes in German and
    // "if" in Latvian). Words that are yes/no only in one language are then never consent.
    let all = find_matches(&norm.tokens, &Scope { given });
    let (lang, ambiguous_ok, all) = match given {
        Some(g) => (Some(g), true, all),
        None => match detect(&all) {
            Some(d) => (
                Some(d),
                false,
                find_matches(&norm.tokens, &Scope { given: Some(d) }),
            ),
            None => (None, false, all),
        },
    };
    Ok(decide(text, &norm, all, lang, ambiguous_ok, opts.pending, token))
}

/// How strongly each kind of match says "this is language X" (per word, times its length).
fn evidence(m: &Match) -> usize {
    let weight = match DATA.patterns[m.pattern as usize].role {
        Role::Keyword(_) | Role::Phrase(_) => 3,
        Role::Modifier(Modifier::OtherSense) => 2,
        Role::Modifier(_) => 1,
    };
    weight * m.len()
}

/// Languages in the order a tie is broken (by how many people write them in the EU/EEA).
const TIE_ORDER: &[&str] = &[
    "en", "de", "fr", "it", "es", "pl", "ro", "nl", "pt", "el", "cs", "hu", "sv", "bg", "da", "fi", "sk",
    "hr", "lt", "sl", "lv", "et", "ga", "mt", "nb", "is", "tr", "ar", "ru", "uk",
];

fn detect(all: &[Match]) -> Option<u8> {
    // Per language, each word counts once, with its strongest role, divided among the languages
    // that know the word: "bitte" says German more than "stop" says anything.
    let words = all.iter().map(|m| m.end).max().unwrap_or(0);
    let mut best_per_word = vec![vec![0usize; words]; DATA.langs.len()];
    for m in all {
        let l = lang_of(m);
        if l != ANY_LANG {
            let w = evidence(m) / m.len();
            for slot in &mut best_per_word[l as usize][m.start..m.end] {
                *slot = (*slot).max(w);
            }
        }
    }
    let sharing: Vec<usize> = (0..words)
        .map(|i| best_per_word.iter().filter(|v| v[i] > 0).count().max(1))
        .collect();
    // Fixed-point weights (x 720720, divisible by 1..=16) keep the sums exact.
    let score: Vec<usize> = best_per_word
        .iter()
        .map(|v| v.iter().enumerate().map(|(i, &w)| w * 720_720 / sharing[i]).sum())
        .collect();
    let best = *score.iter().max()?;
    if best == 0 {
        return None;
    }
    let rank = |l: usize| {
        TIE_ORDER
            .iter()
            .position(|c| *c == DATA.langs[l].code)
            .unwrap_or(usize::MAX)
    };
    (0..score.len())
        .filter(|&l| score[l] == best)
        .min_by_key(|&l| rank(l))
        .map(|l| l as u8)
}

fn decide(
    text: &str,
    norm: &normalize::Normalized,
    all: Vec<Match>,
    given: Option<u8>,
    ambiguous_ok: bool,
    pending: bool,
    token: Option<String>,
) -> Reply {
    let tokens = &norm.tokens;
    let scope = Scope { given };
    let of = |m: Modifier| all.iter().filter(move |x| modifier(x) == Some(m));

    // Words in another sense ("bus stop", "Stoppuhr") mask the triggers inside them.
    let masks: Vec<&Match> = of(Modifier::OtherSense).collect();
    let masked = |m: &Match| {
        masks
            .iter()
            .any(|o| o.overlaps(m) && !(m.len() > o.len() && m.start <= o.start && m.end >= o.end))
    };

    // Polite words around keywords do not change them ("Stopp danke", "STOP please").
    // A foreign polite word does not hide a keyword of the conversation ("tak" is thanks in
    // Danish but yes in a Polish chat).
    let mut polite = vec![false; tokens.len()];
    for m in of(Modifier::Polite) {
        let foreign = given.is_some_and(|g| lang_of(m) != g && lang_of(m) != DATA.english);
        let shadowed = |i: usize| {
            all.iter()
                .any(|k| k.keyword && k.start <= i && i < k.end && Some(lang_of(k)) == given)
        };
        for i in m.start..m.end {
            if !(foreign && shadowed(i)) {
                polite[i] = true;
            }
        }
    }
    let keywords: Vec<Match> = all.iter().filter(|m| m.keyword && !masked(m)).copied().collect();
    // Words any modifier or other sense claims are not typos of keywords.
    let mut known = vec![false; tokens.len()];
    for m in all.iter().filter(|m| m.intent.is_none()) {
        known[m.start..m.end].iter_mut().for_each(|k| *k = true);
    }
    // Typos are forgiven in short clauses only ("Stpo", "wypsz mnie", "abmelen bitte, …"),
    // where little else can be meant.
    let short = |idx: &[usize]| idx.len() <= 3;

    // Clause by clause: a clause made only of keywords (and polite words) counts as keywords.
    let mut intent_matches: Vec<Match> = Vec::new();
    let mut covered = 0;
    let mut content = 0;
    let clauses = tokens.last().map_or(0, |t| t.clause as usize + 1);
    for c in 0..clauses {
        let idx: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens[i].clause as usize == c && !polite[i])
            .collect();
        content += idx.len();
        if idx.is_empty() {
            continue;
        }
        let seg = segment_clause(tokens, &idx, &keywords).or_else(|| {
            if short(&idx) {
                segment_with_typo(tokens, &idx, &scope, &known)
            } else {
                None
            }
        });
        if let Some(seg) = seg.and_then(|seg| keyword_clause(tokens, seg)) {
            covered += idx.len();
            intent_matches.extend(seg);
        }
    }
    let whole_keyword = content > 0 && covered == content;

    // Free text: phrases anywhere, and a stop, access or erasure keyword written in capitals
    // ("I said STOP"). Other capitalised keywords inside a sentence are mostly quoted, not
    // chosen ("What do PROMO and TRANS mean?").
    for m in &all {
        let Some(_) = m.intent else { continue };
        if masked(m) {
            continue;
        }
        // Emoji count only as a clause of their own ("Thanks, it arrived 👍" is no consent).
        let shouted = m.keyword
            && m.intent.is_some_and(Intent::any_language)
            && tokens[m.start..m.end].iter().all(|t| t.shouted && !t.emoji);
        if (!m.keyword || shouted)
            && !intent_matches
                .iter()
                .any(|k| k.start == m.start && k.end == m.end && k.pattern == m.pattern)
        {
            intent_matches.push(*m);
        }
    }

    // Consent must be unambiguous (Art. 4(11)): when the language was only guessed, a yes is no
    // consent if its word, alone as a reply, means something else in another language ("tak":
    // yes in Polish, thanks in Danish; "ne": no in Czech).
    if !ambiguous_ok {
        intent_matches.retain(|m| {
            m.intent != Some(Intent::Confirm)
                || !(m.start..m.end).any(|i| DATA.conflicted.contains(&tokens[i].id))
        });
    }

    // Negation undoes a match in the same clause: just before it ("don't stop sending"), just
    // after it in languages that negate after the verb ("Stop ikke", "hört nicht auf"), or
    // inside a gap of the phrase. Applied before overlaps are resolved, so a negated long match
    // cannot push out a shorter one that stands.
    let before: Vec<&Match> = of(Modifier::Negation).collect();
    let after: Vec<&Match> = of(Modifier::NegationAfter).collect();
    let same_clause = |a: usize, b: usize| tokens[a].clause == tokens[b].clause;
    intent_matches.retain(|m| {
        let negated_before = before.iter().any(|n| {
            (n.end <= m.start && m.start - n.end <= 2 && same_clause(n.start, m.start))
                || (n.start > m.start && n.end <= m.end && in_gap(m, tokens, n.start))
        });
        let negated_after = after.iter().any(|n| {
            (n.start >= m.end && n.start - m.end <= 1 && same_clause(m.start, n.start))
                || (n.start > m.start && n.end <= m.end && in_gap(m, tokens, n.start))
        });
        !(negated_before || negated_after)
    });

    // Overlaps: stopping marketing is more specific than stopping ("stop sending ads" is
    // pref_trans); otherwise the longer match is ("stop promotions" over "stop").
    let marketing: Vec<Match> = intent_matches
        .iter()
        .filter(|m| m.intent == Some(Intent::PrefTrans))
        .copied()
        .collect();
    intent_matches.retain(|m| {
        m.intent != Some(Intent::OptOut)
            || !marketing.iter().any(|t| {
                t.overlaps(m) && (!m.keyword || (t.start <= m.start && t.end >= m.end && t.len() > m.len()))
            })
    });
    // A wish to stop, to see or to erase data is never lost to an overlapping longer match of
    // another kind ("I'm not interested anymore": decline and opt_out overlap; opt_out stays).
    intent_matches.sort_by_key(|m| {
        let class = usize::from(!m.intent.is_some_and(Intent::any_language));
        (
            class,
            std::cmp::Reverse(m.len()),
            m.intent.map_or(usize::MAX, Intent::rank),
        )
    });
    let mut kept: Vec<Match> = Vec::new();
    for m in intent_matches {
        if kept
            .iter()
            .all(|k| !k.overlaps(&m) || (k.start == m.start && k.end == m.end))
        {
            kept.push(m);
        }
    }

    // "Can I unsubscribe later?" is a question about the future, not a wish.
    let hypothetical = of(Modifier::Hypothetical).next().is_some();
    if hypothetical {
        kept.retain(|m| m.keyword || !matches!(m.intent, Some(Intent::OptOut | Intent::Start)));
    }
    // A yes tied to a question or a condition is not an unambiguous consent (Art. 4(11)).
    // (A conditional word that is the yes itself does not count: Latvian "jā" folds to "ja", "if".)
    let conditionals: Vec<&Match> = of(Modifier::Conditional).collect();
    kept.retain(|m| {
        m.intent != Some(Intent::Confirm) || !(norm.question || conditionals.iter().any(|c| !c.overlaps(m)))
    });

    let (intent, also) = pick(kept.iter().filter_map(|m| m.intent));
    let decider = kept
        .iter()
        .filter(|m| m.intent == Some(intent))
        .min_by_key(|m| m.start);
    let matched = decider.map(|m| text[tokens[m.start].start..tokens[m.end - 1].end].to_string());

    let lang = given.map(|g| DATA.langs[g as usize].code);
    Reply {
        intent,
        confidence: match intent {
            Intent::None => None,
            _ if whole_keyword => Some(Confidence::Keyword),
            _ => Some(Confidence::Phrase),
        },
        lang,
        matched,
        token,
        also,
        assumed_pending: !pending && matches!(intent, Intent::Confirm | Intent::Decline),
    }
}

/// Every pattern that matched, for debugging the language data (`examples/explain_reply.rs`).
#[doc(hidden)]
pub fn explain(text: &str, lang: Option<&str>) -> Vec<String> {
    let given = lang.and_then(|l| resolve_lang(l).ok());
    let mut norm = normalize(text);
    intern(&mut norm.tokens);
    find_matches(&norm.tokens, &Scope { given })
        .iter()
        .map(|m| {
            let p = &DATA.patterns[m.pattern as usize];
            let lang = DATA.langs.get(p.lang as usize).map_or("*", |l| l.code);
            let words: Vec<&str> = norm.tokens[m.start..m.end]
                .iter()
                .map(|t| t.text.as_str())
                .collect();
            format!(
                "{lang} {:?} [{}..{}] {:?} <- {:?}",
                p.role,
                m.start,
                m.end,
                words.join(" "),
                p.words
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
