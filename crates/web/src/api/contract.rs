//! What every operation of the OpenAPI document shares, stated once: who may call it (the
//! security schemes), the answers any operation can give besides its own (400 for a malformed
//! request, 401/403, 404 for a path that names nothing, 413/415 for bodies, 429 on the
//! sensitive endpoints, 503 when the database cannot be reached or written), a description on
//! every response, and an operationId unique to its method and path.
//!
//! The handlers' own `#[utoipa::path]` annotations say what is particular to each; this pass
//! completes the document so that it validates (openapi-spec-validator) and so that every
//! status the server can return is documented (schemathesis checks both in `.ci/run`).

use serde_json::{Map, Value, json};

/// Who may call a path: the one place that says it, checked against the router by
/// `tests/it/ops.rs` (every secured operation answers 401 without credentials).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Anyone,
    Learner,
    Admin,
    Employer,
    Partner,
    MetricsToken,
}

pub fn caller_of(path: &str) -> Caller {
    let learner_prefixes = [
        "/api/v1/me",
        "/api/v1/logout",
        "/api/v1/enrollments",
        "/api/v1/credits",
        "/api/v1/claims",
    ];
    if path.starts_with("/api/v1/partner/") {
        Caller::Partner
    } else if path == "/api/v1/admin/login" {
        Caller::Anyone
    } else if path.starts_with("/api/v1/admin/") {
        Caller::Admin
    } else if EMPLOYER_OPEN.contains(&path) {
        Caller::Anyone
    } else if path.starts_with("/api/v1/employer/") {
        Caller::Employer
    } else if path == "/metrics" {
        Caller::MetricsToken
    } else if learner_prefixes
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
    {
        Caller::Learner
    } else {
        Caller::Anyone
    }
}

/// The employer endpoints anyone may call (registration, login, 重置密码).
const EMPLOYER_OPEN: [&str; 3] = [
    "/api/v1/employer/register",
    "/api/v1/employer/login",
    "/api/v1/employer/password/reset",
];

/// The endpoints behind the per-client flood guard (429).
const SENSITIVE: [&str; 8] = [
    "/api/v1/sms/send",
    "/api/v1/register",
    "/api/v1/login",
    "/api/v1/password/reset",
    "/api/v1/admin/login",
    "/api/v1/employer/register",
    "/api/v1/employer/login",
    "/api/v1/employer/password/reset",
];

fn security_schemes() -> Value {
    let header = |name: &str, description: &str| json!({"type": "apiKey", "in": "header", "name": name, "description": description});
    json!({
        "learner_bearer": {"type": "http", "scheme": "bearer",
            "description": "学员登录（POST /api/v1/login）返回的 token"},
        "learner_cookie": {"type": "apiKey", "in": "cookie", "name": "jxjy_session",
            "description": "学员登录时设置的会话 Cookie（HttpOnly）"},
        "admin_bearer": {"type": "http", "scheme": "bearer",
            "description": "管理员登录（POST /api/v1/admin/login）返回的 token"},
        "admin_cookie": {"type": "apiKey", "in": "cookie", "name": "jxjy_admin",
            "description": "管理员登录时设置的会话 Cookie（HttpOnly）"},
        "employer_bearer": {"type": "http", "scheme": "bearer",
            "description": "单位登录（POST /api/v1/employer/login）返回的 token"},
        "employer_cookie": {"type": "apiKey", "in": "cookie", "name": "jxjy_employer",
            "description": "单位登录时设置的会话 Cookie（HttpOnly）"},
        "partner_institution": header("X-Institution-Id", "培训机构编号"),
        "partner_timestamp": header("X-Timestamp", "Unix 秒，与平台时钟相差不超过 300 秒"),
        "partner_nonce": header("X-Nonce", "一次性随机串，不得重复使用"),
        "partner_signature": header("X-Signature",
            "HMAC-SHA256(机构密钥, METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nhex(sha256(body))) 的小写十六进制，见 docs/partner-api.md"),
        "metrics_token": {"type": "http", "scheme": "bearer",
            "description": "JXJY_METRICS_TOKEN 设置的令牌"},
    })
}

