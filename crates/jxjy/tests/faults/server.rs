//! The real binary as a child process: started on a fixed port so that a restart is found
//! where the clients left it, killed with SIGKILL or stopped with SIGTERM.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

pub struct Server {
    pub port: u16,
    pub database_url: String,
    pub data_dir: PathBuf,
    env: Vec<(String, String)>,
    child: Option<Child>,
}

pub const SECRET_KEY: &str = "fault-suite-secret-key-0123456789";

/// A port free now (bound and released); the server takes it at every start.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    pub fn new(database_url: String, data_dir: &Path) -> Server {
        Server {
            port: free_port(),
            database_url,
            data_dir: data_dir.to_path_buf(),
            env: Vec::new(),
            child: None,
        }
    }

    /// A `JXJY_*` setting for every start.
    pub fn setting(mut self, name: &str, value: &str) -> Server {
        self.env.push((name.to_string(), value.to_string()));
        self
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jxjy"));
        cmd.args(args)
            .arg("--database-url")
            .arg(&self.database_url)
            .arg("--data-dir")
            .arg(&self.data_dir)
            .env_remove("JXJY_DATABASE_URL")
            .env("JXJY_SECRET_KEY", SECRET_KEY)
            .env("JXJY_SENSITIVE_PER_IP_PER_MINUTE", "0")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .kill_on_drop(true);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// `jxjy migrate`, then `jxjy bench-data` for `learners`; returns the manifest.
    pub async fn bench_data(&self, learners: u32) -> serde_json::Value {
        let out = self.command(&["migrate"]).output().await.unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let manifest = self.data_dir.join("manifest.json");
        let manifest_arg = manifest.display().to_string();
        let out = self
            .command(&[
                "bench-data",
                "--learners",
                &learners.to_string(),
                "--manifest",
                &manifest_arg,
            ])
            .output()
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap()
    }

    /// Starts `jxjy serve` and waits until `/healthz` answers 200.
    pub async fn start(&mut self) {
        assert!(self.child.is_none(), "already running");
        let addr = format!("127.0.0.1:{}", self.port);
        let child = self
            .command(&["serve", "--addr", &addr])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        self.child = Some(child);
        self.wait_healthy().await;
    }

    /// Polls `/healthz` until it answers 200 (at most about a minute: a ceiling on a hang).
    pub async fn wait_healthy(&mut self) {
        let client = reqwest::Client::new();
        let url = format!("{}/healthz", self.base());
        for _ in 0..600 {
            if let Some(child) = self.child.as_mut() {
                assert!(
                    child.try_wait().unwrap().is_none(),
                    "the server exited at start-up"
                );
            }
            match client
                .get(&url)
                .timeout(Duration::from_secs(3))
                .send()
                .await
            {
                Ok(r) if r.status() == 200 => return,
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        panic!("the server did not become healthy");
    }

    /// SIGKILL: no shutdown, no final checkpoint, exactly what a crash or an OOM kill does.
    pub async fn kill9(&mut self) {
        let mut child = self.child.take().expect("running");
        child.start_kill().unwrap();
        child.wait().await.unwrap();
    }

    /// SIGTERM, then the exit status once it has exited.
    pub async fn terminate(&mut self, ceiling: Duration) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("running");
        let pid = child.id().unwrap().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .await
            .unwrap();
        assert!(sent.success());
        match tokio::time::timeout(ceiling, child.wait()).await {
            Ok(status) => status.unwrap(),
            Err(_) => {
                child.start_kill().ok();
                panic!("the server did not exit within {ceiling:?} of SIGTERM");
            }
        }
    }

    /// Waits for an exit already asked for (a SIGTERM sent by the test itself).
    pub async fn terminate_wait(&mut self, ceiling: Duration) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("running");
        match tokio::time::timeout(ceiling, child.wait()).await {
            Ok(status) => status.unwrap(),
            Err(_) => {
                child.start_kill().ok();
                panic!("the server did not exit within {ceiling:?}");
            }
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }
}
