//! Timestamp formats: epoch seconds, RFC 3339 (`date-time`) and RFC 7231 (`http-date`).

use crate::primitives::DateTime;

const DAY_NAMES: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day number (since 1970-01-01).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: usize,
}

fn parts(time: &DateTime) -> Parts {
    let days = time.secs().div_euclid(86_400);
    let seconds = time.secs().rem_euclid(86_400) as u32;
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: seconds / 3600,
        minute: seconds / 60 % 60,
        second: seconds % 60,
        weekday: days.rem_euclid(7) as usize,
    }
}

/// Whole seconds since the epoch, as botocore sends `epoch-seconds` timestamps (rounded down).
pub fn format_epoch_seconds(time: &DateTime) -> i64 {
    time.secs()
}

/// `2019-12-16T23:48:18Z`, or with microseconds (`.123000Z`) when there is a fraction, as botocore
/// formats `date-time` timestamps.
pub fn format_date_time(time: &DateTime) -> String {
    let p = parts(time);
    let micros = time.subsec_nanos() / 1000;
    let mut out = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    );
    if micros > 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    out.push('Z');
    out
}

/// `20190101T234818Z`: the ISO 8601 basic form SigV4 dates are written in (whole seconds).
pub fn format_basic(time: &DateTime) -> String {
    let p = parts(time);
    let Ok(year @ 0..=9999) = u32::try_from(p.year) else {
        return format_date_time(&DateTime::from_secs(time.secs())).replace(['-', ':'], "");
    };
    let mut out = String::with_capacity(16);
    push_digits(&mut out, year, 4);
    push_digits(&mut out, p.month, 2);
    push_digits(&mut out, p.day, 2);
    out.push('T');
    push_digits(&mut out, p.hour, 2);
    push_digits(&mut out, p.minute, 2);
    push_digits(&mut out, p.second, 2);
    out.push('Z');
    out
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// `Mon, 16 Dec 2019 23:48:18 GMT`.
pub fn format_http_date(time: &DateTime) -> String {
    let p = parts(time);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAY_NAMES[p.weekday],
        p.day,
        MONTH_NAMES[(p.month - 1) as usize],
        p.year,
        p.hour,
        p.minute,
        p.second
    )
}

fn number(text: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| range.contains(n))
}

fn build(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
) -> Option<DateTime> {
    let days_in_month = match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days_in_month {
        return None;
    }
    // A leap second is read as the last second of the minute.
    let second = second.min(59);
    let seconds = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second);
    DateTime::from_secs_and_nanos(seconds, nanos)
}

/// Parses the ISO 8601 basic form SigV4 writes (`20190101T234818Z`, whole seconds, UTC): the
/// inverse of [`format_basic`].
pub fn parse_basic(text: &str) -> Option<DateTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || !text.is_ascii() || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    build(
        i64::from(number(&text[0..4], 0..=9999)?),
        number(&text[4..6], 1..=12)?,
        number(&text[6..8], 1..=31)?,
        number(&text[9..11], 0..=23)?,
        number(&text[11..13], 0..=59)?,
        number(&text[13..15], 0..=60)?,
        0,
    )
}