fn security_of(caller: Caller) -> Option<Value> {
    match caller {
        Caller::Anyone => None,
        Caller::Learner => Some(json!([{"learner_bearer": []}, {"learner_cookie": []}])),
        Caller::Admin => Some(json!([{"admin_bearer": []}, {"admin_cookie": []}])),
        Caller::Employer => Some(json!([{"employer_bearer": []}, {"employer_cookie": []}])),
        Caller::Partner => Some(json!([{"partner_institution": [], "partner_timestamp": [],
            "partner_nonce": [], "partner_signature": []}])),
        Caller::MetricsToken => Some(json!([{"metrics_token": []}])),
    }
}

/// The shared answers, as `components.responses`.
fn shared_responses() -> Value {
    let error = |description: &str| {
        json!({"description": description, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}})
    };
    json!({
        "BadRequest": error("请求有误：JSON 或参数格式不正确、字段不符合要求（fields 逐项说明），或含有控制字符"),
        "Unauthorized": error("未登录、会话已过期或签名不正确"),
        "Forbidden": error("没有权限，或跨站提交被拒绝（cross_site_request）"),
        "NotFound": error("记录不存在，或不在您的管辖范围内"),
        "PayloadTooLarge": error("提交的内容过大"),
        "UnsupportedMediaType": error("内容类型不正确（JSON 接口须为 application/json）"),
        "TooManyRequests": error("操作过于频繁或账号已锁定，请稍后再试"),
        "Unavailable": error("数据库暂时无法连接（database_unavailable）或存储空间已满（storage_full），未作任何修改，请稍后重试"),
    })
}

fn description_of(status: &str) -> &'static str {
    match status {
        "200" => "成功",
        "201" => "已创建",
        "204" => "成功，无内容",
        "303" => "跳转",
        "400" => "请求有误",
        "401" => "未登录或凭据不正确",
        "403" => "没有权限",
        "404" => "记录不存在",
        "409" => "状态冲突",
        "413" => "提交的内容过大",
        "415" => "内容类型不正确",
        "429" => "操作过于频繁",
        "503" => "服务暂不可用",
        _ => "见错误码说明",
    }
}

/// `get /api/v1/claims/{id}/evidence/{file_id}` → `getClaimsByIdEvidenceByFileId`.
fn operation_id(method: &str, path: &str) -> String {
    let rest = path
        .strip_prefix("/api/v1/")
        .unwrap_or(path.trim_start_matches('/'));
    let mut id = method.to_string();
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        let (by, word) = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => ("By", param),
            None => ("", segment),
        };
        id.push_str(by);
        for part in word.split(['-', '_']).filter(|p| !p.is_empty()) {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                id.extend(first.to_uppercase());
                id.push_str(chars.as_str());
            }
        }
    }
    id
}

/// The empty values `#[serde(default)]` puts in as `default` (`null`, `""`, `[]`) are no
/// defaults of the contract (an omitted field is refused), and `null` on a number or `[]` under
/// `minItems` makes the document invalid: remove them everywhere.
fn drop_null_defaults(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let empty = |v: &Value| {
                v.is_null() || v.as_str() == Some("") || v.as_array().is_some_and(Vec::is_empty)
            };
            let outside = |v: &Value| {
                let Some(n) = v.as_f64() else { return false };
                let bound = |k: &str| map.get(k).and_then(Value::as_f64);
                bound("minimum").is_some_and(|m| n < m)
                    || bound("maximum").is_some_and(|m| n > m)
                    || bound("exclusiveMinimum").is_some_and(|m| n <= m)
                    || bound("exclusiveMaximum").is_some_and(|m| n >= m)
            };
            if map.get("default").is_some_and(|d| empty(d) || outside(d)) {
                map.remove("default");
            }
            map.values_mut().for_each(drop_null_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_defaults),
        _ => {}
    }
}

