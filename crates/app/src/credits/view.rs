//! How the credit report is shown, in JSON (SPEC section 6) and to the learner.

use jxjy_domain::{CreditRule, Credits, StudyMethod, YearCredits, YearEvaluation};
use jxjy_store::credits::{CreditRecordRow, MethodSum};
use serde::Serialize;

use crate::format;
use crate::training::view::{CreditSums, CreditsNum, InstitutionRef};

/// `GET /api/v1/credits`: exactly the three keys of SPEC section 6.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditReport {
    pub learner: LearnerRef,
    /// One row per year and study method, oldest year first.
    pub rows: Vec<RowView>,
    /// One entry per year from the earlier of the first required year and the first year with
    /// an enrollment or a credit, to this year, oldest first.
    pub years: Vec<YearView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LearnerRef {
    pub name: String,
    /// The owner's own document number, in full.
    pub id_number: String,
    /// 主管部门, e.g. 和平区财政局.
    pub authority: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RowView {
    pub year: i64,
    /// `online` (网络培训), `exam`, `conference`, `degree_course`, `research`, `paper`, `book` or `other`.
    pub method: String,
    pub total: CreditsNum,
    pub professional: CreditsNum,
    pub public: CreditsNum,
}

impl RowView {
    /// 网络培训, 考试, 学术会议, …
    pub fn method_label(&self) -> &'static str {
        method_label(&self.method)
    }
}

pub fn method_label(method: &str) -> &'static str {
    method
        .parse::<StudyMethod>()
        .map(StudyMethod::label)
        .unwrap_or("其他")
}

impl From<&MethodSum> for RowView {
    fn from(m: &MethodSum) -> Self {
        RowView {
            year: m.year,
            method: m.method.clone(),
            total: CreditsNum(m.professional_tenths + m.public_tenths),
            professional: CreditsNum(m.professional_tenths),
            public: CreditsNum(m.public_tenths),
        }
    }
}

/// What a year still lacks; all zero when met or not required.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MissingView {
    pub total: CreditsNum,
    pub professional: CreditsNum,
    pub public: CreditsNum,
    /// `还差专业课 10 学分`; empty when nothing is missing.
    pub description: String,
}

impl MissingView {
    /// The description without units where only categories lack: `还差专业课 60、公需课 30`.
    pub fn short(&self) -> String {
        if self.description.starts_with("还差总学分") {
            self.description.clone()
        } else {
            self.description.replace(" 学分", "")
        }
    }
}

/// One year's compliance against its rule.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearView {
    pub year: i64,
    /// What the year's rule requires of this learner (`{total, professional, public}`), all zero
    /// before the first required year (status `not_required`); a `no_record` year keeps what the
    /// rule would require, but is not judged.
    pub required: CreditSums,
    pub earned: CreditSums,
    pub missing: MissingView,
    pub met: bool,
    /// `met`, `not_met`, `not_required`, or `no_record` (a year before the platform's records,
    /// `records_since`: 以全国平台为准, never counted as not met).
    pub status: String,
}

impl YearView {
    pub fn new(
        year: i64,
        earned: YearCredits,
        evaluation: &YearEvaluation,
        rule: &CreditRule,
    ) -> YearView {
        let m = &evaluation.missing;
        let required = if evaluation.required {
            CreditSums {
                total: CreditsNum(rule.total().tenths()),
                professional: CreditsNum(rule.professional_required().tenths()),
                public: CreditsNum(rule.public_min().tenths()),
            }
        } else {
            CreditSums {
                total: CreditsNum(0),
                professional: CreditsNum(0),
                public: CreditsNum(0),
            }
        };
        YearView {
            year,
            required,
            earned: sums(earned),
            missing: MissingView {
                total: CreditsNum(m.total().tenths()),
                professional: CreditsNum(m.professional().tenths()),
                public: CreditsNum(m.public().tenths()),
                description: m.describe(),
            },
            met: evaluation.is_met(),
            status: evaluation.status.as_str().to_string(),
        }
    }

