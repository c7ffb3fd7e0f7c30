//! `/api/docs`: the OpenAPI document as a plain HTML page, rendered on the server so that it
//! works without internet access or JavaScript.

use crate::AppState;
use crate::ui::chrome::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

pub struct Operation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub tag: String,
    pub statuses: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "api_docs.html")]
pub struct DocsPage {
    pub chrome: Chrome,
    pub title: String,
    pub description: String,
    pub operations: Vec<Operation>,
}

pub async fn page(State(state): State<AppState>) -> DocsPage {
    let doc = crate::api::openapi::served();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let mut operations = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                let op = &item[method];
                if op.is_null() {
                    continue;
                }
                let statuses = op["responses"]
                    .as_object()
                    .map(|r| r.keys().cloned().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                operations.push(Operation {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    summary: text(&op["summary"]),
                    tag: op["tags"].get(0).map(text).unwrap_or_default(),
                    statuses,
                });
            }
        }
    }
    DocsPage {
        chrome: Chrome::new(&state, ""),
        title: text(&doc["info"]["title"]),
        description: text(&doc["info"]["description"]),
        operations,
    }
}
