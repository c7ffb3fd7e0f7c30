//! Typed settings. Sources, later ones winning: built-in defaults (Liaoning), an optional TOML
//! file (`--config` / `JXJY_CONFIG`), `JXJY_*` environment variables, command-line flags.
//! Every field is documented in README.md ("Settings").

use std::collections::BTreeMap;
use std::path::PathBuf;

use jxjy_domain::{CreditRule, Credits, ProfessionalMin, RecordsSince, RuleBook};

use crate::province_texts::{COPYRIGHT_TEXT, PRIVACY_TEXT};
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Address to listen on.
    #[serde(deserialize_with = "lenient_string")]
    pub addr: String,
    /// `sqlite://PATH` or `postgres://...`; empty means `sqlite://{data_dir}/jxjy.db`.
    #[serde(deserialize_with = "lenient_string")]
    pub database_url: String,
    /// Folder for the SQLite file, uploaded evidence and other local data.
    pub data_dir: PathBuf,
    /// Fill an empty database with demo data (never for production).
    pub demo: bool,
    /// Write SMS codes to this file (JSON lines) instead of sending them.
    pub sms_outbox: Option<PathBuf>,
    /// `log` (development: codes only logged) or `http` (a real gateway); ignored with `sms_outbox`.
    #[serde(deserialize_with = "lenient_string")]
    pub sms_provider: String,
    /// The HTTP gateway: URL, bearer token, template id, signature name.
    #[serde(deserialize_with = "lenient_string")]
    pub sms_http_url: String,
    #[serde(deserialize_with = "lenient_string")]
    pub sms_http_token: String,
    #[serde(deserialize_with = "lenient_string")]
    pub sms_http_template: String,
    #[serde(deserialize_with = "lenient_string")]
    pub sms_http_sign_name: String,
    /// The province's SMS signature, put first in 【】 in every reminder SMS.
    #[serde(deserialize_with = "lenient_string")]
    pub sms_signature: String,
    /// 学习提醒: SMS a second across all instances (0: no limit), quiet hours in Asia/Shanghai
    /// (`21-8`; empty: none), and the dates (`MM-DD`) on which a reminder to every `not_met`
    /// learner of the province is created by itself, with `reminder_yearly_text`.
    pub reminder_sms_per_second: i64,
    #[serde(deserialize_with = "lenient_string")]
    pub reminder_quiet_hours: String,
    pub reminder_dates: Vec<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub reminder_yearly_text: String,
    /// Size of the database connection pool.
    pub db_max_connections: u32,
    /// Seconds a request waits for a database connection before it is answered 503
    /// `database_unavailable` (an outage is a quick, clear answer, never a hang).
    pub db_acquire_timeout_secs: u64,
    /// SQLite's `synchronous`: `full` (default: an acknowledged write survives a power cut)
    /// or `normal` (faster; the last commits may be lost to an OS crash or power cut).
    #[serde(deserialize_with = "lenient_string")]
    pub sqlite_synchronous: String,
    /// Seconds a client has to send a request's headers before its connection is closed; the
    /// same timer closes a keep-alive connection idle that long (hyper starts it when the
    /// connection waits for the next request).
    pub header_read_timeout_secs: u64,
    /// At SIGTERM, seconds given to requests in flight before the process exits anyway.
    pub shutdown_grace_secs: u64,
    /// `/metrics` on the public address needs `Authorization: Bearer` with this token; empty
    /// means it is not served there at all (404).
    #[serde(deserialize_with = "lenient_string")]
    pub metrics_token: String,
    /// A second, private address that serves `/metrics` alone without a token
    /// (`127.0.0.1:9100`); empty means none.
    #[serde(deserialize_with = "lenient_string")]
    pub metrics_addr: String,
    /// `text` or `json` log lines.
    #[serde(deserialize_with = "lenient_string")]
    pub log_format: String,

    // The province is configuration.
    #[serde(deserialize_with = "lenient_string")]
    pub site_title: String,
    #[serde(deserialize_with = "lenient_string")]
    pub province_code: String,
    #[serde(deserialize_with = "lenient_string")]
    pub province_name: String,
    #[serde(deserialize_with = "lenient_string")]
    pub province_authority: String,
    pub footer_lines: Vec<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub contact_text: String,
    /// 联系我们's telephone (a `tel:` link on the page); empty shows none (with `--demo`, a number
    /// marked 演示号码).
    #[serde(deserialize_with = "lenient_string")]
    pub contact_phone: String,
    /// The 隐私保护 page, one paragraph a line.
    #[serde(deserialize_with = "lenient_string")]
    pub privacy_text: String,
    /// The 版权声明 page, one paragraph a line.
    #[serde(deserialize_with = "lenient_string")]
    pub copyright_text: String,
    #[serde(deserialize_with = "lenient_string")]
    pub enrollment_note: String,
    /// The first day of this platform's own records (`YYYY-MM-DD`): earlier years are the
    /// national platform's to judge (SPEC section 2).
    #[serde(deserialize_with = "lenient_string")]
    pub records_since: String,

    /// The yearly credit rule, whole credits; `credit_rules` overrides it per year.
    pub credit_total: u32,
    pub credit_professional_min: u32,
    pub credit_public_min: u32,
    pub credit_rules: BTreeMap<String, YearRuleSetting>,

    pub session_idle_secs: i64,
    pub login_max_failures: i64,
    pub login_lock_secs: i64,
    pub sms_daily_limit: i64,
    pub sms_cooldown_secs: i64,
    pub sms_code_ttl_secs: i64,
    pub sms_max_attempts: i64,
    /// Requests per client address and minute to the sensitive endpoints; 0 turns the guard off.
    pub sensitive_per_ip_per_minute: i64,
    /// Comma-separated proxy addresses whose X-Forwarded-For is believed.
    #[serde(deserialize_with = "lenient_string")]
    pub trusted_proxies: String,
    /// Seconds a request may take before it is answered 408.
    pub request_timeout_secs: u64,
    /// Seconds an export (compliance xlsx, national-platform CSV, statistics) may take before it
    /// is answered 408: a province's million rows take longer than an ordinary request.
    pub export_timeout_secs: u64,
    /// Key for signatures and encrypted secrets; must be the same on every instance.
    #[serde(deserialize_with = "lenient_string")]
    pub secret_key: String,
    /// Mark cookies Secure (set when served over HTTPS).
    pub cookie_secure: bool,
    /// The site's public address (`https://jxjy.example.cn`), used in the 学时证明's QR code;
    /// empty means the host the learner used.
    #[serde(deserialize_with = "lenient_string")]
    pub public_url: String,
}

