//! Command-line interface (SPEC section 7). Flags override `JXJY_*` variables, which override
//! the config file, which overrides the built-in defaults.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "jxjy", version, about = "会计人员继续教育管理系统")]
pub struct Cli {
    /// Optional TOML settings file (also `JXJY_CONFIG`).
    #[arg(long, global = true, env = "JXJY_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Default, Clone)]
pub struct DbArgs {
    /// `sqlite://PATH` or `postgres://...`; default: `sqlite://./data/jxjy.db`.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Folder for local data (the default SQLite file, uploads).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080.
        #[arg(long)]
        addr: Option<String>,
        #[command(flatten)]
        db: DbArgs,
        /// Fill an empty database with demo data (never for production).
        #[arg(long)]
        demo: bool,
        /// Append SMS codes to FILE as JSON lines instead of sending them.
        #[arg(long, value_name = "FILE")]
        sms_outbox: Option<PathBuf>,
    },
    /// Apply database migrations (idempotent).
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Manage the 主管部门 region tree.
    Regions {
        #[command(subcommand)]
        command: RegionsCommand,
    },
    /// Add a synthetic province for the benchmark: N learners with three years of history,
    /// bench schools, and a manifest of ready-made identities (docs/performance.md).
    BenchData {
        /// How many learners to add.
        #[arg(long)]
        learners: u64,
        /// Where to write the manifest (JSON).
        #[arg(
            long,
            value_name = "PATH",
            default_value = "target/bench/manifest.json"
        )]
        manifest: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write an online backup of the SQLite database to FILE.
    Backup {
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Time one password verification (the login ceiling of the benchmark); prints JSON.
    BenchHash {
        #[arg(long, default_value_t = 20)]
        rounds: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Add an administrator; the password is read from standard input.
    Add {
        #[arg(long)]
        username: String,
        /// super, province, city or district.
        #[arg(long)]
        role: String,
        /// The region code the admin is bound to, e.g. 210102.
        #[arg(long)]
        region: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegionsCommand {
    /// Add the regions of a CSV file (columns: code,name,authority_name,parent_code); codes
    /// already present are left as they are, so running it twice adds nothing twice.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}
