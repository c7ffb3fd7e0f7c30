//! The audit log as an officer reads it: who acted (a username and its authority, a learner's
//! or a school's name), what happened in Chinese with its amounts (审核通过学分申报 90 学分), and
//! the target as a link. The stable codes stay in the JSON beside the words. Shared by the
//! console's 审计日志, a learner's 操作记录 and `GET /api/v1/admin/audit`.

use jxjy_domain::{ClaimKind, Credits, EnrollmentEvent, EnrollmentStatus};
use jxjy_store::audit::AuditRow;
use jxjy_store::audit_read::AuditFilter;
use jxjy_store::{Page, PageRequest};
use serde_json::Value;

use crate::admin::AdminAuth;
use crate::{AppError, Context, format};

/// What the filter offers: an action code (or a prefix ending in `.`) and its Chinese name.
pub const ACTIONS: &[(&str, &str)] = &[
    ("learner.", "学员账户（全部）"),
    ("learner.register", "学员注册"),
    ("learner.import", "批量导入学员"),
    ("learner.profile_update", "学员修改信息采集"),
    ("learner.admin_correction", "管理员更正信息采集"),
    ("learner.unlock", "解除登录锁定"),
    ("learner.password_reset", "学员重置密码"),
    ("learner.password_change", "学员修改密码"),
    ("learner.password_reset_sent", "发送重置密码验证码"),
    ("enrollment.", "报名与学分（全部）"),
    ("enrollment.create", "学员报名"),
    (
        "enrollment.transition",
        "报名状态变化（缴费、退费、取消、学分登记）",
    ),
    ("enrollment.credits", "网校补报学分"),
    ("enrollment.payment_repeat", "网校重复报告缴费"),
    ("claim.", "学分申报（全部）"),
    ("claim.submit", "学员提交学分申报"),
    ("claim.approve", "审核通过学分申报"),
    ("claim.reject", "审核不予通过学分申报"),
    ("credit_record.reverse", "冲销学分记录"),
    ("certificate.issue", "出具学时证明"),
    ("review.create", "学员评价网校"),
    ("institution.", "培训机构（全部）"),
    ("offer.create", "开设年度培训"),
    ("notice.", "通知公告"),
    ("faq.", "常见问题"),
    ("admin.", "管理员账户"),
    ("employer.", "单位账户（全部）"),
    ("employer.register", "单位注册"),
    ("employer.reapply", "单位重新提交注册"),
    ("employer.approve", "审核通过单位注册"),
    ("employer.reject", "审核不予通过单位注册"),
    ("employer.password_reset", "单位重置密码"),
    ("staff.", "单位人员关系（全部）"),
    ("staff.request", "学员申请加入单位"),
    ("staff.invite", "单位邀请人员"),
    ("staff.confirm", "单位确认人员"),
    ("staff.accept", "学员接受单位邀请"),
    ("staff.decline", "学员拒绝单位邀请"),
    ("staff.leave", "学员解除与单位的关系"),
    ("staff.remove", "单位解除人员关系"),
    ("export.", "导出数据"),
    ("export.staff", "单位导出人员学习情况"),
    ("reminder.", "学习提醒（全部）"),
    ("reminder.create", "创建学习提醒"),
    ("reminder.cancel", "取消学习提醒"),
];

/// One audit record, worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditView {
    pub id: i64,
    pub at: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub target_kind: String,
    pub target_id: String,
    /// The details as written (a JSON object).
    pub detail: String,
    /// `heping（沈阳市和平区财政局）`, `学员 冯思媛`, `培训机构 辽宁XX有限公司`, `系统`.
    pub actor_name: String,
    pub action: String,
    /// `审核通过学分申报`.
    pub action_label: String,
    /// What changed, in a sentence: `90 学分（专业课 60、公需课 30）`; empty when nothing more.
    pub summary: String,
    /// `学员 冯思媛`, `报名 #12（冯思媛）`.
    pub target_label: String,
    /// Where the target opens in the console, for roles that can open it.
    pub target_link: Option<String>,
    pub client_ip: Option<String>,
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "learner" => "学员",
        "admin" => "管理员",
        "institution" => "培训机构",
        "employer" => "单位",
        "system" => "系统",
        _ => "其他",
    }
}

