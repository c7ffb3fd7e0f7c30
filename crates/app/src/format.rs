//! Display of times: always Asia/Shanghai (UTC+8, no daylight saving), as `2025-02-26 17:34`.

use time::{OffsetDateTime, UtcOffset};

const SHANGHAI: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

fn shanghai(ts: i64) -> OffsetDateTime {
    // checked_to_offset: a time at the end of the representable range must not panic.
    let t = OffsetDateTime::from_unix_timestamp(ts).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    t.checked_to_offset(SHANGHAI).unwrap_or(t)
}

/// `2025-02-26 17:34`
pub fn datetime(ts: i64) -> String {
    let t = shanghai(ts);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// `2025-02-26`
pub fn date(ts: i64) -> String {
    let t = shanghai(ts);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// RFC 3339 with the +08:00 offset, for JSON.
pub fn rfc3339(ts: i64) -> String {
    let t = shanghai(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses a time a school sends: RFC 3339 (`2026-03-15T10:00:00+08:00`), or a date
/// (`2026-03-15`) read as midnight in Asia/Shanghai. Returns unix seconds.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    let t = if let Ok(t) =
        OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
    {
        t.unix_timestamp()
    } else {
        let d = time::Date::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .ok()?;
        d.midnight().assume_offset(SHANGHAI).unix_timestamp()
    };
    // Only plausible years: nothing this system records lies outside 1950-2100.
    (-631_152_000..=4_102_444_800).contains(&t).then_some(t)
}

/// The year (Asia/Shanghai) of a unix time.
pub fn year_of(ts: i64) -> i32 {
    shanghai(ts).year()
}

/// The current unix time in seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// The current year in Asia/Shanghai.
pub fn this_year() -> i32 {
    OffsetDateTime::now_utc().to_offset(SHANGHAI).year()
}

/// The date (Asia/Shanghai) of a unix time.
pub fn date_of(ts: i64) -> Option<jxjy_domain::Date> {
    let t = shanghai(ts);
    jxjy_domain::Date::new(t.year(), u32::from(u8::from(t.month())), u32::from(t.day()))
}

/// Today's date in Asia/Shanghai, for document checks (the time crate's date is always a
/// valid civil date, so this is `Some` in practice).
pub fn today() -> Option<jxjy_domain::Date> {
    let t = OffsetDateTime::now_utc().to_offset(SHANGHAI);
    jxjy_domain::Date::new(t.year(), u32::from(u8::from(t.month())), u32::from(t.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_shanghai_time() {
        assert_eq!(datetime(1_740_562_440), "2025-02-26 17:34");
        assert_eq!(date(1_740_531_600), "2025-02-26");
        assert_eq!(rfc3339(1_740_562_440), "2025-02-26T17:34:00+08:00");
    }

    #[test]
    fn school_times_parse_as_rfc3339_or_shanghai_dates() {
        assert_eq!(parse_time("2025-02-26T17:34:00+08:00"), Some(1_740_562_440));
        assert_eq!(parse_time("2025-02-26T09:34:00Z"), Some(1_740_562_440));
        assert_eq!(parse_time("2025-02-26"), Some(1_740_499_200));
        assert_eq!(parse_time("2025-02-30"), None);
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(
            parse_time("9999-12-31T20:00:00Z"),
            None,
            "implausible years are refused"
        );
        assert_eq!(
            datetime(253_402_300_799),
            "9999-12-31 23:59",
            "the end of the range does not panic"
        );
        assert_eq!(year_of(1_740_562_440), 2025);
    }
}
