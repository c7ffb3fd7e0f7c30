//! `jxjy bench-hash`: how long one password verification takes on this machine, with the
//! server's own parameters and its own way (`verify_in`, each thread's memory kept). The
//! benchmark compares the logins a second with what the cores hash together.

use std::time::Instant;

pub fn run(rounds: u32) -> anyhow::Result<()> {
    let rounds = rounds.max(1);
    let stored = jxjy_app::password::hash("Bench@2025").map_err(anyhow::Error::msg)?;
    let verify = |memory: &mut jxjy_app::password::HashMemory| {
        jxjy_app::password::verify_in(memory, "Bench@2025", &stored)
    };
    // One verification first, as the server's hashing threads have their memory already.
    let mut memory = jxjy_app::password::HashMemory::new();
    anyhow::ensure!(verify(&mut memory), "哈希校验失败");
    let started = Instant::now();
    for _ in 0..rounds {
        anyhow::ensure!(verify(&mut memory), "哈希校验失败");
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
    // Then one verifier per core at once: what the machine's cores really hash together (two
    // vCPUs may be one physical core's two threads, which do not hash twice as fast as one).
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let started = Instant::now();
    let verified = std::thread::scope(|s| {
        let workers: Vec<_> = (0..cores)
            .map(|_| {
                s.spawn(|| {
                    let mut memory = jxjy_app::password::HashMemory::new();
                    verify(&mut memory) && (0..rounds).all(|_| verify(&mut memory))
                })
            })
            .collect();
        workers.into_iter().all(|w| w.join().unwrap_or(false))
    });
    anyhow::ensure!(verified, "哈希校验失败");
    // Each thread's first verification (its memory's first use) is counted too.
    let total = f64::from(rounds + 1) * cores as f64;
    let parallel_per_s = total / started.elapsed().as_secs_f64();
    println!(
        "{{\"rounds\":{rounds},\"ms_per_verify\":{ms:.3},\"cores\":{cores},\"parallel_per_s\":{parallel_per_s:.1}}}"
    );
    Ok(())
}
