//! The OpenAPI document served at `/api/openapi.json`: the title and tags here, and the paths
//! of the routes every feature declares (`routes::all`), each from its handler's
//! `#[utoipa::path]`; `contract` completes it.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "jxjy 会计人员继续教育管理系统 API", version = "1",
        description = "错误统一为 {\"error\": {\"code\", \"message\"}}；时间为 Asia/Shanghai。"),
    tags((name = "账号", description = "注册、登录与个人信息"), (name = "门户", description = "通知公告与常见问题"), (name = "网络培训", description = "报名、进入网校、评价"),
        (name = "学分", description = "学分查询、学时证明与学分申报"),
        (name = "合作机构", description = "培训机构签名接口：X-Institution-Id、X-Timestamp、X-Nonce、X-Signature"),
        (name = "管理", description = "主管部门与系统管理员"), (name = "单位", description = "单位账号、人员关系、团报与导出"),
        (name = "学习提醒", description = "主管部门与单位的学习提醒，学员的消息与提醒设置"), (name = "运维", description = "健康检查与指标"))
)]
pub struct ApiDoc;

/// The document of a set of routes: this base with their paths and schemas.
pub fn of(routes: &mut crate::routes::Routes) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(routes.api.to_openapi());
    doc.merge(routes.sensitive_api.to_openapi());
    doc.merge(routes.export_api.to_openapi());
    doc
}

/// The served document: every feature's routes, completed by `contract`, built once.
pub fn served() -> &'static serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let generated = serde_json::to_value(of(&mut crate::routes::all())).unwrap_or_default();
        crate::api::contract::complete(generated)
    })
}

pub async fn document() -> Json<&'static serde_json::Value> {
    Json(served())
}