    /// The year in one sentence, as the learner's headline: `2026 年度：已获 0 学分，还差专业课 60、公需课 30`.
    pub fn headline(&self) -> String {
        let earned = format!("{} 年度：已获 {} 学分", self.year, self.earned.total);
        match self.status.as_str() {
            "met" => format!("{earned}，已达标"),
            "not_required" => format!("{earned}，该年度尚无需参加继续教育"),
            "no_record" => format!("{earned}，达标情况以全国平台为准"),
            _ => format!("{earned}，{}", self.missing.short()),
        }
    }

    /// The workspace's call to act on a short year: `2026 年度还差专业课 10 学分，请于 12 月 31 日前完成`.
    pub fn deadline_line(&self) -> Option<String> {
        (self.status == "not_met" && !self.missing.description.is_empty()).then(|| {
            format!(
                "{} 年度{}，请于 12 月 31 日前完成",
                self.year, self.missing.description
            )
        })
    }

    /// What the 说明 column says of the year.
    pub fn explanation(&self) -> String {
        match self.status.as_str() {
            "met" => "已达到年度学分要求".to_string(),
            "not_required" => "该年度尚无需参加继续教育".to_string(),
            "no_record" => {
                "早于本平台记录起始日期，达标情况以全国会计人员统一服务管理平台为准".to_string()
            }
            _ => self.missing.description.clone(),
        }
    }

    /// 已达标, 未达标, 无需学习 or 以全国平台为准.
    pub fn status_label(&self) -> &'static str {
        self.status
            .parse::<jxjy_domain::YearStatus>()
            .map(|s| s.label())
            .unwrap_or("")
    }
}

pub fn sums(c: YearCredits) -> CreditSums {
    CreditSums {
        total: CreditsNum(c.total().tenths()),
        professional: CreditsNum(c.professional().tenths()),
        public: CreditsNum(c.public().tenths()),
    }
}

/// A year's requirement, as numbers and as a sentence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RuleView {
    pub total: CreditsNum,
    pub professional: CreditsNum,
    pub public: CreditsNum,
    /// `总学分不少于 90 学分，其中专业科目不少于 60 学分、公需科目不少于 30 学分`
    pub description: String,
}

impl From<&CreditRule> for RuleView {
    fn from(rule: &CreditRule) -> Self {
        let professional = rule.professional_required();
        let public = rule.public_min();
        let mut parts = Vec::new();
        if !professional.is_zero() {
            parts.push(format!("专业科目不少于 {professional} 学分"));
        }
        if !public.is_zero() {
            parts.push(format!("公需科目不少于 {public} 学分"));
        }
        let description = if parts.is_empty() {
            format!("总学分不少于 {} 学分", rule.total())
        } else {
            format!(
                "总学分不少于 {} 学分，其中{}",
                rule.total(),
                parts.join("、")
            )
        };
        RuleView {
            total: CreditsNum(rule.total().tenths()),
            professional: CreditsNum(professional.tenths()),
            public: CreditsNum(public.tenths()),
            description,
        }
    }
}

/// One ledger record in 详情.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecordView {
    pub id: i64,
    /// `professional` or `public`.
    pub category: String,
    pub category_label: String,
    /// Negative for a reversal.
    pub credits: CreditsNum,
    pub method: String,
    pub method_label: String,
    /// `school` (网校报送), `claim` (学分申报) or `admin` (管理员更正).
    pub source: String,
    pub source_label: String,
    /// The school that reported it, for school records and their reversals.
    pub institution: Option<InstitutionRef>,
    /// The course, or the claimed activity's title.
    pub course: String,
    /// The reason of a correction.
    pub note: String,
    /// `2025-02-26 17:34` (Asia/Shanghai).
    pub completed_at: String,
    /// The record this one reverses.
    pub reverses_id: Option<i64>,
    /// The record that reversed this one.
    pub reversed_by: Option<i64>,
}

