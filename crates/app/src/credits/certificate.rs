//! 学时证明: issued for a met year only, with a verification code that stays the same while the
//! year's credits do, and a public page `/verify/{code}` that confirms it.

use std::net::IpAddr;

use jxjy_domain::{Credits, YearStatus};
use jxjy_store::certificates::Totals;

use super::pdf::{self, CertificateData};
use super::{RuleView, evaluate, rule_of, view};
use crate::accounts::view::masked_document;
use crate::auth::LearnerAuth;
use crate::training::view::CreditsNum;
use crate::{AppError, Context, Settings, format};

/// Characters of a verification code: no 0/O, 1/I, so it can be read aloud and typed.
const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_GROUPS: usize = 4;
const GROUP_LEN: usize = 4;

/// A new random code, `XXXX-XXXX-XXXX-XXXX` (80 bits).
pub fn new_code() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; CODE_GROUPS * GROUP_LEN];
    getrandom::fill(&mut bytes)?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b % 32)]))
        .collect();
    Ok(chars
        .chunks(GROUP_LEN)
        .map(|g| g.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// A code as typed (any case, with or without dashes or spaces) in its stored form, or `None` when it
/// cannot be a code at all.
pub fn normalize_code(raw: &str) -> Option<String> {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.chars().count() != CODE_GROUPS * GROUP_LEN
        || !compact.bytes().all(|b| CODE_ALPHABET.contains(&b))
    {
        return None;
    }
    let chars: Vec<char> = compact.chars().collect();
    Some(
        chars
            .chunks(GROUP_LEN)
            .map(|g| g.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-"),
    )
}

/// Where the certificate's QR code points: `public_url` when set, else the host the learner
/// used (a host that is not a plain name and port falls back to the listen address).
pub fn public_base(settings: &Settings, host: Option<&str>) -> String {
    let configured = settings.public_url.trim().trim_end_matches('/');
    if !configured.is_empty() {
        return configured.to_string();
    }
    let host = host
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 253
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or(settings.addr.as_str());
    format!("http://{host}")
}

/// A met year's certificate as PDF bytes and its code; 409 with what is missing otherwise.
pub async fn issue(
    state: &Context,
    auth: &LearnerAuth,
    year: i64,
    base_url: &str,
    ip: IpAddr,
) -> Result<(String, Vec<u8>), AppError> {
    let year = super::check_year(year)?;
    let learner = state.store.learners().learner(auth.learner_id).await?;
    let sums = state.store.ledger().credit_sums(auth.learner_id).await?;
    let earned = view::year_credits(&sums, year);
    let evaluation = evaluate(state, &learner, year, earned)?;
    match evaluation.status {
        YearStatus::Met => {}
        YearStatus::NotRequired => {
            return Err(AppError::conflict(
                "year_not_required",
                format!("{year} 年度您尚无需参加继续教育，不出具学时证明"),
            ));
        }
        YearStatus::NoRecord => {
            return Err(AppError::conflict(
                "year_no_record",
                format!(
                    "{year} 年度早于本平台的记录起始日期，达标情况以全国会计人员统一服务管理平台为准，请在全国平台打印证明"
                ),
            ));
        }
        YearStatus::NotMet => {
            return Err(AppError::conflict(
                "year_not_met",
                format!(
                    "{year} 年度学分尚未达标（{}），达标后才能下载学时证明",
                    evaluation.missing.describe()
                ),
            ));
        }
    }
    let totals = Totals {
        professional: earned.professional().tenths(),
        public: earned.public().tenths(),
    };
    let actor = auth.actor(ip);
    let code = new_code().map_err(AppError::internal)?;
    let cert = state
        .store
        .certificates()
        .issue_certificate(auth.learner_id, year, totals, &code, &actor, format::now())
        .await?;
    let rule = RuleView::from(&rule_of(state, year)?);
    let rows = view::ordered_rows(&sums)
        .into_iter()
        .filter(|r| r.year == year)
        .map(|r| {
            (
                r.method_label(),
                Credits::from_tenths(r.professional.0),
                Credits::from_tenths(r.public.0),
            )
        })
        .collect();
    let verify_url = format!("{base_url}/verify/{}", cert.code);
    let issued_on = format::date(cert.issued_at);
    let masked = masked_document(&learner.id_type, &learner.id_number);
    let data = CertificateData {
        site_title: &state.settings.site_title,
        name: &learner.name,
        masked_id: &masked,
        authority: &learner.authority_name,
        year,
        professional: earned.professional(),
        public: earned.public(),
        rule: &rule.description,
        rows,
        issued_on: &issued_on,
        code: &cert.code,
        verify_url: &verify_url,
        issuer: &state.settings.province_authority,
    };
    let bytes = pdf::render(&data).map_err(AppError::internal)?;
    Ok((cert.code, bytes))
}

/// What the public verification page confirms.
#[derive(Debug, Clone)]
pub struct Verification {
    pub code: String,
    pub name: String,
    pub masked_id: String,
    pub authority: String,
    pub year: i64,
    pub total: CreditsNum,
    pub professional: CreditsNum,
    pub public: CreditsNum,
    pub issued_on: String,
    /// Whether the ledger still holds the credits the certificate states.
    pub current: bool,
}

/// Looks a code up; an unknown or malformed code is 404.
pub async fn verify(state: &Context, raw: &str) -> Result<Verification, AppError> {
    let not_found = || {
        AppError::not_found("未找到该核验码对应的学时证明，请核对核验码；证明可能是伪造的")
            .with_code("certificate_not_found")
    };
    let code = normalize_code(raw).ok_or_else(not_found)?;
    let c = state
        .store
        .certificates()
        .certificate_by_code(&code)
        .await?
        .ok_or_else(not_found)?;
    let sums = state.store.ledger().credit_sums(c.learner_id).await?;
    let now = view::year_credits(&sums, c.year);
    let current = now.professional().tenths() == c.professional_tenths
        && now.public().tenths() == c.public_tenths;
    Ok(Verification {
        masked_id: masked_document(&c.id_type, &c.id_number),
        code: c.code,
        name: c.name,
        authority: c.authority_name,
        year: c.year,
        total: CreditsNum(c.total_tenths),
        professional: CreditsNum(c.professional_tenths),
        public: CreditsNum(c.public_tenths),
        issued_on: format::date(c.issued_at),
        current,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_new_code_has_four_groups_of_unambiguous_characters() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 19);
        assert_eq!(normalize_code(&code).as_deref(), Some(code.as_str()));
        assert!(!code.contains(['0', 'O', '1', 'I']));
        assert_ne!(new_code().unwrap(), code);
    }

    #[test]
    fn a_code_is_read_in_any_case_with_or_without_dashes() {
        assert_eq!(
            normalize_code(" abcd-efgh-jklm-npqr ").as_deref(),
            Some("ABCD-EFGH-JKLM-NPQR")
        );
        assert_eq!(
            normalize_code("ABCDEFGHJKLMNPQR").as_deref(),
            Some("ABCD-EFGH-JKLM-NPQR")
        );
    }

    #[test]
    fn anything_else_is_not_a_code() {
        for bad in [
            "",
            "ABCD",
            "ABCD-EFGH-JKLM-NPQ0",
            "'; DROP TABLE",
            "ABCD-EFGH-JKLM-NPQRS",
        ] {
            assert_eq!(normalize_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_qr_code_points_at_the_configured_url_or_the_host_used() {
        let mut s = Settings::default();
        let h = Some("jxjy.example.cn:8443");
        assert_eq!(public_base(&s, h), "http://jxjy.example.cn:8443");
        let h = Some("evil\"host");
        assert_eq!(public_base(&s, h), "http://127.0.0.1:8080");
        assert_eq!(public_base(&s, None), "http://127.0.0.1:8080");
        s.public_url = "https://jxjy.czt.ln.gov.cn/".into();
        assert_eq!(public_base(&s, h), "https://jxjy.czt.ln.gov.cn");
    }
}
