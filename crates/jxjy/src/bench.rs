//! `jxjy bench-data`: a synthetic province for the benchmark, and the manifest of ready-made
//! identities the benchmark drives it with (see `jxjy_seed::bench` and docs/performance.md).

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use jxjy_app::{auth, crypto, format, password, secrets};
use jxjy_domain::CreditRule;
use jxjy_seed::bench::{self, BenchInput, BenchOutcome};
use jxjy_web::{Settings, bootstrap};
use serde_json::json;

/// The password of every bench learner and of the bench admin (documented, never for production).
pub const BENCH_PASSWORD: &str = "Bench@2025";
/// The manifest's sessions stay valid this long without use (after a use, the normal idle expiry).
const SESSION_SECS: i64 = 7 * 86_400;

pub async fn run(settings: &Settings, learners: u64, manifest: &Path) -> anyhow::Result<()> {
    anyhow::ensure!(learners > 0, "--learners 必须大于 0");
    let started = Instant::now();
    let key = bootstrap::secret_key(settings).await?;
    let store = crate::commands::open(settings).await?;
    if settings.province_code == "210000" {
        // The whole Liaoning list (the demo holds the same codes; present ones are skipped).
        let rows = crate::regions::parse_csv(crate::regions::LIAONING_CSV)?;
        let (added, _) = crate::regions::add_all(&store, rows).await?;
        if added > 0 {
            println!("已导入辽宁省地区 {added} 个");
        }
    }
    // One hash for every bench learner: hashing a million passwords is not what is measured.
    let password_hash = password::hash(BENCH_PASSWORD).map_err(|e| anyhow::anyhow!(e))?;
    let encrypt = |secret: &str| secrets::encrypt(&key, secret);
    let new_session = || -> Result<(String, String), String> {
        let token = crypto::random_token().map_err(|e| e.to_string())?;
        let hash = auth::token_hash(&token);
        Ok((token, hash))
    };
    let rule = |year: i32| {
        settings
            .credit_rule(year)
            .unwrap_or_else(|_| CreditRule::liaoning())
    };
    let progress = |done: u64, rows: u64| {
        println!(
            "  {done:>9} / {learners} 名学员  {rows:>10} 行  {:>7.1} s",
            started.elapsed().as_secs_f64()
        );
    };
    let now = format::now();
    println!(
        "生成基准数据：{learners} 名学员（{}）",
        store.backend().as_str()
    );
    let outcome = bench::add_bench_data(
        &store,
        &BenchInput {
            learners,
            province_code: &settings.province_code,
            password_hash: &password_hash,
            encrypt_secret: &encrypt,
            new_session: &new_session,
            rule: &rule,
            this_year: format::this_year(),
            now,
            session_secs: SESSION_SECS,
            progress: &progress,
        },
    )
    .await?;
    let elapsed = started.elapsed().as_secs_f64();
    write_manifest(manifest, &outcome, now + SESSION_SECS)?;
    println!(
        "完成：{} 名学员（编号 {}..{}），{} 行，用时 {elapsed:.1} s",
        outcome.learners,
        outcome.first_number,
        outcome.first_number + outcome.learners,
        outcome.rows
    );
    if let Some(path) = store.sqlite_path() {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        println!(
            "数据库文件 {}：{:.1} MB",
            path.display(),
            size as f64 / 1_048_576.0
        );
    }
    println!(
        "清单 {}；学员与管理员 {} 的密码：{BENCH_PASSWORD}；网校密钥 bench-secret-1..{}",
        manifest.display(),
        bench::ADMIN_USERNAME,
        bench::INSTITUTIONS
    );
    store.close().await;
    Ok(())
}

fn write_manifest(path: &Path, o: &BenchOutcome, sessions_until: i64) -> anyhow::Result<()> {
    let manifest = json!({
        "password": BENCH_PASSWORD,
        "learners": o.learners,
        "first_learner_number": o.first_number,
        "base_url_hint": null,
        "sessions_valid_until": sessions_until,
        "admin": {"username": bench::ADMIN_USERNAME, "password": BENCH_PASSWORD},
        "institutions": o.institutions.iter().map(|i| json!({"id": i.id, "name": i.name, "secret": i.secret})).collect::<Vec<_>>(),
        "login_sample": o.login_sample.iter().map(|l| json!({"name": l.name, "id_number": l.id_number, "phone": l.phone})).collect::<Vec<_>>(),
        "read_sessions": o.read_sessions.iter().map(|(token, id)| json!({"token": token, "learner_id": id})).collect::<Vec<_>>(),
        "enroll_sessions": o.enroll_sessions.iter().map(|e| json!({
            "token": e.token, "learner_id": e.learner_id, "year": e.year, "level": e.level.as_str(), "institution_id": e.institution_id,
        })).collect::<Vec<_>>(),
        "paid_enrollments": o.paid_enrollments.iter().map(|(i, e)| json!({"institution_id": i, "enrollment_id": e})).collect::<Vec<_>>(),
    });
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    }
    let text = serde_json::to_string_pretty(&manifest)?;
    std::fs::write(path, text).with_context(|| format!("无法写入 {}", path.display()))?;
    Ok(())
}
