//! Time helpers: the simulator's (offsettable) wall clock and the timestamp
//! formats used on the wire.
//!
//! Notify formats timestamps as `%Y-%m-%dT%H:%M:%S.%fZ` (microseconds, UTC)
//! and HTTP `Date` headers as RFC 7231 IMF-fixdate. Both are implemented
//! here without a date-time dependency.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Microseconds in one second.
pub const MICROS_PER_SEC: i64 = 1_000_000;

/// The server clock: real UTC time shifted by a configurable offset.
///
/// The offset moves the time used for JWT `iat` checks, the `Date`
/// response header and the timestamps of new notifications.
#[derive(Debug, Default)]
pub struct Clock {
    offset_micros: AtomicI64,
}

impl Clock {
    /// A clock with no offset.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the offset, in (possibly fractional, possibly negative) seconds.
    pub fn set_offset_secs(&self, secs: f64) {
        let micros = (secs * MICROS_PER_SEC as f64).round();
        let micros = if micros.is_finite() {
            micros.clamp(i64::MIN as f64 / 4.0, i64::MAX as f64 / 4.0) as i64
        } else {
            0
        };
        self.offset_micros.store(micros, Ordering::Relaxed);
    }

    /// The current offset in seconds.
    pub fn offset_secs(&self) -> f64 {
        self.offset_micros.load(Ordering::Relaxed) as f64 / MICROS_PER_SEC as f64
    }

    /// Current server time in microseconds since the Unix epoch.
    pub fn now_micros(&self) -> i64 {
        real_now_micros().saturating_add(self.offset_micros.load(Ordering::Relaxed))
    }

    /// Current server time in whole seconds since the Unix epoch (floor).
    pub fn now_secs(&self) -> i64 {
        self.now_micros().div_euclid(MICROS_PER_SEC)
    }
}

/// Real wall-clock time in microseconds since the Unix epoch.
pub fn real_now_micros() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_micros()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_micros()).unwrap_or(i64::MAX),
    }
}

/// Civil date (year, month 1-12, day 1-31) from days since 1970-01-01.
/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of a civil date. Howard Hinnant's `days_from_civil`.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Day of week for days since the epoch: 0 = Monday … 6 = Sunday.
pub fn weekday(days: i64) -> u32 {
    // 1970-01-01 was a Thursday (3).
    (days + 3).rem_euclid(7) as u32
}

/// Formats microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
pub fn format_timestamp(micros: i64) -> String {
    let secs = micros.div_euclid(MICROS_PER_SEC);
    let frac = micros.rem_euclid(MICROS_PER_SEC);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{frac:06}Z",
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60
    )
}

/// Formats seconds since the epoch as an RFC 7231 HTTP date,
/// e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let dow = DAYS.get(weekday(days) as usize).copied().unwrap_or("Mon");
    let mon = MONTHS
        .get((m as usize).saturating_sub(1))
        .copied()
        .unwrap_or("Jan");
    format!(
        "{dow}, {d:02} {mon} {y:04} {:02}:{:02}:{:02} GMT",
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60
    )
}

/// Parses a loose ISO 8601 date-time (`YYYY-MM-DD[T| ]HH:MM[:SS[.ffffff]][Z|±HH[:]MM]`)
/// into microseconds since the epoch. A missing zone means UTC.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 16 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let year = num(0..4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = u32::try_from(num(5..7)?).ok()?;
    let day = u32::try_from(num(8..10)?).ok()?;
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let hour = num(11..13)?;
    let minute = num(14..16)?;
    let mut i = 16;
    let mut second = 0;
    let mut micros = 0i64;
    if b.get(i) == Some(&b':') {
        second = num(i + 1..i + 3)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
            let digits = s.get(start..i.min(start + 6))?;
            let mut frac: i64 = digits.parse().ok()?;
            for _ in digits.len()..6 {
                frac *= 10;
            }
            micros = frac;
        }
    }
    let offset_secs = match s.get(i..)? {
        "" | "Z" | "z" => 0,
        rest => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest.chars().skip(1).filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let hh: i64 = digits.get(0..2)?.parse().ok()?;
            let mm: i64 = digits.get(2..4)?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    Some(secs * MICROS_PER_SEC + micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_timestamps() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(
            format_timestamp(1_715_961_518_342_838),
            "2024-05-17T15:58:38.342838Z"
        );
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
    }

    #[test]
    fn parses_iso8601() {
        assert_eq!(
            parse_iso8601("2024-05-17T15:58:38.342838Z"),
            Some(1_715_961_518_342_838)
        );
        assert_eq!(
            parse_iso8601("2024-05-17 16:58:38.342838+01:00"),
            Some(1_715_961_518_342_838)
        );
        assert_eq!(
            parse_iso8601("2024-05-17 15:58"),
            Some(1_715_961_480_000_000)
        );
        assert_eq!(parse_iso8601("tomorrow"), None);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(weekday(0), 3);
    }
}