fn add_response(responses: &mut Map<String, Value>, status: &str, shared: &str) {
    responses
        .entry(status.to_string())
        .or_insert_with(|| json!({"$ref": format!("#/components/responses/{shared}")}));
}

fn complete_operation(method: &str, path: &str, op: &mut Map<String, Value>) {
    op.insert(
        "operationId".into(),
        Value::String(operation_id(method, path)),
    );
    let caller = caller_of(path);
    if let Some(security) = security_of(caller) {
        op.insert("security".into(), security);
    }
    let has_body = op.contains_key("requestBody");
    let has_query = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
    let has_path_params = path.contains('{');
    let unsafe_method = method != "get";
    let responses = op
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(responses) = responses else { return };
    for (status, response) in responses.iter_mut() {
        if let Some(r) = response.as_object_mut()
            && !r.contains_key("$ref")
            && !r.contains_key("description")
        {
            r.insert("description".into(), description_of(status).into());
        }
    }
    if has_body || has_query || method == "get" || path.contains('{') {
        add_response(responses, "400", "BadRequest");
    }
    if caller != Caller::Anyone {
        add_response(responses, "401", "Unauthorized");
    }
    if caller == Caller::Admin || caller == Caller::Partner || unsafe_method {
        add_response(responses, "403", "Forbidden");
    }
    if has_path_params {
        add_response(responses, "404", "NotFound");
    }
    if has_body {
        add_response(responses, "413", "PayloadTooLarge");
        add_response(responses, "415", "UnsupportedMediaType");
    }
    if SENSITIVE.contains(&path) {
        add_response(responses, "429", "TooManyRequests");
    }
    add_response(responses, "503", "Unavailable");
}

/// Completes the generated document (see the module comment).
pub fn complete(mut doc: Value) -> Value {
    drop_null_defaults(&mut doc);
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                    complete_operation(method, path, op);
                }
            }
        }
    }
    let components = doc
        .as_object_mut()
        .map(|d| d.entry("components").or_insert_with(|| json!({})));
    if let Some(Value::Object(components)) = components {
        components.insert("securitySchemes".into(), security_schemes());
        components.insert("responses".into(), shared_responses());
    }
    doc
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_follow_method_and_path() {
        assert_eq!(
            operation_id("get", "/api/v1/claims/{id}/evidence/{file_id}"),
            "getClaimsByIdEvidenceByFileId"
        );
        assert_eq!(
            operation_id("post", "/api/v1/admin/login"),
            "postAdminLogin"
        );
        assert_eq!(
            operation_id("post", "/api/v1/admin/learners/{id}/password-reset"),
            "postAdminLearnersByIdPasswordReset"
        );
        assert_eq!(operation_id("get", "/healthz"), "getHealthz");
    }

    #[test]
    fn callers_are_read_from_the_path() {
        assert_eq!(caller_of("/api/v1/partner/enrollments"), Caller::Partner);
        assert_eq!(caller_of("/api/v1/admin/login"), Caller::Anyone);
        assert_eq!(caller_of("/api/v1/admin/stats"), Caller::Admin);
        assert_eq!(caller_of("/api/v1/me/profile"), Caller::Learner);
        assert_eq!(caller_of("/api/v1/notices"), Caller::Anyone);
        assert_eq!(caller_of("/api/v1/offers"), Caller::Anyone);
        assert_eq!(caller_of("/api/v1/enrollments/{id}"), Caller::Learner);
    }

    #[test]
    fn null_defaults_are_dropped() {
        let mut v = json!({"a": {"default": null, "type": "number"}, "b": [{"default": 1}],
            "c": {"default": [], "minItems": 1}, "d": {"default": ""}, "e": {"default": 0, "minimum": 1}});
        drop_null_defaults(&mut v);
        assert_eq!(
            v,
            json!({"a": {"type": "number"}, "b": [{"default": 1}], "c": {"minItems": 1}, "d": {},
            "e": {"minimum": 1}})
        );
    }
}
