//! What each subcommand does.

use std::io::Read;
use std::net::SocketAddr;

use anyhow::Context;
use jxjy_store::Store;
use jxjy_store::admins::NewAdmin;
use jxjy_store::audit::Actor;
use jxjy_web::{Settings, bootstrap};

use crate::cli::{AdminCommand, Command, RegionsCommand};

pub async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { .. } => serve(settings).await,
        Command::Migrate { .. } => {
            let store = open(&settings).await?;
            println!("数据库迁移完成（{}）", store.backend().as_str());
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Add {
                    username,
                    role,
                    region,
                    ..
                },
        } => admin_add(&settings, &username, &role, &region).await,
        Command::Regions {
            command: RegionsCommand::Import { file, .. },
        } => regions_import(&settings, &file).await,
        Command::BenchData {
            learners, manifest, ..
        } => crate::bench::run(&settings, learners, &manifest).await,
        Command::Backup { to, .. } => {
            let store = Store::connect(&settings.effective_database_url(), 2).await?;
            store.backup_to(&to).await?;
            println!("已备份到 {}", to.display());
            Ok(())
        }
        Command::BenchHash { rounds } => crate::bench_hash::run(rounds),
    }
}

pub(crate) async fn open(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::connect(&settings.effective_database_url(), 4).await?;
    store.migrate().await?;
    store
        .regions()
        .ensure_root_region(
            &settings.province_code,
            &settings.province_name,
            &settings.province_authority,
        )
        .await?;
    Ok(store)
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let addr: SocketAddr = settings
        .addr
        .parse()
        .with_context(|| format!("监听地址无效: {}", settings.addr))?;
    tracing::info!(settings = ?settings, "starting jxjy");
    let booted = bootstrap::boot(settings).await?;
    if let Some(demo) = &booted.demo {
        print_demo(demo);
    } else if booted.demo_skipped {
        tracing::warn!(
            "--demo: 数据库中已有数据，未写入演示数据 (database not empty, demo data NOT seeded)"
        );
    }
    let shutdown = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("无法监听 {addr}"))?;
    tracing::info!(%addr, "listening: http://{addr}/");
    survive_file_size_limit();
    spawn_purger(booted.state.store.clone());
    jxjy_web::reminders::worker::spawn(booted.state.clone());
    jxjy_web::partner::webhooks::spawn_worker(
        booted.state.clone(),
        std::time::Duration::from_secs(5),
    );
    let app = jxjy_web::app(booted.state.clone());
    let limits = jxjy_web::serve::ServeLimits::from_settings(&booted.state.settings);
    let metrics_addr = booted.state.settings.metrics_addr.trim().to_string();
    if !metrics_addr.is_empty() {
        let metrics_listener = tokio::net::TcpListener::bind(&metrics_addr)
            .await
            .with_context(|| format!("无法监听指标地址 {metrics_addr}"))?;
        tracing::info!(addr = %metrics_addr, "metrics: http://{metrics_addr}/metrics");
        tokio::spawn(jxjy_web::serve::serve(
            metrics_listener,
            jxjy_web::ops::private_routes(booted.state.clone()),
            limits,
            std::future::pending(),
        ));
    }
    let drained = jxjy_web::serve::serve(listener, app, limits, shutdown).await;
    tracing::info!(?drained, "requests drained");
    // A request cut off at the end of the grace period may still hold a connection: closing
    // the pool would wait for it, so the final flush and checkpoint get a bounded time.
    let finish = async {
        booted.state.store.sessions().write_pending_touches().await;
        booted.state.store.close().await;
    };
    if tokio::time::timeout(std::time::Duration::from_secs(5), finish)
        .await
        .is_err()
    {
        tracing::warn!("database not closed within 5 s; exiting anyway");
    }
    tracing::info!("stopped");
    Ok(())
}

fn print_demo(demo: &jxjy_seed::demo::DemoSummary) {
    tracing::warn!(
        "DEMO MODE: 演示数据已写入，仅供演示，切勿用于生产环境 (demo data seeded; never use in production)"
    );
    println!();
    println!("================ 演示模式 DEMO MODE ================");
    println!(
        "演示数据仅供体验，切勿用于生产环境。所有演示账号的密码: {}",
        bootstrap::DEMO_PASSWORD
    );
    println!("学员: 姓名 {} 证件号 {}", demo.learner.0, demo.learner.1);
    println!(
        "单位: {} 统一社会信用代码 {}（登录 /employer/login）",
        demo.employer.0, demo.employer.1
    );
    for (username, what) in &demo.admins {
        println!("管理员: {username:<10} {what}");
    }
    for (id, name, secret) in &demo.institutions {
        println!("培训机构 #{id} {name}  合作接口密钥: {secret}");
    }
    println!("主管部门: {} 个地区", demo.regions);
    println!("====================================================");
    println!();
}

