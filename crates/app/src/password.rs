//! Password hashing with argon2id (the maintained RustCrypto implementation, PHC strings).
//!
//! Parameters: argon2id v1.3, 19 MiB memory, 2 iterations, 1 lane, 32-byte output, 16-byte random
//! salt (the OWASP recommendation). Stored hashes carry their parameters, so raising them later
//! keeps old hashes verifiable.

use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

pub fn hash(password: &str) -> Result<String, String> {
    let hashed: argon2::password_hash::phc::PasswordHash = hasher()
        .hash_password(password.as_bytes())
        .map_err(|e| format!("密码哈希失败: {e}"))?;
    Ok(hashed.to_string())
}

/// The memory a verification works in (19 MiB with the default parameters).
pub type HashMemory = Vec<Block>;

/// True when `password` matches the stored hash (a malformed hash never matches), computed in
/// the given memory: grown to the stored hash's size once, then used again by every
/// later verification, so that a login allocates (and the kernel zeroes) nothing.
pub fn verify_in(memory: &mut HashMemory, password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let mut buffer = [0u8; Output::MAX_LENGTH];
    let Some(out) = buffer.get_mut(..expected.len()) else {
        return false;
    };
    if Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt.as_ref(), out, &mut memory[..])
        .is_err()
    {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(out).is_ok_and(|computed| &computed == expected)
}

/// A hash's work, given the memory of the thread that runs it.
type Job = Box<dyn FnOnce(&mut HashMemory) + Send>;

/// One hashing thread per core, each with the memory of one hash, kept while hashes keep coming
/// (`KEEP_MEMORY_IDLE`). Before, each hash ran on the blocking pool in a 19 MiB allocation of
/// its own, which the kernel zeroed for every login. One thread per core also keeps the old
/// gate: 64 concurrent logins took 64 x 19 MiB and, thrashing two cores, a fifth of the
/// throughput of hashing one after another per core.
fn hashers() -> Option<&'static Sender<Job>> {
    static QUEUE: OnceLock<Option<Sender<Job>>> = OnceLock::new();
    QUEUE
        .get_or_init(|| {
            let (queue, jobs) = std::sync::mpsc::channel::<Job>();
            let jobs = Arc::new(Mutex::new(jobs));
            let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
            let started = (0..cores)
                .filter(|n| {
                    let jobs = jobs.clone();
                    std::thread::Builder::new()
                        .name(format!("jxjy-hash-{n}"))
                        .spawn(move || hash_jobs(&jobs))
                        .is_ok()
                })
                .count();
            (started > 0).then_some(queue)
        })
        .as_ref()
}

/// How long a hashing thread keeps its memory with no hash to do: through a burst of logins it
/// is used again and again; after one, the server's memory goes back to what it was.
const KEEP_MEMORY_IDLE: std::time::Duration = std::time::Duration::from_secs(1);

fn hash_jobs(jobs: &Mutex<Receiver<Job>>) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut memory = HashMemory::new();
    loop {
        let job = match jobs.lock() {
            Ok(queue) if memory.is_empty() => {
                queue.recv().map_err(|_| RecvTimeoutError::Disconnected)
            }
            Ok(queue) => queue.recv_timeout(KEEP_MEMORY_IDLE),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(&mut memory),
            Err(RecvTimeoutError::Timeout) => memory = HashMemory::new(),
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Runs `work` on a hashing thread; `None` when no hashing thread runs.
async fn on_hasher<T: Send + 'static>(
    work: impl FnOnce(&mut HashMemory) -> T + Send + 'static,
) -> Option<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move |memory| {
        // The request went away while it waited (its client hung up): nobody waits for this hash.
        if !answer.is_closed() {
            let _ = answer.send(work(memory));
        }
    });
    hashers()?.send(job).ok()?;
    answered.await.ok()
}

/// `verify_in` on a hashing thread, off the async workers: a hash costs tens of milliseconds of CPU and 19 MiB,
/// and a login burst must not stall every other request.
pub async fn verify_async(password: String, stored: String) -> bool {
    on_hasher(move |memory| verify_in(memory, &password, &stored))
        .await
        .unwrap_or(false)
}

/// Spends what a real verification spends, for a login whose account does not exist (or whose
/// name does not match, or that is disabled): the answer then takes as long as a wrong password
/// does, and tells a stranger nothing by its timing. Always false.
pub async fn verify_nothing(password: String) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    let stored = DUMMY
        .get_or_init(|| hash("jxjy-no-such-account-2026").ok())
        .clone()
        .unwrap_or_default();
    let _ = verify_async(password, stored).await;
}

/// `hash` off the async worker threads (a new password is rare: it allocates its own memory).
pub async fn hash_async(password: String) -> Result<String, String> {
    on_hasher(move |_| hash(&password))
        .await
        .unwrap_or_else(|| Err("密码哈希失败：服务暂时无法处理，请稍后重试".to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordVerifier;

    /// The crate's own verification, which allocates its memory: what `verify_in` is checked
    /// against.
    fn verify(password: &str, stored: &str) -> bool {
        hasher()
            .verify_password(password.as_bytes(), stored)
            .is_ok()
    }

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let h = hash("Jxjy@2025").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("Jxjy@2025", &h));
        assert!(!verify("jxjy@2025", &h));
        assert!(!verify("Jxjy@2025", "not-a-hash"));
    }

    #[test]
    fn verifying_in_kept_memory_agrees_with_verify_for_any_parameters() {
        let mut memory = Vec::new();
        let h = hash("Jxjy@2025").unwrap();
        assert!(verify_in(&mut memory, "Jxjy@2025", &h));
        assert_eq!(memory.len(), Params::DEFAULT.block_count());
        assert!(!verify_in(&mut memory, "jxjy@2025", &h));
        assert!(verify_in(&mut memory, "Jxjy@2025", &h), "memory used again");
        // Other parameters, other versions, other algorithms: what the stored string says.
        for (algorithm, version, m, t, p) in [
            (Algorithm::Argon2id, Version::V0x13, 4096, 3, 1),
            (Algorithm::Argon2i, Version::V0x10, 8, 1, 1),
            (Algorithm::Argon2d, Version::V0x13, 32768, 1, 2),
        ] {
            let params = Params::new(m, t, p, Some(32)).unwrap();
            let other = Argon2::new(algorithm, version, params)
                .hash_password(b"Other@2025")
                .unwrap()
                .to_string();
            assert!(verify("Other@2025", &other), "{other}");
            assert!(verify_in(&mut memory, "Other@2025", &other), "{other}");
            assert!(!verify_in(&mut memory, "Other@2026", &other), "{other}");
        }
        assert!(memory.len() >= 32768);
        assert!(!verify_in(&mut memory, "Jxjy@2025", "not-a-hash"));
        assert!(!verify_in(
            &mut memory,
            "Jxjy@2025",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ"
        ));
        assert!(!verify_in(
            &mut memory,
            "Jxjy@2025",
            &h.replace("$argon2id$", "$scrypt$")
        ));
    }

    #[tokio::test]
    async fn the_hashing_threads_verify_and_hash() {
        let h = hash_async("Jxjy@2025".to_string()).await.unwrap();
        assert!(verify_async("Jxjy@2025".to_string(), h.clone()).await);
        assert!(!verify_async("Jxjy@2026".to_string(), h).await);
        let many: Vec<_> = (0..8)
            .map(|_| tokio::spawn(verify_nothing("Jxjy@2025".to_string())))
            .collect();
        for v in many {
            v.await.unwrap();
        }
    }
}
