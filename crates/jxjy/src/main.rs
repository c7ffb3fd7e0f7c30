//! `jxjy`: the one binary. `serve`, `migrate`, `admin add`, `regions import`, `backup`, `bench-data`.

mod bench;
mod bench_hash;
mod cli;
mod commands;
mod config;
mod logging;
mod regions;

use clap::Parser;

/// mimalloc hands freed memory back to the system: with glibc's malloc, each blocking thread that
/// hashed a password kept its own 19 MiB arena, 750 MB after a burst of logins (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    let settings = match config::load(&cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("配置有误: {e:#}");
            return std::process::ExitCode::from(2);
        }
    };
    let filter = match cli.command {
        cli::Command::BenchData { .. } => logging::BULK_FILTER,
        _ => logging::DEFAULT_FILTER,
    };
    logging::init(&settings.log_format, filter);
    match commands::run(cli.command, settings).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "jxjy failed");
            eprintln!("错误: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
