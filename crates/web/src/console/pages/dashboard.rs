//! The console's 统计 page: the scope's year in figures (with 待审核 and last year beside this
//! one), a bar per region (达标率 this year against last), and per school its enrolled, credited
//! and met learners. The bars are drawn in HTML with their text at the page's own size; only the
//! bar itself is a stretched SVG, so nothing scales with the width of the screen.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::console::pages::{PageAdmin, chrome};
use crate::extract::Query;
use crate::ui::chrome::Chrome;
use crate::{AppState, HttpError};
use jxjy_app::admin::console;
use jxjy_app::admin::stats::{
    EmployerStatItem, InstitutionStatItem, StatItem, institution_stat_item, stat_item,
};
use jxjy_app::format;

/// A rate as shown: `45.0%`, or `—` when nobody was required (no rate to speak of).
pub fn rate_text(met: i64, required: i64) -> String {
    if required > 0 {
        format!("{:.1}%", met as f64 * 100.0 / required as f64)
    } else {
        "—".to_string()
    }
}

/// A bar's length out of 1000 (the SVG's width), from a part of a whole.
fn permille(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        (part.clamp(0, whole) * 1000 + whole / 2) / whole
    }
}

/// One region: this year's 达标率 and last year's, as text and as bar lengths.
pub struct RegionBar {
    pub code: String,
    pub label: String,
    pub rate: String,
    pub rate_len: i64,
    pub last_rate: String,
    pub last_len: i64,
}

/// One school: enrolled, credited and met, scaled to the school with the most enrollments.
pub struct SchoolBar {
    pub label: String,
    pub enrolled: i64,
    pub credited: i64,
    pub met: i64,
    pub enrolled_len: i64,
    pub credited_len: i64,
    pub met_len: i64,
}

fn region_bars(items: &[StatItem], last: &[StatItem]) -> Vec<RegionBar> {
    items
        .iter()
        .map(|i| {
            let before = last.iter().find(|l| l.code == i.code);
            let (lm, lr) = before.map(|l| (l.met, l.required)).unwrap_or((0, 0));
            RegionBar {
                code: i.code.clone(),
                label: i.authority.clone(),
                rate: rate_text(i.met, i.required),
                rate_len: permille(i.met, i.required),
                last_rate: rate_text(lm, lr),
                last_len: permille(lm, lr),
            }
        })
        .collect()
}

fn school_bars(items: &[InstitutionStatItem]) -> Vec<SchoolBar> {
    let max = items.iter().map(|i| i.enrolled).max().unwrap_or(0).max(1);
    items
        .iter()
        .map(|i| SchoolBar {
            label: i.name.clone(),
            enrolled: i.enrolled,
            credited: i.credited,
            met: i.met,
            enrolled_len: permille(i.enrolled, max),
            credited_len: permille(i.credited, max),
            met_len: permille(i.met, max),
        })
        .collect()
}

fn total(items: &[StatItem]) -> StatItem {
    let mut t = StatItem {
        code: String::new(),
        authority: "合计".into(),
        learners: 0,
        required: 0,
        enrolled: 0,
        credited: 0,
        met: 0,
        rate: 0.0,
    };
    for i in items {
        t.learners += i.learners;
        t.required += i.required;
        t.enrolled += i.enrolled;
        t.credited += i.credited;
        t.met += i.met;
    }
    t
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct YearQuery {
    pub year: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_dashboard.html")]
pub struct DashboardPage {
    pub chrome: Chrome,
    pub year: i64,
    pub years: Vec<i64>,
    pub items: Vec<StatItem>,
    pub totals: StatItem,
    pub last_totals: StatItem,
    pub bars: Vec<RegionBar>,
    pub scope: String,
    pub schools: Vec<InstitutionStatItem>,
    /// 各单位: employers with confirmed staff in scope.
    pub employers: Vec<EmployerStatItem>,
    pub school_bars: Vec<SchoolBar>,
    /// Claims in scope waiting for a decision (待审核).
    pub pending_claims: i64,
    /// Whether this platform judges the year (not before `records_since`).
    pub judged: bool,
    pub records_since: String,
}

impl DashboardPage {
    pub fn rate(&self, i: &StatItem) -> String {
        rate_text(i.met, i.required)
    }
}

pub async fn dashboard(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Query(q): Query<YearQuery>,
) -> Result<DashboardPage, HttpError> {
    let this = i64::from(format::this_year());
    let year = q
        .year
        .filter(|y| (2000..=this + 1).contains(y))
        .unwrap_or(this);
    let stats = |y: i64| {
        let (state, a) = (&state, &a);
        async move {
            Ok::<_, HttpError>(
                console::stats(state, a, y)
                    .await?
                    .into_iter()
                    .map(stat_item)
                    .collect::<Vec<_>>(),
            )
        }
    };
    let items = stats(year).await?;
    let last = stats(year - 1).await?;
    let schools: Vec<InstitutionStatItem> = console::institution_stats(&state, &a, year)
        .await?
        .into_iter()
        .map(institution_stat_item)
        .collect();
    let employers: Vec<EmployerStatItem> = console::employer_stats(&state, &a, year)
        .await?
        .into_iter()
        .map(jxjy_app::admin::stats::employer_stat_item)
        .collect();
    let pending_claims = jxjy_app::claims::admin_list(&state, &a, "pending", Some(1))
        .await?
        .total;
    let judge = jxjy_app::credits::YearJudge::of(&state, year)?;
    Ok(DashboardPage {
        chrome: chrome(&state, "admin", &a),
        year,
        years: (this - 4..=this).rev().collect(),
        totals: total(&items),
        last_totals: total(&last),
        bars: region_bars(&items, &last),
        school_bars: school_bars(&schools),
        items,
        schools,
        employers,
        scope: a.session.display_name.clone(),
        pending_claims,
        judged: judge.judged(),
        records_since: judge.since.date().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_required_is_a_dash_not_zero_percent() {
        assert_eq!(rate_text(0, 0), "—");
        assert_eq!(rate_text(1, 4), "25.0%");
        assert_eq!(rate_text(2, 3), "66.7%");
    }

    #[test]
    fn bars_are_parts_of_a_thousand_and_never_overflow() {
        assert_eq!(permille(1, 4), 250);
        assert_eq!(permille(5, 4), 1000);
        assert_eq!(permille(-1, 4), 0);
        assert_eq!(permille(3, 0), 0);
    }
}
