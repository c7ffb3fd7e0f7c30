//! Display of times: always Asia/Shanghai (UTC+8, no daylight saving), as `2025-02-26 17:34`.

use time::{OffsetDateTime, UtcOffset};

const SHANGHAI: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

fn shanghai(ts: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(ts)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(SHANGHAI)
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

/// The current unix time in seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// The current year in Asia/Shanghai.
pub fn this_year() -> i32 {
    OffsetDateTime::now_utc().to_offset(SHANGHAI).year()
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
}