/// Environment values that look like numbers (`JXJY_PROVINCE_CODE=220000`) are still text here.
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Text {
        S(String),
        I(i64),
        U(u64),
        F(f64),
        B(bool),
    }
    Ok(match Text::deserialize(d)? {
        Text::S(s) => s,
        Text::I(n) => n.to_string(),
        Text::U(n) => n.to_string(),
        Text::F(n) => n.to_string(),
        Text::B(b) => b.to_string(),
    })
}

/// A year's own rule. `professional_fraction` ("2/3") expresses the national form.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct YearRuleSetting {
    pub total: u32,
    #[serde(default)]
    pub professional_min: Option<u32>,
    #[serde(default)]
    pub professional_fraction: Option<String>,
    #[serde(default)]
    pub public_min: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            addr: "127.0.0.1:8080".into(),
            database_url: String::new(),
            data_dir: PathBuf::from("./data"),
            demo: false,
            sms_outbox: None,
            sms_provider: "log".into(),
            sms_http_url: String::new(),
            sms_http_token: String::new(),
            sms_http_template: String::new(),
            sms_http_sign_name: String::new(),
            sms_signature: "辽宁会计".into(),
            reminder_sms_per_second: 20,
            reminder_quiet_hours: "21-8".into(),
            reminder_dates: Vec::new(),
            reminder_yearly_text: "{姓名}您好：您 {年度} 年度的会计继续教育还差{还差}，请于 12 月 31 日前登录辽宁省会计人员继续教育管理系统完成学习。".into(),
            db_max_connections: 32,
            db_acquire_timeout_secs: 2,
            sqlite_synchronous: "full".into(),
            header_read_timeout_secs: 10,
            shutdown_grace_secs: 30,
            metrics_token: String::new(),
            metrics_addr: String::new(),
            log_format: "text".into(),
            site_title: "辽宁省会计人员继续教育管理系统".into(),
            province_code: "210000".into(),
            province_name: "辽宁省".into(),
            province_authority: "辽宁省财政厅".into(),
            footer_lines: vec![
                "版权所有 辽宁省财政厅　地址：沈阳市皇姑区北陵大街45-13号　邮编：110032".into(),
                "2019-2025辽宁省财政厅　推荐使用谷歌浏览器、火狐浏览器　隐私保护　版权声明".into(),
            ],
            contact_text: "辽宁省财政厅会计处\n地址：沈阳市皇姑区北陵大街45-13号（邮编 110032）\n工作时间：周一至周五 8:30-11:30，13:00-17:00（法定节假日除外）\n学习、缴费与学分报送问题请联系所报名的培训机构，联系方式见“常见问题”页。".into(),
            contact_phone: String::new(),
            privacy_text: PRIVACY_TEXT.into(),
            copyright_text: COPYRIGHT_TEXT.into(),
            enrollment_note: "仅展示2025年3月1日后在此平台报名的数据".into(),
            records_since: "2025-03-01".into(),
            credit_total: 90,
            credit_professional_min: 60,
            credit_public_min: 30,
            credit_rules: BTreeMap::new(),
            session_idle_secs: 7200,
            login_max_failures: 5,
            login_lock_secs: 900,
            sms_daily_limit: 5,
            sms_cooldown_secs: 60,
            sms_code_ttl_secs: 300,
            sms_max_attempts: 5,
            sensitive_per_ip_per_minute: 30,
            trusted_proxies: String::new(),
            request_timeout_secs: 30,
            export_timeout_secs: 600,
            secret_key: String::new(),
            cookie_secure: false,
            public_url: String::new(),
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("addr", &self.addr)
            .field("database_url", &redact_url(&self.database_url))
            .field("data_dir", &self.data_dir)
            .field("demo", &self.demo)
            .field("sms_outbox", &self.sms_outbox)
            .field("province_code", &self.province_code)
            .field("site_title", &self.site_title)
            .field("metrics_addr", &self.metrics_addr)
            .field(
                "metrics_token",
                &if self.metrics_token.is_empty() {
                    "<unset>"
                } else {
                    "<redacted>"
                },
            )
            .field(
                "secret_key",
                &if self.secret_key.is_empty() {
                    "<unset>"
                } else {
                    "<redacted>"
                },
            )
            .finish_non_exhaustive()
    }
}

