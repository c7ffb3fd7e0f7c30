//! Small cryptographic helpers over maintained crates: random tokens, hashes and HMACs.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// A random token of 32 bytes, hex-encoded (64 characters).
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf)?;
    Ok(hex::encode(buf))
}

/// A uniformly random number of `digits` decimal digits (leading zeros kept).
pub fn random_digits(digits: u32) -> Result<String, getrandom::Error> {
    let modulus = 10u64.pow(digits);
    // Rejection sampling keeps the distribution uniform.
    let limit = u64::MAX - (u64::MAX % modulus);
    loop {
        let mut buf = [0u8; 8];
        getrandom::fill(&mut buf)?;
        let n = u64::from_le_bytes(buf);
        if n < limit {
            return Ok(format!("{:0width$}", n % modulus, width = digits as usize));
        }
    }
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Lower-case hex HMAC-SHA256.
pub fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC accepts keys of any length; this arm is never taken.
        Err(_) => String::new(),
    }
}

/// Compares two strings in constant time (for stored hashes).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Compares an HMAC given as hex in constant time.
pub fn verify_hmac_hex(key: &[u8], data: &[u8], given_hex: &str) -> bool {
    let Ok(given) = hex::decode(given_hex) else {
        return false;
    };
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.verify_slice(&given).is_ok()
        }
        Err(_) => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let a = random_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token().unwrap());
    }

    #[test]
    fn codes_have_exactly_the_asked_digits() {
        for _ in 0..200 {
            let c = random_digits(6).unwrap();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn hmac_matches_the_rfc_4231_test_vector_and_verifies() {
        let key = [0x0b_u8; 20];
        let mac = hmac_hex(&key, b"Hi There");
        assert_eq!(
            mac,
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert!(verify_hmac_hex(&key, b"Hi There", &mac));
        assert!(!verify_hmac_hex(&key, b"Hi there", &mac));
        assert!(!verify_hmac_hex(&key, b"Hi There", "zz"));
    }
}
