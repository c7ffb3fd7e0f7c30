//! Password hashing with argon2id (the maintained RustCrypto implementation, PHC strings).
//!
//! Parameters: argon2id v1.3, 19 MiB memory, 2 iterations, 1 lane, 32-byte output, 16-byte random
//! salt (the OWASP recommendation). Stored hashes carry their parameters, so raising them later
//! keeps old hashes verifiable.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

pub fn hash(password: &str) -> Result<String, String> {
    let hashed: argon2::password_hash::phc::PasswordHash = hasher()
        .hash_password(password.as_bytes())
        .map_err(|e| format!("密码哈希失败: {e}"))?;
    Ok(hashed.to_string())
}

/// True when `password` matches the stored hash; a malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    hasher()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// At most one hash per core at a time. Without the gate a login burst starts a blocking thread
/// per request: 64 concurrent logins took 64 x 19 MiB and, thrashing two cores, a fifth of the
/// throughput that hashing one after another per core gives (see docs/performance.md).
fn hashing_gate() -> &'static Semaphore {
    static GATE: OnceLock<Semaphore> = OnceLock::new();
    GATE.get_or_init(|| {
        Semaphore::new(std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
    })
}

/// `verify` off the async worker threads: a hash costs tens of milliseconds of CPU and 19 MiB,
/// and a login burst must not stall every other request.
pub async fn verify_async(password: String, stored: String) -> bool {
    let Ok(_permit) = hashing_gate().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || verify(&password, &stored))
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

/// `hash` off the async worker threads.
pub async fn hash_async(password: String) -> Result<String, String> {
    let _permit = hashing_gate().acquire().await.map_err(|e| e.to_string())?;
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let h = hash("Jxjy@2025").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("Jxjy@2025", &h));
        assert!(!verify("jxjy@2025", &h));
        assert!(!verify("Jxjy@2025", "not-a-hash"));
    }
}