impl From<CreditRecordRow> for RecordView {
    fn from(r: CreditRecordRow) -> Self {
        let category_label = r.category.label().to_string();
        let source_label = match (r.source.as_str(), r.reverses_id) {
            (_, Some(_)) => "更正（冲销）",
            ("school", _) => "网校报送",
            ("claim", _) => "学分申报",
            _ => "主管部门登记",
        };
        RecordView {
            id: r.id,
            category_label,
            category: r.category.as_str().to_string(),
            credits: CreditsNum(r.credits_tenths),
            method_label: method_label(&r.method).to_string(),
            method: r.method,
            source_label: source_label.to_string(),
            source: r.source,
            institution: match (r.institution_id, r.institution_name) {
                (Some(id), Some(name)) => Some(InstitutionRef { id, name }),
                _ => None,
            },
            course: r.course,
            note: r.note,
            completed_at: format::datetime(r.completed_at),
            reverses_id: r.reverses_id,
            reversed_by: r.reversed_by,
        }
    }
}

/// `GET /api/v1/credits/{year}`: the year's compliance, its rule, its rows and every record.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearDetail {
    pub summary: YearView,
    pub rule: RuleView,
    pub rows: Vec<RowView>,
    pub records: Vec<RecordView>,
}

/// The credits of one year per category, from its method sums.
pub fn year_credits(sums: &[MethodSum], year: i64) -> YearCredits {
    sums.iter()
        .filter(|m| m.year == year)
        .map(|m| {
            YearCredits::new(
                Credits::from_tenths(m.professional_tenths),
                Credits::from_tenths(m.public_tenths),
            )
        })
        .sum()
}

/// Rows in report order: by year, then study method in the order of `StudyMethod::ALL`.
pub fn ordered_rows(sums: &[MethodSum]) -> Vec<RowView> {
    let rank = |method: &str| {
        StudyMethod::ALL
            .iter()
            .position(|m| m.as_str() == method)
            .unwrap_or(StudyMethod::ALL.len())
    };
    let mut rows: Vec<RowView> = sums.iter().map(RowView::from).collect();
    rows.sort_by(|a, b| {
        (a.year, rank(&a.method), &a.method).cmp(&(b.year, rank(&b.method), &b.method))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(year: i64, method: &str, p: i64, q: i64) -> MethodSum {
        MethodSum {
            year,
            method: method.into(),
            professional_tenths: p,
            public_tenths: q,
        }
    }

    #[test]
    fn rows_follow_the_year_then_the_study_methods_order() {
        let rows = ordered_rows(&[
            sum(2026, "paper", 100, 0),
            sum(2025, "online", 100, 0),
            sum(2026, "online", 25, 0),
            sum(2026, "exam", 600, 300),
        ]);
        let keys: Vec<_> = rows.iter().map(|r| (r.year, r.method.as_str())).collect();
        assert_eq!(
            keys,
            [
                (2025, "online"),
                (2026, "online"),
                (2026, "exam"),
                (2026, "paper")
            ]
        );
        assert_eq!(rows[2].method_label(), "考试");
        assert_eq!(rows[2].total, CreditsNum(900));
    }

    #[test]
    fn a_years_credits_add_up_only_its_own_rows() {
        let sums = [sum(2025, "online", 900, 0), sum(2026, "online", 25, 10)];
        assert_eq!(
            year_credits(&sums, 2026),
            YearCredits::new(Credits::from_tenths(25), Credits::from_tenths(10))
        );
        assert_eq!(year_credits(&sums, 2024), YearCredits::zero());
    }

    #[test]
    fn the_rule_reads_as_a_sentence() {
        assert_eq!(
            RuleView::from(&CreditRule::liaoning()).description,
            "总学分不少于 90 学分，其中专业科目不少于 60 学分、公需科目不少于 30 学分"
        );
        assert_eq!(
            RuleView::from(&CreditRule::national()).description,
            "总学分不少于 90 学分，其中专业科目不少于 60 学分"
        );
    }
}
