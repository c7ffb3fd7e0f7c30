//! Start-up: settings checked, database opened and migrated, the province root ensured, demo
//! data seeded when asked. Shared by `jxjy serve` and the integration tests.

use std::sync::{Arc, OnceLock};

use jxjy_seed::demo::{DemoInput, DemoOutcome, DemoSummary};
use jxjy_store::{Store, StoreError};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use thiserror::Error;

use crate::state::App;
use crate::{AppState, Settings, ui};
use jxjy_app::format;
use jxjy_app::password;

/// The demo password of every demo account (SPEC section 7).
pub const DEMO_PASSWORD: &str = "Jxjy@2025";

#[derive(Debug, Error)]
pub enum BootError {
    #[error("配置有误: {0}")]
    Settings(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("指标初始化失败: {0}")]
    Metrics(String),
}

pub struct Booted {
    pub state: AppState,
    /// What `--demo` created, or `None` when it did not run or found data.
    pub demo: Option<DemoSummary>,
    /// True when `--demo` was asked for but the database already held data.
    pub demo_skipped: bool,
}

/// The Prometheus recorder is process-global; several apps in one process (tests) share it.
/// The handle kept must be the installed recorder's: built and installed inside the one
/// initialiser that `OnceLock` runs, so a second app that starts at the same moment waits for
/// it instead of keeping the handle of a recorder that lost the race (and renders nothing).
fn metrics_handle() -> Result<PrometheusHandle, BootError> {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    Ok(HANDLE.get_or_init(install_recorder).clone())
}

fn install_recorder() -> PrometheusHandle {
    let recorder = PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    if metrics::set_global_recorder(recorder).is_err() {
        tracing::warn!("another metrics recorder was installed first; /metrics will be empty");
    }
    handle
}

pub async fn boot(settings: Settings) -> Result<Booted, BootError> {
    settings.validate().map_err(BootError::Settings)?;
    // Before anything else: without the shared key a PostgreSQL instance must not start.
    let secret_key = secret_key(&settings).await?;
    let url = settings.effective_database_url();
    let options = settings.store_options().map_err(BootError::Settings)?;
    let store = Store::connect_with(&url, options).await?;
    store.migrate().await?;
    store
        .regions()
        .ensure_root_region(
            &settings.province_code,
            &settings.province_name,
            &settings.province_authority,
        )
        .await?;
    let (demo, demo_skipped) = if settings.demo {
        seed_demo(&store, &settings).await?
    } else {
        (None, false)
    };
    let sms = crate::sms::from_settings(&settings).map_err(BootError::Settings)?;
    let rules = settings.rule_book().map_err(BootError::Settings)?;
    let state = AppState(Arc::new(App {
        core: Arc::new(jxjy_app::Context {
            store,
            sms,
            secret_key,
            settings,
            rules,
        }),
        metrics: metrics_handle()?,
        asset_version: ui::assets::version(),
    }));
    Ok(Booted {
        state,
        demo,
        demo_skipped,
    })
}

/// The key of signatures and hashed codes: `secret_key` from the settings, else a random key
/// kept in `{data_dir}/secret.key` (created on first start). Several instances must share it,
/// so production sets `JXJY_SECRET_KEY`.
pub async fn secret_key(settings: &Settings) -> Result<Vec<u8>, BootError> {
    if !settings.secret_key.is_empty() {
        return Ok(settings.secret_key.as_bytes().to_vec());
    }
    // On PostgreSQL several instances share the database: a key file per machine would make
    // codes, tokens and partner secrets fail on every other instance.
    if settings.effective_database_url().starts_with("postgres") {
        return Err(BootError::Settings(
            "使用 PostgreSQL 时必须设置 JXJY_SECRET_KEY（所有实例相同，至少 32 个字符）".into(),
        ));
    }
    let path = settings.data_dir.join("secret.key");
    match tokio::fs::read_to_string(&path).await {
        Ok(text) if !text.trim().is_empty() => Ok(text.trim().as_bytes().to_vec()),
        _ => {
            let key =
                jxjy_app::crypto::random_token().map_err(|e| BootError::Settings(e.to_string()))?;
            tokio::fs::create_dir_all(&settings.data_dir)
                .await
                .map_err(|e| BootError::Settings(e.to_string()))?;
            write_private(&path, &key)
                .await
                .map_err(|e| BootError::Settings(format!("{}: {e}", path.display())))?;
            tracing::warn!(path = %path.display(), "JXJY_SECRET_KEY not set: generated a key file; set the same key on every instance");
            Ok(key.into_bytes())
        }
    }
}

/// Writes a file only its owner can read (the key must not be world-readable).
async fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(content.as_bytes()).await?;
    file.flush().await
}

async fn seed_demo(
    store: &Store,
    settings: &Settings,
) -> Result<(Option<DemoSummary>, bool), BootError> {
    let hash = password::hash(DEMO_PASSWORD).map_err(BootError::Settings)?;
    // Demo secrets are fixed and public (printed at start); stored encrypted like any other.
    let key = secret_key(settings).await?;
    let encrypt = move |secret: &str| jxjy_app::secrets::encrypt(&key, secret).unwrap_or_default();
    let input = DemoInput {
        province_code: &settings.province_code,
        password_hash: &hash,
        encrypt_secret: &encrypt,
        this_year: format::this_year(),
        now: format::now(),
    };
    match jxjy_seed::demo::seed_demo(store, &input).await? {
        DemoOutcome::Seeded(summary) => Ok((Some(summary), false)),
        DemoOutcome::NotEmpty => Ok((None, true)),
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    /// Apps started at the same moment on several threads all render what any of them counts.
    #[test]
    fn every_concurrently_started_app_renders_the_installed_recorder() {
        let handles: Vec<_> = (0..8)
            .map(|_| std::thread::spawn(super::metrics_handle))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().expect("thread").expect("handle"))
            .collect();
        metrics::counter!("bootstrap_test_total").increment(1);
        for handle in handles {
            assert!(handle.render().contains("bootstrap_test_total"));
        }
    }
}