/// Who acted, as an officer recognises them.
pub fn actor_name(row: &AuditRow) -> String {
    match (row.actor_kind.as_str(), &row.actor_name) {
        ("admin", Some(n)) => n.clone(),
        ("system", _) => "系统".to_string(),
        (kind, Some(n)) => format!("{} {n}", kind_label(kind)),
        (kind, None) => match row.actor_id {
            Some(id) => format!("{} #{id}", kind_label(kind)),
            None => kind_label(kind).to_string(),
        },
    }
}

fn credits(detail: &Value, key: &str) -> Option<Credits> {
    detail
        .get(key)
        .and_then(Value::as_i64)
        .map(Credits::from_tenths)
}

fn text<'a>(detail: &'a Value, key: &str) -> &'a str {
    detail.get(key).and_then(Value::as_str).unwrap_or("")
}

fn status_label(code: &str) -> &'static str {
    code.parse::<EnrollmentStatus>()
        .map(|s| s.label())
        .unwrap_or("")
}

/// An enrollment's change of state: `网校报告缴费` and `已报名 → 已缴费`.
fn transition(detail: &Value) -> (String, String) {
    let event = text(detail, "event").parse::<EnrollmentEvent>().ok();
    let label = match event {
        Some(EnrollmentEvent::CreditsReported) => "网校报送学分，学分已登记".to_string(),
        Some(e) => e.label().to_string(),
        None => "报名状态变化".to_string(),
    };
    let moved = format!(
        "{} → {}",
        status_label(text(detail, "from")),
        status_label(text(detail, "to"))
    );
    let summary = match (event, credits(detail, "credits_tenths")) {
        (Some(EnrollmentEvent::CreditsReported), Some(c)) => format!("{c} 学分；{moved}"),
        (Some(EnrollmentEvent::PaymentReported), _) => {
            match detail.get("amount_fen").and_then(Value::as_i64) {
                Some(fen) => format!("{}.{:02} 元；{moved}", fen / 100, fen % 100),
                None => moved,
            }
        }
        _ => moved,
    };
    (label, summary)
}

fn split(detail: &Value) -> String {
    match (
        credits(detail, "professional_tenths"),
        credits(detail, "public_tenths"),
    ) {
        (Some(p), Some(q)) => format!("{} 学分（专业课 {p}、公需课 {q}）", p + q),
        _ => String::new(),
    }
}

