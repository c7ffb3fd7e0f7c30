//! The 主管部门 CSV (`code,name,authority_name,parent_code`, a heading row optional), shared by
//! `jxjy regions import` and `jxjy bench-data`. Parents are added before their children whatever
//! the order in the file; codes already present are skipped, so importing again adds nothing twice.

use jxjy_store::Store;

/// Liaoning's 14 cities and the districts of Shenyang and Dalian (the file in `docs/`).
pub const LIAONING_CSV: &str = include_str!("../../../docs/regions-liaoning.csv");

/// The rows of the CSV, checked: `[code, name, authority_name, parent_code]`.
pub fn parse_csv(text: &str) -> anyhow::Result<Vec<[String; 4]>> {
    let mut rows: Vec<[String; 4]> = Vec::new();
    for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let cells: Vec<String> = line
            .split(',')
            .map(|c| c.trim().trim_matches('"').to_string())
            .collect();
        if cells.iter().all(|c| c.is_empty())
            || (n == 0 && cells.first().is_some_and(|c| c == "code"))
        {
            continue;
        }
        anyhow::ensure!(
            cells.len() >= 3,
            "第 {} 行应有 code,name,authority_name,parent_code 四列",
            n + 1
        );
        anyhow::ensure!(
            cells[0].len() == 6 && cells[0].bytes().all(|b| b.is_ascii_digit()),
            "第 {} 行的地区代码应为 6 位数字: {}",
            n + 1,
            cells[0]
        );
        rows.push([
            cells[0].clone(),
            cells[1].clone(),
            cells[2].clone(),
            cells.get(3).cloned().unwrap_or_default(),
        ]);
    }
    Ok(rows)
}

/// Adds the rows whose code is not present yet; returns (added, already present).
pub async fn add_all(store: &Store, rows: Vec<[String; 4]>) -> anyhow::Result<(i64, i64)> {
    let (mut added, mut present) = (0, 0);
    // Repeated passes: each adds the rows whose parent now exists.
    let mut pending = rows;
    loop {
        let mut next = Vec::new();
        let before = pending.len();
        for row in pending {
            let [code, name, authority, parent] = &row;
            if store.regions().region(code).await?.is_some() {
                present += 1;
                continue;
            }
            let parent_code = if parent.is_empty() {
                None
            } else {
                Some(parent.as_str())
            };
            if let Some(p) = parent_code
                && store.regions().region(p).await?.is_none()
            {
                next.push(row);
                continue;
            }
            let new = jxjy_store::regions::NewRegion {
                code,
                parent_code,
                name,
                authority_name: authority,
                sort_order: added,
            };
            store.regions().add_region(&new).await?;
            added += 1;
        }
        if next.is_empty() {
            break;
        }
        anyhow::ensure!(
            next.len() < before,
            "这些地区的上级代码不存在: {}",
            next.iter()
                .map(|r| r[0].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        pending = next;
    }
    Ok((added, present))
}
