//! The audit log's words: every action the system writes has a Chinese name, and the records an
//! officer reads most say who, what and how much.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use super::*;

fn row(
    actor_kind: &str,
    actor_name: Option<&str>,
    action: &str,
    target: (&str, &str),
    detail: Value,
) -> AuditRow {
    AuditRow {
        id: 1,
        at: 1_740_562_440,
        actor_kind: actor_kind.into(),
        actor_id: Some(7),
        action: action.into(),
        target_kind: target.0.into(),
        target_id: target.1.into(),
        detail: detail.to_string(),
        client_ip: None,
        actor_name: actor_name.map(str::to_string),
        target_name: Some("冯思媛".into()),
        target_learner_id: Some(3),
    }
}

#[test]
fn an_approved_claim_names_the_officer_the_action_and_the_credits() {
    let v = view(
        row(
            "admin",
            Some("heping（沈阳市和平区财政局）"),
            "claim.approve",
            ("claim", "5"),
            json!({"from": "pending", "to": "approved", "year": 2026, "professional_tenths": 600, "public_tenths": 300}),
        ),
        false,
    );
    assert_eq!(v.actor_name, "heping（沈阳市和平区财政局）");
    assert_eq!(v.action_label, "审核通过学分申报");
    assert_eq!(v.summary, "2026 年度 90 学分（专业课 60、公需课 30）");
    assert_eq!(v.target_label, "学分申报 #5（冯思媛）");
    assert_eq!(v.target_link.as_deref(), Some("/admin/learners/3"));
    assert_eq!(v.at, "2025-02-26 17:34");
    assert_eq!(v.action, "claim.approve");
}

#[test]
fn a_school_report_says_how_many_credits_and_the_move() {
    let v = view(
        row(
            "institution",
            Some("辽宁XX有限公司"),
            "enrollment.transition",
            ("enrollment", "12"),
            json!({"from": "paid", "to": "credited", "event": "credits_reported", "credits_tenths": 125, "records": 2, "new": 2}),
        ),
        false,
    );
    assert_eq!(v.actor_name, "培训机构 辽宁XX有限公司");
    assert_eq!(v.action_label, "网校报送学分，学分已登记");
    assert_eq!(v.summary, "12.5 学分；已缴费 → 学分已登记");
    assert_eq!(v.target_label, "报名 #12（冯思媛）");
}

#[test]
fn a_payment_shows_its_amount_in_yuan() {
    let (label, summary) = describe_action(
        "enrollment.transition",
        &json!({"from": "enrolled", "to": "paid", "event": "payment_reported", "amount_fen": 12050}),
    );
    assert_eq!(label, "网校报告缴费");
    assert_eq!(summary, "120.50 元；已报名 → 已缴费");
}

#[test]
fn a_learners_own_registration_names_the_learner_not_a_code() {
    let v = view(
        row(
            "learner",
            Some("冯思媛"),
            "learner.register",
            ("learner", "3"),
            json!({}),
        ),
        false,
    );
    assert_eq!(v.actor_name, "学员 冯思媛");
    assert_eq!(v.action_label, "学员注册");
    assert_eq!(v.target_label, "学员 冯思媛");
}

#[test]
fn the_system_and_unknown_actors_still_read_as_words() {
    let mut r = row(
        "system",
        None,
        "demo.seed",
        ("database", "jxjy.db"),
        json!({}),
    );
    assert_eq!(actor_name(&r), "系统");
    r.actor_kind = "admin".into();
    assert_eq!(actor_name(&r), "管理员 #7");
    assert_eq!(view(r, true).target_label, "数据库");
}

#[test]
fn a_profile_change_lists_the_fields_in_chinese() {
    let (label, summary) = describe_action(
        "learner.admin_correction",
        &json!({"changed": ["employer", "phone"]}),
    );
    assert_eq!(label, "管理员更正信息采集");
    assert_eq!(summary, "修改了工作单位、手机号码");
}

#[test]
fn a_district_officer_gets_no_link_to_what_only_the_province_opens() {
    let r = row(
        "admin",
        Some("province（辽宁省财政厅）"),
        "institution.update",
        ("institution", "2"),
        json!({"name": "东奥"}),
    );
    assert_eq!(view(r.clone(), false).target_link, None);
    assert_eq!(
        view(r, true).target_link.as_deref(),
        Some("/admin/institutions/2")
    );
}

/// Every action code the store and the web layer write, so none reads `其他操作`.
const WRITTEN: &[&str] = &[
    "admin.create",
    "admin.disable",
    "admin.enable",
    "certificate.issue",
    "claim.approve",
    "claim.reject",
    "claim.submit",
    "credit_record.reverse",
    "demo.seed",
    "employer.approve",
    "employer.password_reset",
    "employer.reapply",
    "employer.register",
    "employer.reject",
    "enrollment.create",
    "enrollment.credits",
    "enrollment.payment_repeat",
    "enrollment.transition",
    "export.compliance",
    "export.credits",
    "export.learners",
    "export.staff",
    "faq.create",
    "faq.delete",
    "faq.update",
    "institution.create",
    "institution.rotate_secret",
    "institution.update",
    "learner.admin_correction",
    "learner.import",
    "learner.password_change",
    "learner.password_reset",
    "learner.password_reset_sent",
    "learner.profile_update",
    "learner.register",
    "learner.unlock",
    "notice.create",
    "notice.delete",
    "notice.update",
    "offer.create",
    "reminder.cancel",
    "reminder.create",
    "review.create",
    "staff.accept",
    "staff.confirm",
    "staff.decline",
    "staff.invite",
    "staff.leave",
    "staff.remove",
    "staff.request",
];

#[test]
fn every_written_action_has_a_chinese_name() {
    for action in WRITTEN {
        let (label, _) = describe_action(action, &json!({}));
        assert_ne!(label, "其他操作", "{action}");
        assert!(!label.is_empty(), "{action}");
        assert!(!label.is_ascii(), "{action}: {label}");
    }
}

#[test]
fn every_filter_entry_is_chinese_and_matches_something_written() {
    for (code, label) in ACTIONS {
        assert!(!label.is_ascii());
        assert!(WRITTEN.iter().any(|w| w.starts_with(code)), "{code}");
    }
}

#[test]
fn an_employers_action_names_the_employer_and_its_target() {
    let mut r = row(
        "employer",
        Some("辽宁示例会计服务有限公司"),
        "staff.confirm",
        ("learner", "3"),
        json!({"employer_id": 7}),
    );
    let v = view(r.clone(), false);
    assert_eq!(v.actor_name, "单位 辽宁示例会计服务有限公司");
    assert_eq!(v.action_label, "单位确认人员");
    assert_eq!(v.target_label, "学员 冯思媛");
    r.target_kind = "employer".into();
    r.target_id = "7".into();
    r.target_name = Some("辽宁示例会计服务有限公司".into());
    let v = view(r, false);
    assert_eq!(v.target_label, "单位 辽宁示例会计服务有限公司");
    assert!(
        v.target_link
            .is_some_and(|l| l.starts_with("/admin/employers"))
    );
}
