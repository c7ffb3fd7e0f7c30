//! The OpenAPI document served at `/api/openapi.json`. Every handler carries its own
//! `#[utoipa::path]` annotation; this list gathers them. A test checks that every API route of
//! the router appears here.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "jxjy 会计人员继续教育管理系统 API", version = "1",
        description = "错误统一为 {\"error\": {\"code\", \"message\"}}；时间为 Asia/Shanghai。"),
    paths(
        crate::api::notices::list,
        crate::api::notices::detail,
        crate::api::notices::faqs,
        crate::api::accounts::send_sms,
        crate::api::accounts::register,
        crate::api::accounts::login,
        crate::api::accounts::logout,
        crate::api::accounts::reset_password,
        crate::api::accounts::change_password,
        crate::api::accounts::me,
        crate::api::accounts::update_profile,
        crate::api::training::offers,
        crate::api::training::institution,
        crate::api::training::enroll,
        crate::api::training::list,
        crate::api::training::cancel,
        crate::api::training::launch,
        crate::api::training::review,
        crate::api::credits::report,
        crate::api::credits::year,
        crate::api::credits::certificate,
        crate::api::claims::submit,
        crate::api::claims::list,
        crate::api::claims::evidence,
        crate::partner::handlers::feed,
        crate::partner::handlers::verify_handoff,
        crate::partner::handlers::payment,
        crate::partner::handlers::refund,
        crate::partner::handlers::credits,
        crate::api::admin::login,
        crate::api::admin::create_institution,
        crate::api::admin::create_offer,
        crate::api::admin_console::learners,
        crate::api::admin_console::learner,
        crate::api::admin_console::unlock,
        crate::api::admin_console::stats,
        crate::api::admin_exports::compliance_export,
        crate::api::admin_exports::learners_export,
        crate::api::admin_exports::stats_export,
        crate::api::admin_console::create_notice,
        crate::api::admin_console::update_notice,
        crate::api::admin_console::delete_notice,
        crate::api::admin_audit::audit,
        crate::api::admin_manage::create_admin,
        crate::api::admin_manage::list_admins,
        crate::api::admin_manage::change_admin,
        crate::api::admin_manage::correct_learner,
        crate::api::admin_manage::reset_learner_password,
        crate::api::admin_manage::list_institutions,
        crate::api::admin_manage::edit_institution,
        crate::api::admin_manage::rotate_secret,
        crate::api::admin_faqs::create_faq,
        crate::api::admin_faqs::update_faq,
        crate::api::admin_faqs::delete_faq,
        crate::api::admin_exports::export_credits,
        crate::api::admin_manage::import_roster,
        crate::api::admin_claims::list,
        crate::api::admin_claims::approve,
        crate::api::admin_claims::reject,
        crate::api::admin_claims::evidence,
        crate::api::admin_claims::reverse_record,
        crate::ops::healthz,
        crate::ops::metrics,
    ),
    tags((name = "账号", description = "注册、登录与个人信息"), (name = "门户", description = "通知公告与常见问题"), (name = "网络培训", description = "报名、进入网校、评价"),
        (name = "学分", description = "学分查询、学时证明与学分申报"),
        (name = "合作机构", description = "培训机构签名接口：X-Institution-Id、X-Timestamp、X-Nonce、X-Signature"),
        (name = "管理", description = "主管部门与系统管理员"), (name = "运维", description = "健康检查与指标"))
)]
pub struct ApiDoc;

/// The served document: the handlers' annotations, completed by `contract`, built once.
pub fn served() -> &'static serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let generated = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        crate::api::contract::complete(generated)
    })
}

pub async fn document() -> Json<&'static serde_json::Value> {
    Json(served())
}
