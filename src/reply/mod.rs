//! Understanding inbound WhatsApp replies in 30 languages: `parse_reply` decides one intent
//! (with any secondary ones), how sure it is, and finds a double-opt-in token.
//!
//! Labelling policy (issue #3): a reasonable wish to stop is `opt_out` (GDPR Art. 7(3):
//! withdrawing must be as easy as consenting; FCC 47 CFR 64.1200(a)(10): "any reasonable
//! method"); a doubtful consent is not `confirm` (GDPR Art. 4(11): consent is "unambiguous").
//! `erasure_request` (Art. 17) beats `opt_out`, which beats everything else.

mod data;
mod fold_table;
pub mod normalize;
#[doc(hidden)]
pub mod eval;

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
        matches!(self, Intent::OptOut | Intent::ErasureRequest | Intent::AccessRequest)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The reply is a bare keyword (however typed).
    Keyword,
    /// Understood from free text.
    Phrase,
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
    let primary = code.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let primary = if primary == "no" { "nb".to_string() } else { primary };
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

fn word_matches(w: &Word, t: &Token) -> bool {
    match w {
        Word::Exact(e) => t.text == **e || t.alt.as_deref() == Some(&**e),
        Word::Prefix(p) => t.text.starts_with(&**p) || t.alt.as_deref().is_some_and(|a| a.starts_with(&**p)),
        Word::Gap => true,
    }
}

/// End (exclusive) of the longest match of `words` starting at token `i`.
fn match_at(words: &[Word], tokens: &[Token], i: usize) -> Option<usize> {
    let Some((first, rest)) = words.split_first() else { return Some(i) };
    match first {
        Word::Gap => {
            (0..=3).rev().filter(|g| i + g <= tokens.len()).find_map(|g| match_at(rest, tokens, i + g))
        }
        w => {
            let t = tokens.get(i)?;
            if t.emoji && !matches!(w, Word::Exact(e) if e.starts_with('\u{1}')) {
                return None;
            }
            word_matches(w, t).then(|| match_at(rest, tokens, i + 1)).flatten()
        }
    }
}

struct Scope {
    given: Option<u8>,
}

