//! Partner secrets at rest: encrypted with XChaCha20-Poly1305 under a key derived from the
//! server's `secret_key`. The secret is needed in clear to check HMAC signatures, so it is
//! encrypted rather than hashed; a copy of the database alone does not reveal it.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

fn cipher(server_key: &[u8]) -> XChaCha20Poly1305 {
    let mut h = Sha256::new();
    h.update(b"jxjy partner secret v1\0");
    h.update(server_key);
    let key: [u8; 32] = h.finalize().into();
    XChaCha20Poly1305::new(&Key::from(key))
}

/// `v1:` + hex(nonce || ciphertext).
pub fn encrypt(server_key: &[u8], secret: &str) -> Result<String, String> {
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|e| e.to_string())?;
    let sealed = cipher(server_key)
        .encrypt(&XNonce::from(nonce), secret.as_bytes())
        .map_err(|_| "加密失败".to_string())?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(format!("v1:{}", hex::encode(out)))
}

pub fn decrypt(server_key: &[u8], stored: &str) -> Result<String, String> {
    let bytes = stored
        .strip_prefix("v1:")
        .and_then(|h| hex::decode(h).ok())
        .ok_or("密钥格式不正确")?;
    if bytes.len() < 24 {
        return Err("密钥格式不正确".into());
    }
    let (nonce, sealed) = bytes.split_at(24);
    let nonce: [u8; 24] = nonce.try_into().map_err(|_| "密钥格式不正确".to_string())?;
    let plain = cipher(server_key)
        .decrypt(&XNonce::from(nonce), sealed)
        .map_err(|_| "密钥无法解密：服务器密钥（JXJY_SECRET_KEY）与写入时不同".to_string())?;
    String::from_utf8(plain).map_err(|e| e.to_string())
}

/// A new partner secret: 32 random bytes, hex.
pub fn new_partner_secret() -> Result<String, String> {
    crate::crypto::random_token().map_err(|e| e.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_round_trips_and_another_key_cannot_read_it() {
        let stored = encrypt(b"key-a", "demo-secret-1").unwrap();
        assert!(stored.starts_with("v1:") && !stored.contains("demo-secret"));
        assert_eq!(decrypt(b"key-a", &stored).unwrap(), "demo-secret-1");
        assert!(decrypt(b"key-b", &stored).is_err());
        assert!(decrypt(b"key-a", "v1:00").is_err());
        assert_ne!(
            encrypt(b"key-a", "x").unwrap(),
            encrypt(b"key-a", "x").unwrap(),
            "random nonce"
        );
    }
}
