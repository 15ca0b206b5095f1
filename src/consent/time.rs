//! ISO 8601 instants as epoch milliseconds, without a date crate: the engine only needs UTC
//! instants, offsets, and calendar months (Art. 12(3) "one month").

use crate::error::Error;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

pub const MS_PER_HOUR: i64 = 3_600_000;
pub const MS_PER_DAY: i64 = 86_400_000;
/// Years 1900–9999: anything else in a consent record is a typo.
const MIN_MS: i64 = -2_208_988_800_000;
const MAX_MS: i64 = 253_402_300_799_999;

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH:MM` (a date alone is
/// midnight UTC; a date-time without an offset is refused: its instant is unknown).
pub fn parse(s: &str) -> Result<i64, Error> {
    let bad = || Error::invalid_argument(format!("{s:?} is not an ISO 8601 date-time such as 2026-11-29T08:00:00Z"));
    let b = s.trim().as_bytes();
    if b.len() > 40 {
        return Err(bad());
    }
    let num = |from: usize, len: usize| -> Result<i64, Error> {
        let part = b.get(from..from + len).ok_or_else(bad)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        Ok(part.iter().fold(0i64, |a, &c| a * 10 + (c - b'0') as i64))
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&mo) {
        return Err(bad());
    }
    if d < 1 || d > days_in_month(y, mo as u32) as i64 {
        return Err(bad());
    }
    let mut ms = days_from_civil(y, mo as u32, d as u32) * MS_PER_DAY;
    if b.len() == 10 {
        return in_range(ms).ok_or_else(bad);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return Err(bad());
    }
    let (h, mi) = (num(11, 2)?, num(14, 2)?);
    let mut i = 16;
    let mut sec = 0;
    if b.get(i) == Some(&b':') {
        sec = num(i + 1, 2)?;
        i += 3;
    }
    let mut frac_ms = 0;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 3 {
                frac_ms = frac_ms * 10 + (b[i] - b'0') as i64;
            }
            i += 1;
        }
        if i == start {
            return Err(bad());
        }
        for _ in (i - start)..3 {
            frac_ms *= 10;
        }
    }
    if h > 23 || mi > 59 || sec > 60 {
        return Err(bad());
    }
    ms += h * MS_PER_HOUR + mi * 60_000 + sec.min(59) * 1000 + frac_ms;
    match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => {}
        Some(&sign @ (b'+' | b'-')) => {
            let oh = num(i + 1, 2)?;
            let om = match b.get(i + 3) {
                Some(b':') if b.len() == i + 6 => num(i + 4, 2)?,
                None if b.len() == i + 3 => 0,
                Some(_) if b.len() == i + 5 => num(i + 3, 2)?,
                _ => return Err(bad()),
            };
            if oh > 23 || om > 59 {
                return Err(bad());
            }
            let off = oh * MS_PER_HOUR + om * 60_000;
            ms += if sign == b'+' { -off } else { off };
        }
        _ => return Err(bad()),
    }
    in_range(ms).ok_or_else(bad)
}

fn in_range(ms: i64) -> Option<i64> {
    (MIN_MS..=MAX_MS).contains(&ms).then_some(ms)
}

/// `2026-11-29T08:00:00.000Z`, the form JavaScript's `toISOString` gives.
pub fn format(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let rem = ms.rem_euclid(MS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / MS_PER_HOUR,
        rem % MS_PER_HOUR / 60_000,
        rem % 60_000 / 1000,
        rem % 1000
    )
}

/// The same day-of-month `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb).
pub fn add_months(ms: i64, months: i64) -> i64 {
    let days = ms.div_euclid(MS_PER_DAY);
    let rem = ms.rem_euclid(MS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    let total = y * 12 + (m as i64 - 1) + months;
    let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
    let nd = d.min(days_in_month(ny, nm));
    days_from_civil(ny, nm, nd) * MS_PER_DAY + rem
}

/// `YYYY-MM-DD` of an instant (UTC).
pub fn date(ms: i64) -> String {
    format(ms)[..10].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_offsets() {
        let t = parse("2026-11-29T08:00:00Z").unwrap();
        assert_eq!(format(t), "2026-11-29T08:00:00.000Z");
        assert_eq!(parse("2026-11-29T09:00:00+01:00").unwrap(), t);
        assert_eq!(parse("2026-11-29T03:30:00-0430").unwrap(), t);
        assert_eq!(parse("2026-11-29T08:00:00.123456Z").unwrap(), t + 123);
        assert_eq!(parse("1970-01-01").unwrap(), 0);
        assert_eq!(format(parse("2024-02-29T23:59:59.999Z").unwrap()), "2024-02-29T23:59:59.999Z");
        for bad in ["2026-02-30", "2026-11-29T08:00:00", "2026-13-01", "29.11.2026", "", "2026-11-29T25:00Z", "0001-01-01"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn calendar_months_clamp_to_month_end() {
        let t = parse("2026-01-31T12:00:00Z").unwrap();
        assert_eq!(format(add_months(t, 1)), "2026-02-28T12:00:00.000Z");
        assert_eq!(format(add_months(t, 13)), "2027-02-28T12:00:00.000Z");
        assert_eq!(format(add_months(parse("2024-03-31").unwrap(), -1)), "2024-02-29T00:00:00.000Z");
    }
}