impl Scope {
    /// Whether a pattern of `lang` with `role` speaks in this conversation.
    fn allows(&self, lang: u8, role: Role) -> bool {
        let Some(given) = self.given else { return true };
        if lang == given || lang == DATA.english || lang == ANY_LANG {
            return true;
        }
        match role {
            Role::Keyword(i) | Role::Phrase(i) => i.any_language(),
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
        for key in std::iter::once(t.text.as_str()).chain(t.alt.as_deref()) {
            if let Some(ids) = DATA.by_word.get(key) {
                candidates.extend_from_slice(ids);
            }
            for n in 1..=3 {
                if let Some((end, _)) = key.char_indices().nth(n) {
                    if let Some(ids) = DATA.by_prefix.get(&key[..end]) {
                        candidates.extend_from_slice(ids);
                    }
                } else if key.chars().count() == n {
                    if let Some(ids) = DATA.by_prefix.get(key) {
                        candidates.extend_from_slice(ids);
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &id in &candidates {
            let p = &DATA.patterns[id as usize];
            if !scope.allows(p.lang, p.role) {
                continue;
            }
            if let Some(end) = match_at(&p.words, tokens, i) {
                let (intent, keyword) = match p.role {
                    Role::Keyword(i) => (Some(i), true),
                    Role::Phrase(i) => (Some(i), false),
                    Role::Modifier(_) => (None, false),
                };
                out.push(Match { pattern: id, start: i, end, intent, keyword });
            }
        }
    }
    out
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
        ra.len() <= 1 || ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if ra.len() > rb.len() {
        ra[1..] == *rb
    } else {
        rb[1..] == *ra
    }
}

/// Keyword patterns one typo away from a single word of 4+ letters.
fn typo_candidates(word: &str, scope: &Scope) -> Vec<u32> {
    if word.chars().count() < 4 || word.starts_with('\u{1}') {
        return Vec::new();
    }
    let mut ids: Vec<u32> = Vec::new();
    for key in std::iter::once(word.to_string()).chain(data::deletions(word)) {
        if let Some(found) = DATA.typo.get(key.as_str()) {
            ids.extend_from_slice(found);
        }
    }
    if let Some(found) = DATA.by_word.get(word) {
        ids.extend(found.iter().filter(|&&id| matches!(DATA.patterns[id as usize].role, Role::Keyword(_))));
    }
    ids.sort_unstable();
    ids.dedup();
    ids.retain(|&id| {
        let p = &DATA.patterns[id as usize];
        let Word::Exact(w) = &p.words[0] else { return false };
        p.words.len() == 1 && w.chars().count() >= 4 && scope.allows(p.lang, p.role) && within_one_edit(word, w)
    });
    ids
}

/// Splits one clause's non-polite tokens into whole keywords, longest first. Returns the keyword
/// matches, or None when some token is not part of a keyword.
fn segment_clause(tokens: &[Token], idx: &[usize], keywords: &[Match], scope: &Scope) -> Option<Vec<Match>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < idx.len() {
        // Keyword matches that start at this token and cover only consecutive remaining tokens.
        let here: Vec<&Match> = keywords
            .iter()
            .filter(|m| m.start == idx[k] && (0..m.len()).all(|d| idx.get(k + d) == Some(&(m.start + d))))
            .collect();
        if let Some(longest) = here.iter().map(|m| m.len()).max() {
            out.extend(here.into_iter().filter(|m| m.len() == longest).copied());
            k += longest;
            continue;
        }
        // One-letter typos, only for a clause that is a single word.
        if idx.len() == 1 {
            let typos = typo_candidates(&tokens[idx[0]].text, scope);
            if !typos.is_empty() {
                for id in typos {
                    let Role::Keyword(intent) = DATA.patterns[id as usize].role else { continue };
                    out.push(Match { pattern: id, start: idx[0], end: idx[0] + 1, intent: Some(intent), keyword: true });
                }
                return Some(out);
            }
        }
        return None;
    }
    Some(out)
}

/// Finds a double-opt-in token (26 Crockford symbols, grouped with `-` or spaces) in the text.
fn find_token(text: &str) -> Option<(String, usize, usize)> {
    // Groups: runs of ASCII letters/digits separated by a single '-' or ' '.
    let bytes = text.as_bytes();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let s = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            groups.push((s, i));
        } else {
            i += 1;
        }
    }
    for a in 0..groups.len() {
        let mut count = 0;
        for b in a..groups.len() {
            if b > a {
                let gap = &text[groups[b - 1].1..groups[b].0];
                if gap != "-" && gap != " " {
                    break;
                }
            }
            count += groups[b].1 - groups[b].0;
            if count == token::TOKEN_SYMBOLS {
                let (s, e) = (groups[a].0, groups[b].1);
                if let Ok(t) = token::parse_token(&text[s..e]) {
                    return Some((t, s, e));
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
    let scope = Scope { given };

    let found_token = find_token(text);
    let mut norm = normalize(text);
    if let Some((_, s, e)) = &found_token {
        norm.tokens.retain(|t| t.end <= *s || t.start >= *e);
    }
    norm.tokens.truncate(MAX_TOKENS);
    let tokens = &norm.tokens;

    let all = find_matches(tokens, &scope);
    let of = |m: Modifier| all.iter().filter(move |x| modifier(x) == Some(m));

    // Words in another sense ("bus stop", "Stoppuhr") mask the triggers inside them.
    let masks: Vec<&Match> = of(Modifier::OtherSense).collect();
    let masked = |m: &Match| masks.iter().any(|o| o.overlaps(m) && !(m.len() > o.len() && m.start <= o.start && m.end >= o.end));

    // Polite words around keywords do not change them ("Stopp danke", "STOP please").
    let mut polite = vec![false; tokens.len()];
    for m in of(Modifier::Polite) {
        polite[m.start..m.end].iter_mut().for_each(|p| *p = true);
    }
    let keywords: Vec<Match> = all.iter().filter(|m| m.keyword && !masked(m)).copied().collect();

    // Clause by clause: a clause made only of keywords (and polite words) counts as keywords.
    let mut intent_matches: Vec<Match> = Vec::new();
    let mut covered = 0;
    let mut content = 0;
    let clauses = tokens.last().map_or(0, |t| t.clause as usize + 1);
    for c in 0..clauses {
        let idx: Vec<usize> = (0..tokens.len()).filter(|&i| tokens[i].clause as usize == c && !polite[i]).collect();
        content += idx.len();
        if idx.is_empty() {
            continue;
        }
        if let Some(seg) = segment_clause(tokens, &idx, &keywords, &scope) {
            covered += idx.len();
            intent_matches.extend(seg);
        }
    }
    let whole_keyword = content > 0 && covered == content;

    // Free text: phrases anywhere, and keywords written in capitals ("I said STOP").
    for m in &all {
        let Some(_) = m.intent else { continue };
        if masked(m) {
            continue;
        }
        let shouted = m.keyword && tokens[m.start..m.end].iter().all(|t| t.shouted || t.emoji);
        if (!m.keyword || shouted) && !intent_matches.iter().any(|k| k.start == m.start && k.end == m.end && k.pattern == m.pattern) {
            intent_matches.push(*m);
        }
    }

    // Ambiguous yes/no words ("tak": yes in Polish, thanks in Danish) count only in their own
    // conversation language; without one they are never consent.
    intent_matches.retain(|m| {
        let lang = lang_of(m);
        let ambiguous = (m.start..m.end).any(|i| DATA.ambiguous.contains(&(lang, tokens[i].text.as_str().into())));
        !ambiguous || Some(lang) == given || (given.is_none() && m.intent != Some(Intent::Confirm))
    });

    // Overlaps: the longer match is the more specific ("stop promotions" over "stop").
    intent_matches.sort_by_key(|m| (std::cmp::Reverse(m.len()), m.intent.map_or(usize::MAX, Intent::rank)));
    let mut kept: Vec<Match> = Vec::new();
    for m in intent_matches {
        if kept.iter().all(|k| !k.overlaps(&m) || (k.start == m.start && k.end == m.end)) {
            kept.push(m);
        }
    }

    // Negation just before a match, in the same clause, undoes it ("don't stop sending").
    let negations: Vec<&Match> = of(Modifier::Negation).collect();
    let decline_word = |n: &Match| {
        n.len() == 1 && keywords.iter().any(|k| k.start == n.start && k.len() == 1 && k.intent == Some(Intent::Decline))
    };
    kept.retain(|m| {
        !negations.iter().any(|n| {
            n.end <= m.start
                && m.start - n.end <= 2
                && tokens[n.start].clause == tokens[m.start].clause
                // "No stop" is a stop: a bare no before an opt-out is not a negation of it.
                && !(m.intent.is_some_and(Intent::any_language) && decline_word(n))
        })
    });

    // "Can I unsubscribe later?" is a question about the future, not a wish.
    let hypothetical = of(Modifier::Hypothetical).next().is_some();
    if hypothetical {
        kept.retain(|m| m.keyword || !matches!(m.intent, Some(Intent::OptOut | Intent::Start)));
    }
    // A yes tied to a question or a condition is not an unambiguous consent (Art. 4(11)).
    let conditional = of(Modifier::Conditional).next().is_some();
    if conditional || norm.question {
        kept.retain(|m| m.intent != Some(Intent::Confirm));
    }

    let (intent, also) = pick(kept.iter().filter_map(|m| m.intent));
    let decider = kept.iter().filter(|m| m.intent == Some(intent)).min_by_key(|m| m.start);
    let matched = decider.map(|m| text[tokens[m.start].start..tokens[m.end - 1].end].to_string());

    let lang = match given {
        Some(g) => Some(DATA.langs[g as usize].code),
        None => detect_lang(&kept, decider),
    };
    Ok(Reply {
        intent,
        confidence: match intent {
            Intent::None => None,
            _ if whole_keyword => Some(Confidence::Keyword),
            _ => Some(Confidence::Phrase),
        },
        lang,
        matched,
        token: found_token.map(|(t, _, _)| t),
        also,
        assumed_pending: !opts.pending && matches!(intent, Intent::Confirm | Intent::Decline),
    })
}

/// The language with the most matched words, preferring the deciding match's language.
fn detect_lang(kept: &[Match], decider: Option<&Match>) -> Option<&'static str> {
    let mut score = vec![0usize; DATA.langs.len()];
    for m in kept {
        let l = lang_of(m);
        if l != ANY_LANG {
            score[l as usize] += m.len() * 2 + usize::from(decider.is_some_and(|d| d.pattern == m.pattern));
        }
    }
    // Many languages share a keyword ("stop"): the decider's own language wins a tie.
    let best = *score.iter().max()?;
    if best == 0 {
        return None;
    }
    if let Some(d) = decider {
        let l = lang_of(d);
        if l != ANY_LANG && score[l as usize] == best {
            return Some(DATA.langs[l as usize].code);
        }
    }
    score.iter().position(|&s| s == best).map(|i| DATA.langs[i].code)
}

#[cfg(test)]
mod tests;
