//! `jxjy bench-hash`: how long one password verification takes on this machine, with the
//! server's own parameters. The benchmark divides the cores by it to get the login ceiling.

use std::time::Instant;

pub fn run(rounds: u32) -> anyhow::Result<()> {
    let rounds = rounds.max(1);
    let stored = jxjy_app::password::hash("Bench@2025").map_err(anyhow::Error::msg)?;
    // One verification first, so that the allocator's first 19 MiB is not counted.
    anyhow::ensure!(
        jxjy_app::password::verify("Bench@2025", &stored),
        "哈希校验失败"
    );
    let started = Instant::now();
    for _ in 0..rounds {
        anyhow::ensure!(
            jxjy_app::password::verify("Bench@2025", &stored),
            "哈希校验失败"
        );
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
    println!("{{\"rounds\":{rounds},\"ms_per_verify\":{ms:.3}}}");
    Ok(())
}
