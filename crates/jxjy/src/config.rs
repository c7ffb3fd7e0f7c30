//! Loads `Settings` from defaults, the optional TOML file, `JXJY_*` variables and the flags.

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use jxjy_web::Settings;

use crate::cli::{Cli, Command, DbArgs};

pub fn load(cli: &Cli) -> anyhow::Result<Settings> {
    let mut figment = Figment::from(Serialized::defaults(Settings::default()));
    if let Some(path) = &cli.config {
        anyhow::ensure!(path.exists(), "配置文件不存在: {}", path.display());
        figment = figment.merge(Toml::file(path));
    }
    // `JXJY_CONFIG` names the file, and test-only variables are not settings.
    figment = figment.merge(Env::prefixed("JXJY_").ignore(&["config", "test_database_url"]));
    let mut settings: Settings = figment.extract().context("读取配置失败")?;
    apply_flags(&mut settings, &cli.command);
    settings.validate().map_err(|e| anyhow::anyhow!(e))?;
    Ok(settings)
}

fn apply_db(settings: &mut Settings, db: &DbArgs) {
    if let Some(url) = &db.database_url {
        settings.database_url = url.clone();
    }
    if let Some(dir) = &db.data_dir {
        settings.data_dir = dir.clone();
    }
}

fn apply_flags(settings: &mut Settings, command: &Command) {
    match command {
        Command::Serve {
            addr,
            db,
            demo,
            sms_outbox,
        } => {
            if let Some(addr) = addr {
                settings.addr = addr.clone();
            }
            apply_db(settings, db);
            settings.demo |= *demo;
            if let Some(outbox) = sms_outbox {
                settings.sms_outbox = Some(outbox.clone());
            }
        }
        Command::Migrate { db } | Command::Backup { db, .. } | Command::BenchData { db, .. } => {
            apply_db(settings, db)
        }
        Command::Admin {
            command: crate::cli::AdminCommand::Add { db, .. },
        } => apply_db(settings, db),
        Command::Regions {
            command: crate::cli::RegionsCommand::Import { db, .. },
        } => apply_db(settings, db),
        Command::BenchHash { .. } => {}
    }
}
