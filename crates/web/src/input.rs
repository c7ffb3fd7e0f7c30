//! Strict input, the same at every edge (issue 14): a JSON body must be an object, numbers
//! must be JSON numbers, and no text anywhere (a JSON string at any depth, a query or form
//! value, a multipart field, a path segment) may carry a control character
//! (`jxjy_domain::PlainText`). A refusal names the field, in Chinese, and never shows the
//! parser's own words ("invalid type: floating point 1.5, expected i64 at line 1 column 41").

use jxjy_domain::PlainText;
use serde::de::DeserializeOwned;
use serde_json::Value;

use jxjy_app::AppError;
use jxjy_app::FieldError;

/// A text field's value, checked by the one text rule.
pub fn check_text(field: &str, text: &str) -> Result<(), AppError> {
    PlainText::parse(text).map(drop).map_err(|e| {
        tracing::debug!(field, found = ?e.found, "control character refused");
        AppError::invalid_fields(vec![FieldError {
            field: field.to_string(),
            message: format!("{field} {e}"),
        }])
    })
}

/// Every string of a JSON value (keys included), with its path (`records[3].course`).
fn check_json_text(value: &Value, path: &str) -> Result<(), AppError> {
    match value {
        Value::String(s) => check_text(path, s),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_json_text(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            let field = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            check_text(&field, k)?;
            check_json_text(v, &field)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(()),
    }
}

/// Parses a JSON request body into `T`: an object, with clean text, whose fields have the
/// types `T` asks for.
pub fn from_json_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        tracing::debug!(error = %e, "body is not JSON");
        AppError::bad_request("invalid_json", "请求体不是有效的 JSON")
    })?;
    if !value.is_object() {
        return Err(AppError::bad_request(
            "invalid_json",
            "请求体必须是 JSON 对象，如 {\"name\": \"…\"}",
        ));
    }
    check_json_text(&value, "")?;
    from_json_object(value, "")
}

/// A JSON object at `path` (empty for the body itself) into `T`, each refused field named by
/// its full path. serde reads a struct from an array too (its fields in order), so a value that
/// is not an object is refused here first: where an object belongs, only an object is taken.
pub fn from_json_object<T: DeserializeOwned>(value: Value, path: &str) -> Result<T, AppError> {
    if !value.is_object() {
        let field = if path.is_empty() { "body" } else { path };
        return Err(AppError::invalid_fields(vec![FieldError {
            field: field.to_string(),
            message: format!("{field} 应为 JSON 对象"),
        }]));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner_path = e.path().to_string();
        let inner = e.into_inner();
        let full = match (path.is_empty(), inner_path.as_str()) {
            (true, p) => p.to_string(),
            (false, "." | "") => path.to_string(),
            (false, p) => format!("{path}.{p}"),
        };
        tracing::debug!(error = %inner, path = %full, "body does not fit");
        let (field, message) = explain(&full, &inner.to_string());
        AppError::invalid_fields(vec![FieldError { field, message }])
    })
}

/// A Chinese reason for serde's message, naming the field; the message itself is not shown.
fn explain(path: &str, serde_message: &str) -> (String, String) {
    if let Some(rest) = serde_message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let field = if path == "." || path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        let message = format!("缺少必填字段 {field}");
        return (field, message);
    }
    let field = if path == "." || path.is_empty() {
        "body".to_string()
    } else {
        path.to_string()
    };
    let expected = serde_message
        .split_once("expected ")
        .map(|(_, e)| e)
        .unwrap_or_default();
    let want = if serde_message.starts_with("unknown variant") {
        "不在允许的取值范围内"
    } else if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "integer",
    ]
    .iter()
    .any(|t| expected.contains(t))
    {
        "应为整数（JSON 数字，不加引号）"
    } else if ["f32", "f64", "number"]
        .iter()
        .any(|t| expected.contains(t))
    {
        "应为数字（JSON 数字，不加引号）"
    } else if expected.contains("a string") || expected.contains("a borrowed string") {
        "应为文本"
    } else if expected.contains("a boolean") {
        "应为 true 或 false"
    } else if expected.contains("a sequence") {
        "应为数组"
    } else if expected.contains("struct") || expected.contains("a map") {
        "应为对象"
    } else {
        "的值不正确"
    };
    let message = if want.starts_with('的') {
        format!("{field}{want}")
    } else {
        format!("{field} {want}")
    };
    (field, message)
}

/// Query strings and forms: every value and name by the text rule, then `T`.
pub fn from_pairs<T: DeserializeOwned>(
    encoded: &[u8],
    code: &'static str,
    message: &'static str,
) -> Result<T, AppError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(encoded).map_err(|_| AppError::bad_request(code, message))?;
    for (name, value) in &pairs {
        check_text(name, name)?;
        check_text(name, value)?;
    }
    serde_urlencoded::from_bytes(encoded).map_err(|e| {
        tracing::debug!(error = %e, "pairs do not fit");
        AppError::bad_request(code, message)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Login {
        username: String,
        password: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Report {
        records: Vec<Record>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Record {
        year: i64,
        credits: f64,
    }

    fn refusal<T: DeserializeOwned + std::fmt::Debug>(body: &str) -> AppError {
        from_json_body::<T>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn an_array_is_not_an_object() {
        let e = refusal::<Login>(r#"["shenyang","Jxjy@2025"]"#);
        assert_eq!(
            (e.kind, e.code),
            (jxjy_app::ErrorKind::Invalid, "invalid_json")
        );
    }

    #[test]
    fn a_control_character_anywhere_is_refused_naming_its_field() {
        let e = refusal::<Login>("{\"username\":\"a\\u0000\",\"password\":\"x\"}");
        assert!(e.field_message("username").is_some(), "{e}");
        let e = refusal::<Report>("{\"records\":[{\"year\":1,\"credits\":1,\"x\":\"\\u0001\"}]}");
        assert!(e.field_message("records[0].x").is_some(), "{e}");
    }

    #[test]
    fn type_errors_name_the_field_without_parser_words() {
        let e = refusal::<Report>(r#"{"records":[{"year":1.5,"credits":1}]}"#);
        let m = e.field_message("records[0].year").unwrap();
        assert!(m.contains("整数"), "{m}");
        assert!(!m.contains("expected") && !m.contains("line"), "{m}");
        let e = refusal::<Report>(r#"{"records":[{"year":1,"credits":"2.5"}]}"#);
        assert!(
            e.field_message("records[0].credits")
                .unwrap()
                .contains("数字")
        );
        let e = refusal::<Login>(r#"{"username":"a"}"#);
        assert!(e.field_message("password").unwrap().contains("缺少"));
    }

    #[test]
    fn query_values_follow_the_same_rule() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Q {
            q: Option<String>,
        }
        let e = from_pairs::<Q>(b"q=%00", "invalid_query", "x").unwrap_err();
        assert!(e.field_message("q").is_some());
        assert!(from_pairs::<Q>(b"q=%E5%86%AF", "invalid_query", "x").is_ok());
    }
}
