//! Text normalisation shared by the language data and incoming replies, so both meet in the
//! same form: lower case, accents folded, Arabic letter variants unified, elongations collapsed,
//! emoji that carry a meaning turned into marker words, everything else split into words.

use super::fold_table::FOLD;

/// Marker words for emoji (they cannot collide with real words: they start with U+0001).
pub const EMOJI_STOP: &str = "\u{1}stop";
pub const EMOJI_YES: &str = "\u{1}yes";
pub const EMOJI_NO: &str = "\u{1}no";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded form with runs of three or more equal letters collapsed to one.
    pub text: String,
    /// Other readings: runs of three or more collapsed to two ("goood" → "good"), every double
    /// letter made single ("jaa" → "ja"), ae/oe/ue read as umlauts ("loeschen" → "loschen").
    pub alts: Vec<String>,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// Clause number: punctuation such as `.`, `,`, `!`, `?` starts a new clause.
    pub clause: u16,
    /// Every letter was upper case in the original ("STOP" inside a sentence is a keyword).
    pub shouted: bool,
    pub emoji: bool,
    /// Numbers of `text` and of each of `alts` among the data's words (`data::UNKNOWN` when
    /// absent); set by the matcher.
    pub id: u32,
    pub alt_ids: Vec<u32>,
}

#[derive(Debug, Default)]
pub struct Normalized {
    pub tokens: Vec<Token>,
    pub question: bool,
}

fn fold_char(c: char, out: &mut String) {
    let cp = c as u32;
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Ok(i) = FOLD.binary_search_by_key(&cp, |&(k, _)| k) {
        out.push_str(FOLD[i].1);
        return;
    }
    match cp {
        // Arabic: harakat, tatweel and Quranic marks carry no meaning in chat.
        0x064B..=0x065F | 0x0670 | 0x0640 | 0x06D6..=0x06ED => {}
        // Alef with hamza or madda → bare alef; teh marbuta → heh; alef maksura → yeh.
        0x0622 | 0x0623 | 0x0625 | 0x0671 => out.push('\u{627}'),
        0x0629 => out.push('\u{647}'),
        0x0649 => out.push('\u{64A}'),
        0x0624 => out.push('\u{648}'),
        0x0626 => out.push('\u{64A}'),
        // Arabic-Indic and Persian digits → ASCII.
        0x0660..=0x0669 => out.push(char::from(b'0' + (cp - 0x0660) as u8)),
        0x06F0..=0x06F9 => out.push(char::from(b'0' + (cp - 0x06F0) as u8)),
        // Combining marks left over from decomposed input.
        0x0300..=0x036F => {}
        _ => out.extend(c.to_lowercase()),
    }
}

fn emoji_meaning(c: char) -> Option<&'static str> {
    match c {
        '🛑' | '⛔' | '🚫' | '✋' | '🙅' | '🔕' => Some(EMOJI_STOP),
        '👍' | '👌' | '✅' | '✔' | '☑' | '🙆' => Some(EMOJI_YES),
        '👎' | '❌' | '✖' => Some(EMOJI_NO),
        _ => None,
    }
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '¿' | '¡' | '،' | '؛' | '؟' | '\u{37E}' | '…' | '(' | ')'
    )
}

fn is_question(c: char) -> bool {
    matches!(c, '?' | '¿' | '؟' | '\u{37E}')
}

fn has_long_run(word: &str) -> bool {
    let mut prev = None;
    let mut run = 0;
    for c in word.chars() {
        if Some(c) == prev {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            prev = Some(c);
            run = 1;
        }
    }
    false
}

fn finish_word(
    raw: &str,
    folded: &mut String,
    start: usize,
    end: usize,
    clause: u16,
    tokens: &mut Vec<Token>,
) {
    if folded.is_empty() {
        return;
    }
    let word = std::mem::take(folded);
    let has_letters = raw.chars().any(char::is_alphabetic);
    // Capitals need a script that has them: Arabic letters are neither upper nor lower case.
    let shouted = has_letters
        && raw
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
        && raw.chars().filter(|c| c.is_alphabetic()).count() > 1;
    let text = if has_long_run(&word) {
        collapse_runs(&word, 1)
    } else {
        word.clone()
    };
    let mut alts: Vec<String> = Vec::new();
    let mut add = |v: String| {
        if v != text && !alts.contains(&v) {
            alts.push(v);
        }
    };
    if has_long_run(&word) {
        add(collapse_runs(&word, 2));
    }
    if word.chars().count() <= 8 {
        add(collapse_all(&word));
    }
    if word.contains("ae") || word.contains("oe") || word.contains("ue") {
        // German and Scandinavian keyboards without umlauts: "loeschen" is "löschen" (→ "loschen").
        add(word.replace("ae", "a").replace("oe", "o").replace("ue", "u"));
    }
    tokens.push(Token {
        text,
        alts,
        start,
        end,
        clause,
        shouted,
        emoji: false,
        id: u32::MAX,
        alt_ids: Vec::new(),
    });
}

