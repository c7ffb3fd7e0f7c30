//! What a synthetic learner did in the last three years: enrollments in every state (SPEC
//! section 5) with their times, the credit records a school reported, reviews, and now and then
//! a claim. Pure functions of the learner's number, like `people`.

use jxjy_domain::{Category, CreditRule, Credits, Level, YearCredits, allocate_claim};

use super::people::{rnd, year_start};

/// How an enrollment ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Enrolled,
    Paid,
    Credited,
    /// 取消报名 by the learner before paying.
    Cancelled,
    /// Paid, then refunded by the school (which cancels it).
    Refunded,
}

impl Outcome {
    pub fn status(self) -> &'static str {
        match self {
            Outcome::Enrolled => "enrolled",
            Outcome::Paid => "paid",
            Outcome::Credited => "credited",
            Outcome::Cancelled | Outcome::Refunded => "cancelled",
        }
    }

    pub fn was_paid(self) -> bool {
        matches!(self, Outcome::Paid | Outcome::Credited | Outcome::Refunded)
    }
}

/// One school record: category, credits in tenths, course.
pub type Record = (Category, i64, &'static str);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEnrollment {
    pub year: i32,
    pub level: Level,
    /// Index into the bench institutions.
    pub institution: usize,
    pub outcome: Outcome,
    pub enrolled_at: i64,
    pub paid_at: Option<i64>,
    pub credited_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub records: &'static [Record],
    pub review: Option<(i64, &'static str)>,
}

impl PlannedEnrollment {
    pub fn updated_at(&self) -> i64 {
        self.cancelled_at
            .or(self.credited_at)
            .or(self.paid_at)
            .unwrap_or(self.enrolled_at)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedClaim {
    pub year: i32,
    pub kind: &'static str,
    pub role: Option<&'static str>,
    pub days: Option<i64>,
    pub subjects: Option<i64>,
    pub title: String,
    pub credits_tenths: i64,
    pub status: &'static str,
    pub reason: Option<&'static str>,
    pub created_at: i64,
    pub reviewed_at: Option<i64>,
    /// For an approved claim: how its credits were split (professional, public), in tenths.
    pub share: Option<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    pub enrollments: Vec<PlannedEnrollment>,
    pub claim: Option<PlannedClaim>,
}

const PRO: Category = Category::Professional;
const PUB: Category = Category::Public;

/// Complete years (met under Liaoning's 90 / 60 / 30) and incomplete ones, about five records
/// each, with a few half credits.
const TEMPLATES: &[&[Record]] = &[
    &[
        (PRO, 200, "企业会计准则第14号——收入解读"),
        (PRO, 200, "管理会计应用指引精讲"),
        (PRO, 200, "增值税实务与纳税筹划"),
        (PUB, 150, "会计职业道德与诚信建设"),
        (PUB, 150, "数字经济与会计转型"),
    ],
    &[
        (PRO, 300, "政府会计制度实务"),
        (PRO, 200, "内部控制规范实施要点"),
        (PRO, 120, "财务报表分析"),
        (PUB, 100, "专业技术人员心理健康与压力管理"),
        (PUB, 200, "法治政府建设专题"),
    ],
    &[
        (PRO, 250, "新金融工具准则应用"),
        (PRO, 250, "企业所得税汇算清缴实务"),
        (PRO, 150, "成本管理会计"),
        (PUB, 160, "新质生产力专题讲座"),
        (PUB, 145, "会计信息化与数据安全"),
    ],
    // Not met: professional short.
    &[
        (PRO, 200, "企业会计准则第14号——收入解读"),
        (PRO, 200, "财务共享服务建设"),
        (PRO, 100, "财务报表分析"),
        (PUB, 100, "会计职业道德与诚信建设"),
        (PUB, 100, "数字经济与会计转型"),
    ],
    // Not met: public short.
    &[
        (PRO, 300, "政府会计制度实务"),
        (PRO, 300, "管理会计应用指引精讲"),
        (PUB, 100, "法治政府建设专题"),
        (PUB, 100, "新质生产力专题讲座"),
        (PUB, 50, "会计信息化与数据安全"),
    ],
];

const COMMENTS: &[&str] = &[
    "课程内容实用，讲解清楚。",
    "视频流畅，随时可以学习。",
    "",
    "题目有点多，总体不错。",
    "老师讲得很好，受益匪浅。",
];

/// The window in which year `year`'s events happen: from 1 March (or 1 January when this
/// year has not reached March yet) to mid-December, never after `now`.
fn window(year: i32, now: i64) -> (i64, i64) {
    let end = (year_start(year + 1) - 15 * 86_400).min(now - 60);
    let march = year_start(year) + 59 * 86_400;
    let start = if march < end { march } else { year_start(year) };
    (start.min(end), end)
}

/// A learner's three years.
pub struct Plan<'a> {
    pub this_year: i32,
    pub now: i64,
    pub institutions: usize,
    pub rule: &'a dyn Fn(i32) -> CreditRule,
}

impl Plan<'_> {
    pub fn history(&self, k: u64, first_required: Option<i32>, level: Level) -> History {
        let mut h = History::default();
        for year in self.this_year - 2..=self.this_year {
            if first_required.is_none_or(|f| year < f) {
                continue;
            }
            self.year(k, year, level, &mut h.enrollments);
        }
        if rnd(k, 40).is_multiple_of(100) {
            h.claim = Some(self.claim(k, &h.enrollments));
        }
        h
    }

    fn year(&self, k: u64, year: i32, level: Level, out: &mut Vec<PlannedEnrollment>) {
        let salt = 1_000 + year as u64 * 16;
        let r = rnd(k, salt) % 1000;
        // (first enrollment's outcome, then a second one after a cancellation)
        let plan: &[Outcome] = if year < self.this_year {
            match r {
                0..60 => &[],
                60..100 => &[Outcome::Cancelled],
                100..130 => &[Outcome::Cancelled, Outcome::Credited],
                130..150 => &[Outcome::Refunded],
                150..180 => &[Outcome::Enrolled],
                180..220 => &[Outcome::Paid],
                _ => &[Outcome::Credited],
            }
        } else {
            match r {
                0..220 => &[],
                220..260 => &[Outcome::Cancelled],
                260..280 => &[Outcome::Cancelled, Outcome::Paid],
                280..300 => &[Outcome::Refunded],
                300..450 => &[Outcome::Enrolled],
                450..750 => &[Outcome::Paid],
                _ => &[Outcome::Credited],
            }
        };
        let (start, end) = window(year, self.now);
        let mut from = start;
        for (i, outcome) in plan.iter().enumerate() {
            let s = salt + 2 + i as u64 * 7;
            let span = (end - from).max(0);
            let at = |base: i64, extra: u64, salt: u64| -> i64 {
                (base + (rnd(k, salt) % extra) as i64).min(end)
            };
            let enrolled_at = (from + (rnd(k, s) % (span as u64 / 2 + 1)) as i64).min(end);
            let paid_at = outcome
                .was_paid()
                .then(|| at(enrolled_at + 3_600, 7 * 86_400, s + 1));
            let credited_at = (*outcome == Outcome::Credited)
                .then(|| at(paid_at.unwrap_or(enrolled_at) + 86_400, 60 * 86_400, s + 2));
            let cancelled_at = match outcome {
                Outcome::Cancelled => Some(at(enrolled_at + 600, 3 * 86_400, s + 3)),
                Outcome::Refunded => Some(at(
                    paid_at.unwrap_or(enrolled_at) + 86_400,
                    10 * 86_400,
                    s + 3,
                )),
                _ => None,
            };
            let records: &'static [Record] = if *outcome == Outcome::Credited {
                TEMPLATES[(rnd(k, s + 4) % TEMPLATES.len() as u64) as usize]
            } else {
                &[]
            };
            let review = (*outcome == Outcome::Credited && rnd(k, s + 5) % 100 < 15).then(|| {
                let rating = match rnd(k, s + 6) % 100 {
                    0..50 => 5,
                    50..80 => 4,
                    80..92 => 3,
                    92..97 => 2,
                    _ => 1,
                };
                (
                    rating,
                    COMMENTS[(rnd(k, s + 7) % COMMENTS.len() as u64) as usize],
                )
            });
            let level = if rnd(k, s + 8).is_multiple_of(10) {
                Level::ALL[(rnd(k, s + 9) % 3) as usize]
            } else {
                level
            };
            let e = PlannedEnrollment {
                year,
                level,
                institution: (rnd(k, s + 10) % self.institutions.max(1) as u64) as usize,
                outcome: *outcome,
                enrolled_at,
                paid_at,
                credited_at,
                cancelled_at,
                records,
                review,
            };
            from = e.updated_at() + 60;
            out.push(e);
        }
    }

    fn claim(&self, k: u64, enrollments: &[PlannedEnrollment]) -> PlannedClaim {
        let year = self.this_year - (rnd(k, 41) % 3) as i32;
        let (start, end) = window(year, self.now);
        let created_at = (start + (rnd(k, 42) % ((end - start).max(0) as u64 + 1)) as i64).min(end);
        let (kind, role, days, subjects, title, whole) = match rnd(k, 43) % 3 {
            0 => (
                "exam",
                None,
                None,
                Some(1),
                format!("{year}年全国会计专业技术中级资格考试《财务管理》"),
                90,
            ),
            1 => {
                let days = 1 + (rnd(k, 44) % 3) as i64;
                (
                    "conference",
                    None,
                    Some(days),
                    None,
                    format!("{year}年辽宁省会计学会学术年会"),
                    10 * days,
                )
            }
            _ => (
                "paper",
                Some("sole"),
                None,
                None,
                "论文《数字化转型下的企业内部控制研究》".to_string(),
                30,
            ),
        };
        let mut status = match rnd(k, 45) % 10 {
            0..4 => "pending",
            4..8 => "approved",
            _ => "rejected",
        };
        // A claim two years old has been decided long ago.
        if status == "pending" && year < self.this_year - 1 {
            status = "approved";
        }
        let reviewed_at = (status != "pending")
            .then(|| (created_at + 86_400 + (rnd(k, 46) % (9 * 86_400)) as i64).min(self.now - 30));
        let share = (status == "approved").then(|| {
            let at = reviewed_at.unwrap_or(created_at);
            let already: YearCredits = enrollments
                .iter()
                .filter(|e| e.year == year && e.credited_at.is_some_and(|c| c <= at))
                .flat_map(|e| e.records.iter())
                .map(|(c, t, _)| YearCredits::of(*c, Credits::from_tenths(*t)))
                .sum();
            let split = allocate_claim(Credits::whole(whole), already, &(self.rule)(year));
            (split.professional().tenths(), split.public().tenths())
        });
        PlannedClaim {
            year,
            kind,
            role,
            days,
            subjects,
            title,
            credits_tenths: whole * 10,
            status,
            reason: (status == "rejected").then_some("证明材料不清晰，请重新上传原件扫描件"),
            created_at,
            reviewed_at,
            share,
        }
    }
}
