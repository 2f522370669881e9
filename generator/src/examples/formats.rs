//! The string formats the validator checks: `date` and `date-time` (RFC 3339).

/// An RFC 3339 `full-date`: `YYYY-MM-DD` with a day that exists in its month.
pub(super) fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10 && date_at(bytes)
}

/// An RFC 3339 `date-time`: a full date, `T` (or `t` or a space), a time, optional fraction, and `Z` or an offset.
pub(super) fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !date_at(bytes) || !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(bytes, 11, 2), digits(bytes, 14, 2), digits(bytes, 17, 2))
    else {
        return false;
    };
    if bytes.get(13) != Some(&b':') || bytes.get(16) != Some(&b':') || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut index = 19;
    if bytes.get(index) == Some(&b'.') {
        let start = index + 1;
        index = start;
        while bytes.get(index).is_some_and(u8::is_ascii_digit) {
            index += 1;
        }
        if index == start {
            return false;
        }
    }
    match bytes.get(index) {
        Some(b'Z' | b'z') => index + 1 == bytes.len(),
        Some(b'+' | b'-') => {
            let offset_hour = digits(bytes, index + 1, 2);
            let offset_minute = digits(bytes, index + 4, 2);
            index + 6 == bytes.len()
                && bytes.get(index + 3) == Some(&b':')
                && offset_hour.is_some_and(|h| h <= 23)
                && offset_minute.is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

/// Checks the `YYYY-MM-DD` at the start of `bytes`.
pub(super) fn date_at(bytes: &[u8]) -> bool {
    let (Some(year), Some(month), Some(day)) = (digits(bytes, 0, 4), digits(bytes, 5, 2), digits(bytes, 8, 2)) else {
        return false;
    };
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}

/// The decimal number spelled by `count` ASCII digits at `start`, if they are all digits.
pub(super) fn digits(bytes: &[u8], start: usize, count: usize) -> Option<u32> {
    let slice = bytes.get(start..start + count)?;
    slice.iter().try_fold(0u32, |total, byte| byte.is_ascii_digit().then(|| total * 10 + u32::from(byte - b'0')))
}