/// What happened, and its amounts.
pub fn describe_action(action: &str, detail: &Value) -> (String, String) {
    let label = ACTIONS
        .iter()
        .find(|(code, _)| *code == action)
        .map(|(_, l)| (*l).to_string());
    let year = detail.get("year").and_then(Value::as_i64);
    let year_prefix = year.map(|y| format!("{y} 年度 ")).unwrap_or_default();
    match action {
        "enrollment.transition" => transition(detail),
        "enrollment.create" => {
            let level = text(detail, "level")
                .parse::<jxjy_domain::Level>()
                .map(|l| l.label())
                .unwrap_or("");
            (
                "学员报名".to_string(),
                format!("{year_prefix}{level}").trim().to_string(),
            )
        }
        "enrollment.credits" => {
            let n = detail.get("new").and_then(Value::as_i64).unwrap_or(0);
            let summary = match credits(detail, "credits_tenths") {
                Some(c) => format!("报送 {c} 学分，新增 {n} 条记录"),
                None => format!("新增 {n} 条记录"),
            };
            ("网校补报学分".to_string(), summary)
        }
        "claim.submit" => {
            let kind = text(detail, "kind")
                .parse::<ClaimKind>()
                .map(|k| k.label())
                .unwrap_or("");
            let c = credits(detail, "credits_tenths")
                .map(|c| format!("，可折算 {c} 学分"))
                .unwrap_or_default();
            (
                "学员提交学分申报".to_string(),
                format!("{year_prefix}{kind}{c}"),
            )
        }
        "claim.approve" => (
            "审核通过学分申报".to_string(),
            format!("{year_prefix}{}", split(detail)),
        ),
        "claim.reject" => (
            "审核不予通过学分申报".to_string(),
            format!("{year_prefix}原因：{}", text(detail, "reason")),
        ),
        "credit_record.reverse" => (
            "冲销学分记录".to_string(),
            format!(
                "{year_prefix}{} 学分；原因：{}",
                credits(detail, "credits_tenths").unwrap_or_default(),
                text(detail, "reason")
            ),
        ),
        "certificate.issue" => (
            "出具学时证明".to_string(),
            format!("{year_prefix}{}", split(detail)),
        ),
        "learner.profile_update" | "learner.admin_correction" => {
            let fields = detail
                .get("changed")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(field_label)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let summary = if fields.is_empty() {
                String::new()
            } else {
                format!("修改了{}", fields.join("、"))
            };
            (label.unwrap_or_default(), summary)
        }
        "admin.create" => (
            "新增管理员".to_string(),
            format!("{}（{}）", text(detail, "username"), text(detail, "region")),
        ),
        "admin.disable" => ("停用管理员".to_string(), String::new()),
        "admin.enable" => ("启用管理员".to_string(), String::new()),
        "institution.create" => ("新增培训机构".to_string(), text(detail, "name").to_string()),
        "institution.update" => ("修改培训机构".to_string(), text(detail, "name").to_string()),
        "institution.rotate_secret" => ("重新生成培训机构密钥".to_string(), String::new()),
        "notice.create" => ("发布通知公告".to_string(), String::new()),
        "notice.update" => ("修改通知公告".to_string(), String::new()),
        "notice.delete" => ("删除通知公告".to_string(), String::new()),
        "faq.create" => ("新增常见问题".to_string(), String::new()),
        "faq.update" => ("修改常见问题".to_string(), String::new()),
        "faq.delete" => ("删除常见问题".to_string(), String::new()),
        "export.compliance" => ("导出达标名单".to_string(), year_prefix.trim().to_string()),
        "export.credits" => ("导出学分数据".to_string(), year_prefix.trim().to_string()),
        "export.learners" => ("导出学员名单".to_string(), year_prefix.trim().to_string()),
        "demo.seed" => ("写入演示数据".to_string(), String::new()),
        _ => (
            label.unwrap_or_else(|| "其他操作".to_string()),
            String::new(),
        ),
    }
}

/// The 信息采集 field names as the form labels them.
fn field_label(field: &str) -> &str {
    match field {
        "name" => "姓名",
        "id_type" => "证件类型",
        "id_number" => "证件号码",
        "phone" => "手机号码",
        "gender" => "性别",
        "birth_date" => "出生日期",
        "education" => "学历",
        "employer" => "工作单位",
        "region_code" => "主管部门",
        "qualification_level" => "资格等级",
        "qualification_year" => "取得资格年度",
        "work_start_year" => "从事会计工作年度",
        "password" => "密码",
        other => other,
    }
}

/// The target, named, and where it opens for this admin (a role sees only links it may open).
fn target(row: &AuditRow, manages_institutions: bool) -> (String, Option<String>) {
    let name = row.target_name.as_deref().unwrap_or("");
    let learner_link = row
        .target_learner_id
        .map(|id| format!("/admin/learners/{id}"));
    let with_name = |kind: &str| {
        if name.is_empty() {
            format!("{kind} #{}", row.target_id)
        } else {
            format!("{kind} #{}（{name}）", row.target_id)
        }
    };
    match row.target_kind.as_str() {
        "learner" if !name.is_empty() => (format!("学员 {name}"), learner_link),
        "learner" => (format!("学员 #{}", row.target_id), learner_link),
        "enrollment" => (with_name("报名"), learner_link),
        "claim" => (with_name("学分申报"), learner_link),
        "credit_record" => (with_name("学分记录"), learner_link),
        "certificate" => (
            format!("学时证明 {}", row.target_id),
            Some(format!("/verify/{}", row.target_id)),
        ),
        "institution" => (
            if name.is_empty() {
                format!("培训机构 #{}", row.target_id)
            } else {
                format!("培训机构 {name}")
            },
            manages_institutions.then(|| format!("/admin/institutions/{}", row.target_id)),
        ),
        "admin" => (
            if name.is_empty() {
                format!("管理员 #{}", row.target_id)
            } else {
                format!("管理员 {name}")
            },
            manages_institutions.then(|| "/admin/users".to_string()),
        ),
        "notice" => (
            format!("通知公告 #{}", row.target_id),
            Some(format!("/notices/{}", row.target_id)),
        ),
        "faq" => (
            format!("常见问题 #{}", row.target_id),
            Some("/faq".to_string()),
        ),
        "employer" => (
            if name.is_empty() {
                format!("单位 #{}", row.target_id)
            } else {
                format!("单位 {name}")
            },
            Some("/admin/employers?status=".to_string()),
        ),
        "offer" => (format!("年度培训 #{}", row.target_id), None),
        "reminder" => (
            format!("学习提醒 #{}", row.target_id),
            Some(format!("/admin/reminders/{}", row.target_id)),
        ),
        "region" => (format!("地区 {}", row.target_id), None),
        "database" => ("数据库".to_string(), None),
        other => (format!("{other} {}", row.target_id), None),
    }
}

