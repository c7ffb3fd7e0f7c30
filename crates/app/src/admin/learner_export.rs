//! 导出当前列表: the console's learner list as filtered (search, region, year, 达标情况), as
//! xlsx with the compliance list's columns. Read in keyset pages and written by the same
//! constant-memory writer as the compliance list, so a province's list never sits in memory.

use tokio::sync::mpsc;

use crate::admin::AdminAuth;
use crate::admin::console::{AdminLearnerItem, LearnerListQuery, item, learner_filter};
use crate::admin::export::{Download, ExportFile, temp_dir, write_compliance};
use crate::{AppError, Context};

/// Rows read per page.
const PAGE: i64 = 2000;

pub async fn learners_xlsx(
    state: &Context,
    admin: &AdminAuth,
    query: &LearnerListQuery,
) -> Result<ExportFile, AppError> {
    let (mut filter, judge) = learner_filter(state, admin, query).await?;
    let dir = temp_dir(state)?;
    let year = query.year;
    let (tx, rx) = mpsc::channel::<Vec<AdminLearnerItem>>(2);
    let writer = tokio::task::spawn_blocking(move || write_compliance(rx, year, &dir));
    loop {
        let rows = state
            .store
            .console()
            .learners_in_scope_after(&admin.session.region_path, &filter, PAGE)
            .await?;
        let Some(last) = rows.last() else { break };
        filter.after_id = last.id;
        let items = rows.into_iter().map(|r| item(r, &judge)).collect();
        if tx.send(items).await.is_err() {
            break;
        }
    }
    drop(tx);
    let file = writer.await.map_err(AppError::internal)??;
    ExportFile::from_std(file)
}

/// The filtered list as a download, with its audit record (shared by the page and the API).
pub async fn learner_list(
    state: &Context,
    admin: &AdminAuth,
    ip: std::net::IpAddr,
    query: &LearnerListQuery,
) -> Result<Download, AppError> {
    let file = learners_xlsx(state, admin, query).await?;
    let detail = serde_json::json!({
        "year": query.year, "q": query.q, "region": query.region, "met": query.met,
    });
    crate::admin::export::audit_download(state, admin, ip, "export.learners", detail).await?;
    Ok(Download {
        file,
        content_type: crate::admin::export::XLSX,
        fallback: format!("learners-{}-{}.xlsx", query.year, admin.session.region_code),
        name: crate::admin::export::download_name(admin, query.year, "学员名单", "xlsx"),
    })
}