/// Hides a password in a database URL (`postgres://user:secret@host` -> `postgres://user:***@host`).
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Settings {
    /// The database URL in force: the configured one, or the embedded SQLite file.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.trim().is_empty() {
            jxjy_store::default_sqlite_url(&self.data_dir)
        } else {
            self.database_url.trim().to_string()
        }
    }

    /// How the store opens its pool, from these settings.
    pub fn store_options(&self) -> Result<jxjy_store::StoreOptions, String> {
        let mut opts = jxjy_store::StoreOptions::new(self.db_max_connections);
        opts.acquire_timeout = std::time::Duration::from_secs(self.db_acquire_timeout_secs.max(1));
        opts.sqlite_synchronous = self.synchronous()?;
        Ok(opts)
    }

    fn synchronous(&self) -> Result<jxjy_store::Synchronous, String> {
        self.sqlite_synchronous.parse()
    }

    /// The credit rule of a year: its own entry in `credit_rules`, else the default.
    pub fn credit_rule(&self, year: i32) -> Result<CreditRule, String> {
        let Some(rule) = self.credit_rules.get(&year.to_string()) else {
            return self.default_rule();
        };
        let professional = match (&rule.professional_fraction, rule.professional_min) {
            (Some(fraction), _) => parse_fraction(fraction)?,
            (None, Some(min)) => ProfessionalMin::Fixed(Credits::whole(i64::from(min))),
            (None, None) => ProfessionalMin::Fixed(Credits::zero()),
        };
        CreditRule::new(
            Credits::whole(i64::from(rule.total)),
            professional,
            Credits::whole(i64::from(rule.public_min)),
        )
        .map_err(|e| format!("{year} 年学分规则有误: {e}"))
    }

    /// The rule of every year without its own entry.
    fn default_rule(&self) -> Result<CreditRule, String> {
        CreditRule::new(
            Credits::whole(i64::from(self.credit_total)),
            ProfessionalMin::Fixed(Credits::whole(i64::from(self.credit_professional_min))),
            Credits::whole(i64::from(self.credit_public_min)),
        )
        .map_err(|e| format!("默认学分规则有误: {e}"))
    }

    /// The rules in force, built once at start-up: the default rule, each configured year's own,
    /// and where this platform's own records begin.
    pub fn rule_book(&self) -> Result<RuleBook, String> {
        let default = self.default_rule()?;
        let mut by_year = BTreeMap::new();
        for key in self.credit_rules.keys() {
            let year: i32 = key
                .trim()
                .parse()
                .map_err(|_| format!("credit_rules 的键必须是年份: {key}"))?;
            by_year.insert(i64::from(year), self.credit_rule(year)?);
        }
        Ok(RuleBook::new(default, by_year, self.records_since()?))
    }

    /// Where this platform's own records begin.
    pub fn records_since(&self) -> Result<RecordsSince, String> {
        self.records_since
            .trim()
            .parse::<jxjy_domain::Date>()
            .map(RecordsSince::new)
            .map_err(|_| {
                format!(
                    "records_since 必须是 YYYY-MM-DD 格式的日期: {}",
                    self.records_since
                )
            })
    }

    /// Checks what start-up needs: every configured rule is consistent, the province code is six digits.
    pub fn validate(&self) -> Result<(), String> {
        if self.province_code.len() != 6 || !self.province_code.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(format!(
                "province_code 必须是 6 位数字: {}",
                self.province_code
            ));
        }
        let public_url = self.public_url.trim();
        let is_http = public_url.starts_with("http://") || public_url.starts_with("https://");
        if !public_url.is_empty() && !is_http {
            return Err(format!(
                "public_url 必须以 http:// 或 https:// 开头: {public_url}"
            ));
        }
        self.synchronous()?;
        self.rule_book()?;
        jxjy_domain::QuietHours::parse(&self.reminder_quiet_hours)
            .map_err(|e| format!("reminder_quiet_hours: {e}"))?;
        for d in &self.reminder_dates {
            reminder_date(d).ok_or_else(|| format!("reminder_dates 的日期应形如 11-01: {d}"))?;
        }
        jxjy_domain::ReminderText::parse(&self.reminder_yearly_text)
            .map_err(|e| format!("reminder_yearly_text: {e}"))?;
        Ok(())
    }

    /// The quiet hours of reminder SMS (checked at start-up).
    pub fn quiet_hours(&self) -> Option<jxjy_domain::QuietHours> {
        jxjy_domain::QuietHours::parse(&self.reminder_quiet_hours).unwrap_or(None)
    }

    pub fn trusted_proxy_list(&self) -> Vec<std::net::IpAddr> {
        self.trusted_proxies
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect()
    }
}

