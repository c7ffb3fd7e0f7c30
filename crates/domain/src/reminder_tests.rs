#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn every_code_reads_back_and_unknown_ones_are_refused() {
    for a in Audience::ALL {
        assert_eq!(a.as_str().parse::<Audience>().unwrap(), *a);
        assert!(!a.label().is_ascii());
    }
    for s in ReminderStatus::ALL {
        assert_eq!(s.as_str().parse::<ReminderStatus>().unwrap(), *s);
        assert!(!s.label().is_ascii());
    }
    for m in MessageState::ALL {
        assert_eq!(m.as_str().parse::<MessageState>().unwrap(), *m);
    }
    assert_eq!(
        "none".parse::<Audience>().unwrap_err().code(),
        "invalid_audience"
    );
    assert!("".parse::<ReminderStatus>().is_err());
    assert!("SENT".parse::<MessageState>().is_err());
}

#[test]
fn only_scheduled_or_running_reminders_may_be_cancelled() {
    let may: Vec<_> = ReminderStatus::ALL
        .iter()
        .filter(|s| s.may_cancel())
        .collect();
    assert_eq!(may, [&ReminderStatus::Scheduled, &ReminderStatus::Running]);
}

#[test]
fn delivered_messages_are_those_the_learner_sees() {
    let seen: Vec<_> = MessageState::ALL
        .iter()
        .filter(|m| m.is_delivered())
        .collect();
    assert_eq!(
        seen,
        [
            &MessageState::Sent,
            &MessageState::Failed,
            &MessageState::Skipped
        ]
    );
}

#[test]
fn the_text_allows_exactly_the_three_placeholders() {
    let t =
        ReminderText::parse("  {姓名}您好，您 {年度} 年度还差{还差}，请于 12 月 31 日前完成。 ")
            .unwrap();
    assert_eq!(
        t.render("冯思媛", 2026, "专业课 10 学分、公需课 30 学分"),
        "冯思媛您好，您 2026 年度还差专业课 10 学分、公需课 30 学分，请于 12 月 31 日前完成。"
    );
    assert_eq!(
        ReminderText::parse("").unwrap_err(),
        ReminderTextError::Empty
    );
    assert_eq!(
        ReminderText::parse("   ").unwrap_err(),
        ReminderTextError::Empty
    );
    assert_eq!(
        ReminderText::parse("{单位}请注意").unwrap_err(),
        ReminderTextError::UnknownPlaceholder("{单位}".into())
    );
    assert!(matches!(
        ReminderText::parse("缺少 } 的开头"),
        Err(ReminderTextError::UnknownPlaceholder(_))
    ));
    assert!(matches!(
        ReminderText::parse("{姓名"),
        Err(ReminderTextError::UnknownPlaceholder(_))
    ));
    assert!(matches!(
        ReminderText::parse("{{姓名}}"),
        Err(ReminderTextError::UnknownPlaceholder(_))
    ));
    assert_eq!(
        ReminderText::parse("a\u{7}b").unwrap_err(),
        ReminderTextError::ControlCharacter
    );
    assert!(ReminderText::parse("第一行\n第二行").is_ok());
    assert!(ReminderText::parse(&"字".repeat(TEXT_MOST)).is_ok());
    assert_eq!(
        ReminderText::parse(&"字".repeat(TEXT_MOST + 1)).unwrap_err(),
        ReminderTextError::TooLong
    );
    for e in [
        ReminderTextError::Empty,
        ReminderTextError::TooLong,
        ReminderTextError::ControlCharacter,
    ] {
        assert!(!e.to_string().is_ascii());
    }
}

#[test]
fn the_signature_comes_first_and_segments_count_as_the_gateway_does() {
    assert_eq!(sms_text("辽宁会计", "请完成学习"), "【辽宁会计】请完成学习");
    assert_eq!(sms_text(" ", "请完成学习"), "请完成学习");
    assert_eq!(sms_segments(""), 1);
    assert_eq!(sms_segments(&"字".repeat(70)), 1);
    assert_eq!(sms_segments(&"字".repeat(71)), 2);
    assert_eq!(sms_segments(&"字".repeat(134)), 2);
    assert_eq!(sms_segments(&"字".repeat(135)), 3);
    assert_eq!(sms_segments(&"a".repeat(70)), 1);
}

/// 2026-12-03 00:00 Asia/Shanghai, as Unix seconds.
const MIDNIGHT: i64 = 1_796_227_200;

#[test]
fn quiet_hours_run_over_midnight_and_end_on_the_hour() {
    let q = QuietHours::parse("21-8").unwrap().unwrap();
    let at = |h: i64, m: i64| MIDNIGHT + h * 3600 + m * 60;
    assert_eq!(q.quiet_until(at(7, 59)), Some(at(8, 0)));
    assert_eq!(q.quiet_until(at(0, 0)), Some(at(8, 0)));
    assert_eq!(q.quiet_until(at(8, 0)), None);
    assert_eq!(q.quiet_until(at(20, 59)), None);
    assert_eq!(
        q.quiet_until(at(21, 0)),
        Some(at(32, 0)),
        "the next morning at 8"
    );
    assert_eq!(q.quiet_until(at(23, 30)), Some(at(32, 0)));
    let day = QuietHours::parse("12-14").unwrap().unwrap();
    assert_eq!(day.quiet_until(at(13, 10)), Some(at(14, 0)));
    assert_eq!(day.quiet_until(at(14, 0)), None);
    assert_eq!(day.quiet_until(at(11, 59)), None);
}

#[test]
fn quiet_hours_settings_are_checked() {
    assert_eq!(QuietHours::parse("").unwrap(), None);
    assert_eq!(
        QuietHours::parse(" 21 - 8 ").unwrap(),
        Some(QuietHours { start: 21, end: 8 })
    );
    for bad in ["21", "21-24", "8-8", "a-b", "-1-8", "21-8-9"] {
        assert!(QuietHours::parse(bad).is_err(), "{bad}");
    }
}
