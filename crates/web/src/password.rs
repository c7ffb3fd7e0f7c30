//! Password hashing with argon2id (the maintained RustCrypto implementation, PHC strings).

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

pub fn hash(password: &str) -> Result<String, String> {
    let hashed: argon2::password_hash::phc::PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| format!("密码哈希失败: {e}"))?;
    Ok(hashed.to_string())
}

/// True when `password` matches the stored hash; a malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let h = hash("Jxjy@2025").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("Jxjy@2025", &h));
        assert!(!verify("jxjy@2025", &h));
        assert!(!verify("Jxjy@2025", "not-a-hash"));
    }
}