async fn admin_add(
    settings: &Settings,
    username: &str,
    role: &str,
    region: &str,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        matches!(role, "super" | "province" | "city" | "district"),
        "角色必须是 super、province、city 或 district"
    );
    let username = username.trim();
    anyhow::ensure!(
        (3..=32).contains(&username.len())
            && username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'),
        "用户名须为 3-32 位字母、数字、下划线或点"
    );
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("读取标准输入的密码失败")?;
    let password = input.lines().next().unwrap_or_default();
    let password = jxjy_domain::Password::parse(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hash = jxjy_app::password::hash(password.as_str()).map_err(|e| anyhow::anyhow!(e))?;
    let store = open(settings).await?;
    let region_row = store
        .regions()
        .region(region)
        .await?
        .with_context(|| format!("地区代码不存在: {region}"))?;
    let role_kind = role
        .parse::<jxjy_domain::AdminRole>()
        .ok()
        .context("角色必须是 super、province、city 或 district")?;
    anyhow::ensure!(
        role_kind.fits_region_level(region_row.level),
        "角色与地区级别不符：super 和 province 对应省（如 210000），city 对应市（如 210100），district 对应区县（如 210102）"
    );
    let id = store
        .admins()
        .create_admin(
            &NewAdmin {
                username,
                password_hash: &hash,
                role,
                region_code: region,
                display_name: &region_row.authority_name,
            },
            &Actor::system(),
            jxjy_app::format::now(),
        )
        .await
        .map_err(|e| {
            if e.is_conflict() {
                anyhow::anyhow!("用户名已存在: {username}")
            } else {
                e.into()
            }
        })?;
    println!(
        "已添加管理员 {username}（#{id}，{role}，{}）",
        region_row.authority_name
    );
    Ok(())
}

/// Loads regions from a CSV file `code,name,authority_name,parent_code` (see `regions`).
async fn regions_import(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("无法读取 {}（须为 UTF-8 CSV）", file.display()))?;
    let rows = crate::regions::parse_csv(&text)?;
    let store = open(settings).await?;
    let (added, present) = crate::regions::add_all(&store, rows).await?;
    println!("地区导入完成：新增 {added} 个，已存在 {present} 个");
    Ok(())
}

/// Every ten minutes, removes expired sessions, SMS codes, flood counters and nonces.
fn spawn_purger(store: Store) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = store
                .sessions()
                .purge_expired(jxjy_app::format::now())
                .await
            {
                tracing::warn!(error = %e, "purging expired rows failed");
            }
        }
    });
}

/// A file-size limit (`ulimit -f`, a quota) ends a process with SIGXFSZ by default. Handled,
/// the signal only makes the write fail (EFBIG), which is answered 503 `storage_full` like a
/// full disk, and writing resumes once the limit is raised.
fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        // SIGXFSZ is 25 on every Linux architecture Rust targets here.
        const SIGXFSZ: i32 = 25;
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::from_raw(SIGXFSZ)) {
            Ok(mut s) => {
                tokio::spawn(async move {
                    while s.recv().await.is_some() {
                        tracing::error!(
                            "file size limit reached (SIGXFSZ): writes are refused until it is raised"
                        );
                    }
                });
            }
            Err(e) => tracing::warn!(error = %e, "cannot handle SIGXFSZ"),
        }
    }
}

/// SIGTERM and Ctrl-C, listened for from the moment this is called: the handlers are installed
/// here, before the server accepts its first connection, not when the future is first polled
/// (the accept loop may serve a request before it polls the shutdown future, and a SIGTERM in
/// that gap would kill the process instead of draining it).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let listen = |kind: tokio::signal::unix::SignalKind, name: &'static str| {
        tokio::signal::unix::signal(kind)
            .map_err(|e| tracing::error!(error = %e, "cannot listen for {name}"))
            .ok()
    };
    #[cfg(unix)]
    let (terminate, interrupt) = (
        listen(tokio::signal::unix::SignalKind::terminate(), "SIGTERM"),
        listen(tokio::signal::unix::SignalKind::interrupt(), "Ctrl-C"),
    );
    async move {
        #[cfg(unix)]
        {
            let received = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = received(terminate) => {},
                () = received(interrupt) => {},
            }
        }
        #[cfg(not(unix))]
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutdown signal received: finishing requests in flight");
    }
}