/// A `reminder_dates` entry, `MM-DD`, as (month, day).
pub fn reminder_date(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.trim().split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    jxjy_domain::Date::new(2024, m, d).map(|_| (m, d))
}

fn parse_fraction(text: &str) -> Result<ProfessionalMin, String> {
    let (n, d) = text
        .split_once('/')
        .ok_or_else(|| format!("professional_fraction 应形如 2/3: {text}"))?;
    let numerator: u32 = n
        .trim()
        .parse()
        .map_err(|_| format!("professional_fraction 应形如 2/3: {text}"))?;
    let denominator: u32 = d
        .trim()
        .parse()
        .map_err(|_| format!("professional_fraction 应形如 2/3: {text}"))?;
    Ok(ProfessionalMin::FractionOfTotal {
        numerator,
        denominator,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn liaoning_is_the_default_province_and_rule() {
        let s = Settings::default();
        assert_eq!(s.province_code, "210000");
        assert_eq!(s.credit_rule(2025).unwrap(), CreditRule::liaoning());
        assert!(s.validate().is_ok());
    }

    #[test]
    fn a_year_may_carry_the_national_rule() {
        let mut s = Settings::default();
        s.credit_rules.insert(
            "2030".into(),
            YearRuleSetting {
                total: 90,
                professional_min: None,
                professional_fraction: Some("2/3".into()),
                public_min: 0,
            },
        );
        assert_eq!(s.credit_rule(2030).unwrap(), CreditRule::national());
        assert_eq!(s.credit_rule(2029).unwrap(), CreditRule::liaoning());
    }

    #[test]
    fn a_public_url_must_be_http_or_https() {
        let mut s = Settings {
            public_url: "jxjy.example.cn".into(),
            ..Settings::default()
        };
        assert!(s.validate().unwrap_err().contains("public_url"));
        s.public_url = "https://jxjy.example.cn".into();
        assert!(s.validate().is_ok());
    }

    #[test]
    fn debug_output_hides_secrets() {
        let s = Settings {
            secret_key: "topsecret".into(),
            database_url: "postgres://u:pw@h/db".into(),
            ..Settings::default()
        };
        let text = format!("{s:?}");
        assert!(!text.contains("topsecret") && !text.contains("pw@"));
    }
}