pub fn view(row: AuditRow, manages_institutions: bool) -> AuditView {
    let detail: Value = serde_json::from_str(&row.detail).unwrap_or(Value::Null);
    let (action_label, summary) = describe_action(&row.action, &detail);
    let (target_label, target_link) = target(&row, manages_institutions);
    AuditView {
        id: row.id,
        at: format::datetime(row.at),
        actor_name: actor_name(&row),
        action_label,
        summary,
        target_label,
        target_link,
        actor_kind: row.actor_kind,
        actor_id: row.actor_id,
        target_kind: row.target_kind,
        target_id: row.target_id,
        detail: row.detail,
        action: row.action,
        client_ip: row.client_ip,
    }
}

/// The audit log's query as the page and the API take it.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub action: String,
    pub who: String,
    /// `YYYY-MM-DD`, inclusive, Asia/Shanghai.
    pub from: String,
    /// `YYYY-MM-DD`, inclusive, Asia/Shanghai.
    pub to: String,
    pub target_kind: String,
    pub target_id: String,
    pub page: Option<i64>,
}

fn day_start(field: &'static str, text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let start = text
        .parse::<jxjy_domain::Date>()
        .ok()
        .and_then(|_| format::parse_time(text));
    match start {
        Some(t) => Ok(Some(t)),
        None => Err(AppError::bad_request(
            "invalid_query",
            "日期格式应为 YYYY-MM-DD，如 2026-03-01",
        )
        .on_field(field)),
    }
}

/// Only province and super admins read the whole log; a learner's trail is in the learner's file.
pub fn require_reader(admin: &AdminAuth) -> Result<(), AppError> {
    if admin.role.manages_institutions() {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "审计日志仅供省级主管部门和系统管理员查看；学员的操作记录见学员详情",
        ))
    }
}

/// One page of the log, worded.
pub async fn page(
    state: &Context,
    admin: &AdminAuth,
    q: &AuditQuery,
) -> Result<Page<AuditView>, AppError> {
    require_reader(admin)?;
    let filter = AuditFilter {
        action_prefix: q.action.trim().to_string(),
        target_kind: q.target_kind.trim().to_string(),
        target_id: q.target_id.trim().to_string(),
        who: q.who.trim().to_string(),
        from: day_start("from", &q.from)?,
        until: day_start("to", &q.to)?.map(|t| t + 86_400),
    };
    let page = state
        .store
        .audit_log()
        .audit_page(&filter, PageRequest::new(q.page, 50))
        .await?;
    let manages = admin.role.manages_institutions();
    Ok(Page {
        items: page.items.into_iter().map(|r| view(r, manages)).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// A learner's trail, for the learner's file.
pub async fn of_learner(
    state: &Context,
    admin: &AdminAuth,
    learner_id: i64,
) -> Result<Vec<AuditView>, AppError> {
    let manages = admin.role.manages_institutions();
    Ok(state
        .store
        .audit_log()
        .audit_of_learner(learner_id)
        .await?
        .into_iter()
        .map(|r| view(r, manages))
        .collect())
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