/// Parses RFC 3339: `2019-12-16T23:48:18Z`, with optional fraction and a `Z` or `±hh:mm` offset.
pub fn parse_date_time(text: &str) -> Option<DateTime> {
    let bytes = text.as_bytes();
    // Only ASCII is valid, and checking it first keeps every slice below on a character boundary.
    if !text.is_ascii()
        || bytes.len() < 20
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !matches!(bytes[10], b'T' | b't')
        || bytes[13] != b':'
        || bytes[16] != b':'
    {
        return None;
    }
    let year = i64::from(number(&text[0..4], 0..=9999)?);
    let month = number(&text[5..7], 1..=12)?;
    let day = number(&text[8..10], 1..=31)?;
    let hour = number(&text[11..13], 0..=23)?;
    let minute = number(&text[14..16], 0..=59)?;
    let second = number(&text[17..19], 0..=60)?;
    let mut rest = &text[19..];
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let kept = &fraction[..digits.min(9)];
        nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32);
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':' =>
        {
            let minutes = i64::from(number(&rest[1..3], 0..=23)?) * 60
                + i64::from(number(&rest[4..6], 0..=59)?);
            if rest.starts_with('-') {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let local = build(year, month, day, hour, minute, second, nanos)?;
    DateTime::from_secs_and_nanos(local.secs() - offset * 60, local.subsec_nanos())
}

/// Parses an IMF-fixdate (`Mon, 16 Dec 2019 23:48:18 GMT`), optionally with a fraction of a second.
pub fn parse_http_date(text: &str) -> Option<DateTime> {
    let (day_name, rest) = text.split_once(", ")?;
    if !DAY_NAMES.contains(&day_name) {
        return None;
    }
    let mut fields = rest.split(' ');
    let day = number(fields.next()?, 1..=31)?;
    let month_name = fields.next()?;
    let month = MONTH_NAMES.iter().position(|m| *m == month_name)? as u32 + 1;
    let year = i64::from(number(fields.next()?, 0..=9999)?);
    let clock = fields.next()?;
    if fields.next()? != "GMT" || fields.next().is_some() {
        return None;
    }
    let (clock, fraction) = match clock.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (clock, None),
    };
    let mut hms = clock.split(':');
    let hour = number(hms.next()?, 0..=23)?;
    let minute = number(hms.next()?, 0..=59)?;
    let second = number(hms.next()?, 0..=60)?;
    if hms.next().is_some() {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(digits) if !digits.is_empty() && digits.len() <= 9 => {
            number(digits, 0..=999_999_999)? * 10u32.pow(9 - digits.len() as u32)
        }
        Some(_) => return None,
    };
    build(year, month, day, hour, minute, second, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let t = DateTime::from_secs(1_576_540_098);
        assert_eq!(format_date_time(&t), "2019-12-16T23:48:18Z");
        assert_eq!(format_http_date(&t), "Mon, 16 Dec 2019 23:48:18 GMT");
        assert_eq!(parse_date_time("2019-12-16T23:48:18Z"), Some(t));
        assert_eq!(parse_date_time("2019-12-16T22:48:18-01:00"), Some(t));
        assert_eq!(parse_date_time("2019-12-17T00:48:18+01:00"), Some(t));
        assert_eq!(parse_http_date("Mon, 16 Dec 2019 23:48:18 GMT"), Some(t));
        let fraction = parse_date_time("2000-01-02T20:34:56.123Z").unwrap();
        assert_eq!(
            (fraction.secs(), fraction.subsec_nanos()),
            (946_845_296, 123_000_000)
        );
        assert_eq!(format_date_time(&fraction), "2000-01-02T20:34:56.123000Z");
        let before = DateTime::from_secs(-1);
        assert_eq!(format_date_time(&before), "1969-12-31T23:59:59Z");
        for bad in [
            "2019-02-30T00:00:00Z",
            "2019-12-16 23:48:18Z",
            "2019-12-16T23:48:18",
            "x",
        ] {
            assert!(parse_date_time(bad).is_none(), "{bad}");
        }
        assert!(parse_http_date("Mon, 32 Dec 2019 23:48:18 GMT").is_none());
        assert_eq!(format_basic(&t), "20191216T234818Z");
        assert_eq!(parse_basic("20191216T234818Z"), Some(t));
        for bad in [
            "20190230T000000Z",
            "20191216T234818",
            "20191216 234818Z",
            "2019121ST234818Z",
            "20191216T244818Z",
            "20191216T234818Z0",
            "201\u{e9}216T234818Z",
        ] {
            assert!(parse_basic(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn non_ascii_text_is_refused_wherever_it_stands() {
        for valid in [
            "2030-01-01T00:00:00Z",
            "2030-01-01T00:00:00.5+01:00",
            "20300101T000000Z",
            "Tue, 01 Jan 2030 00:00:00 GMT",
        ] {
            for at in 0..=valid.len() {
                for odd in ["\u{e9}", "\u{20ac}", "\u{1f600}"] {
                    let text = format!("{}{odd}{}", &valid[..at], &valid[at..]);
                    assert_eq!(parse_date_time(&text), None, "{text:?}");
                    assert_eq!(parse_basic(&text), None, "{text:?}");
                    assert_eq!(parse_http_date(&text), None, "{text:?}");
                }
                // In place of a character, too.
                if at < valid.len() {
                    let text = format!("{}\u{e9}{}", &valid[..at], &valid[at + 1..]);
                    assert_eq!(parse_date_time(&text), None, "{text:?}");
                }
            }
        }
    }
}
