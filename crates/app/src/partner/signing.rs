//! The partner signature (SPEC section 6): lower-case hex HMAC-SHA256 with the school's secret
//! over `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nhex(sha256(body))`. The same scheme signs
//! requests from schools and the webhooks sent to them.

use crate::crypto;

pub fn canonical(
    method: &str,
    path_with_query: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}",
        method.to_uppercase(),
        path_with_query,
        timestamp,
        nonce,
        crypto::sha256_hex(body)
    )
}

pub fn sign(
    secret: &str,
    method: &str,
    path_with_query: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> String {
    crypto::hmac_hex(
        secret.as_bytes(),
        canonical(method, path_with_query, timestamp, nonce, body).as_bytes(),
    )
}

pub fn verify(
    secret: &str,
    method: &str,
    path_with_query: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
    signature: &str,
) -> bool {
    crypto::verify_hmac_hex(
        secret.as_bytes(),
        canonical(method, path_with_query, timestamp, nonce, body).as_bytes(),
        signature,
    )
}

/// The four headers of a signed request.
pub fn headers(
    institution_id: i64,
    secret: &str,
    method: &str,
    path_with_query: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> [(&'static str, String); 4] {
    [
        ("x-institution-id", institution_id.to_string()),
        ("x-timestamp", timestamp.to_string()),
        ("x-nonce", nonce.to_string()),
        (
            "x-signature",
            sign(secret, method, path_with_query, timestamp, nonce, body),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"reference":"PAY-20260315-0001","amount_fen":12000,"paid_at":"2026-03-15T10:00:00+08:00"}"#;
    const PATH: &str = "/api/v1/partner/enrollments/1/payment";

    /// The worked example of docs/partner-api.md: the document quotes these exact values, and a
    /// test in the integration suite checks that the document still does.
    #[test]
    fn the_documented_example_signs_to_the_documented_value() {
        let body_hash = "4b66aa04ca2d73d899ecc1c2cd050a99aac439b103feb1eb6c1959a3e96b5d8a";
        assert_eq!(crate::crypto::sha256_hex(BODY), body_hash);
        assert_eq!(
            canonical("POST", PATH, 1_773_540_000, "3f9c2a7e5b1d4c60", BODY),
            format!("POST\n{PATH}\n1773540000\n3f9c2a7e5b1d4c60\n{body_hash}")
        );
        let sig = sign(
            "demo-secret-1",
            "POST",
            PATH,
            1_773_540_000,
            "3f9c2a7e5b1d4c60",
            BODY,
        );
        assert_eq!(
            sig,
            "048ed636683cc8fc973da19803a6a2a9b81f3544cd1f8681148da0eaba717783"
        );
        assert!(verify(
            "demo-secret-1",
            "POST",
            PATH,
            1_773_540_000,
            "3f9c2a7e5b1d4c60",
            BODY,
            &sig
        ));
        assert!(!verify(
            "demo-secret-2",
            "POST",
            PATH,
            1_773_540_000,
            "3f9c2a7e5b1d4c60",
            BODY,
            &sig
        ));
        assert!(!verify(
            "demo-secret-1",
            "POST",
            PATH,
            1_773_540_001,
            "3f9c2a7e5b1d4c60",
            BODY,
            &sig
        ));
    }
}