/// Every run of equal characters made single ("jaa" → "ja", "sii" → "si").
fn collapse_all(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut prev = None;
    for c in word.chars() {
        if Some(c) != prev {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Collapses every run of 3+ equal characters to `keep`, leaving runs of two alone.
fn collapse_runs(word: &str, keep: usize) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        let run = j - i;
        let n = if run >= 3 { keep } else { run };
        for _ in 0..n {
            out.push(chars[i]);
        }
        i = j;
    }
    out
}

/// Splits text into folded words. Used for replies and for every entry of the language data.
pub fn normalize(text: &str) -> Normalized {
    let mut n = Normalized::default();
    let mut folded = String::new();
    let mut start = 0;
    let mut clause: u16 = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if let Some(marker) = emoji_meaning(c) {
            if in_word {
                finish_word(&text[start..i], &mut folded, start, i, clause, &mut n.tokens);
                in_word = false;
            }
            n.tokens.push(Token {
                text: marker.to_string(),
                alts: Vec::new(),
                start: i,
                end: i + c.len_utf8(),
                clause,
                shouted: false,
                emoji: true,
                id: u32::MAX,
                alt_ids: Vec::new(),
            });
            continue;
        }
        // Word characters: letters and digits of any script, and combining marks inside a word.
        let mark = matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x0640);
        if c.is_alphanumeric() || (mark && in_word) {
            if !in_word {
                in_word = true;
                start = i;
            }
            fold_char(c, &mut folded);
            continue;
        }
        if in_word {
            finish_word(&text[start..i], &mut folded, start, i, clause, &mut n.tokens);
            in_word = false;
        }
        if is_question(c) {
            n.question = true;
        }
        // A full stop followed by a lower-case word ends an abbreviation ("tel. číslo"), not a
        // clause.
        let abbreviation = c == '.'
            && text[i + 1..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|next| next.is_lowercase());
        if is_clause_break(c) && !abbreviation && n.tokens.last().is_some_and(|t| t.clause == clause) {
            clause = clause.saturating_add(1);
        }
    }
    if in_word {
        finish_word(
            &text[start..],
            &mut folded,
            start,
            text.len(),
            clause,
            &mut n.tokens,
        );
    }
    n
}

/// The folded words of a data entry (no elongation variants: data is written plainly).
pub fn words(entry: &str) -> Vec<String> {
    normalize(entry).tokens.into_iter().map(|t| t.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        normalize(s).tokens.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folds_case_accents_and_scripts() {
        assert_eq!(
            texts("LÖSCHEN Sie, désabonner!"),
            ["loschen", "sie", "desabonner"]
        );
        assert_eq!(texts("Straße ĦAŻEN łódź"), ["strasse", "hazen", "lodz"]);
        assert_eq!(texts("ΔΙΑΓΡΑΦΉ Ναι"), ["διαγραφη", "ναι"]);
        assert_eq!(texts("Отпишите МЕНЯ ёлка"), ["отпишите", "меня", "елка"]);
        assert_eq!(texts("أَلْغِ الاشتراك"), ["الغ", "الاشتراك"]);
        assert_eq!(texts("n'arrêtez pas"), ["n", "arretez", "pas"]);
    }

    #[test]
    fn elongation_has_one_and_two_letter_variants() {
        let n = normalize("Stoooop Abmeldennn stopp");
        assert_eq!(n.tokens[0].text, "stop");
        assert_eq!(n.tokens[0].alts, ["stoop"]);
        assert_eq!(n.tokens[1].text, "abmelden");
        assert_eq!(n.tokens[2].text, "stopp");
        assert_eq!(n.tokens[2].alts, ["stop"]);
        assert_eq!(normalize("loeschen").tokens[0].alts, ["loschen"]);
        assert_eq!(normalize("jaa").tokens[0].alts, ["ja"]);
    }

    #[test]
    fn clauses_questions_emoji_and_shouting() {
        let n = normalize("Yes, but when? 🛑 STOP");
        let t: Vec<_> = n.tokens.iter().map(|t| (t.text.as_str(), t.clause)).collect();
        assert_eq!(
            t,
            [("yes", 0), ("but", 1), ("when", 1), (EMOJI_STOP, 2), ("stop", 2)]
        );
        assert!(n.question);
        assert!(n.tokens[4].shouted && !n.tokens[0].shouted);
        assert!(n.tokens[3].emoji);
    }
}
