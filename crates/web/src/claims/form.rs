//! What the 学分申报 form shows for the chosen kind: only the fields that kind uses (本人角色 for
//! research, papers and books; 通过科目数 for an exam; 参会天数 for a conference), the roles that
//! kind allows, and the credits the claim would be worth, computed by the domain's rule.
//!
//! Without JavaScript the kind is chosen with 选择类型 (a GET of the same page that keeps the
//! values), and a submission that lacks a field comes back with that field shown and its error.
//! With JavaScript `app.js` shows and hides the same fields and reads the preview from the table
//! this module writes into the page (every valid claim and its credits).

use jxjy_domain::{ClaimInput, ClaimKind, ClaimRole, claim_credits, every_valid_claim};

use crate::ui::form::FormState;

/// The kinds each kind-specific field belongs to, as `data-kinds` lists them.
pub const ROLE_KINDS: &str = "research paper book";
pub const SUBJECTS_KINDS: &str = "exam";
pub const DAYS_KINDS: &str = "conference";

/// The chosen kind, if the form holds a valid one.
pub fn chosen_kind(form: &FormState) -> Option<ClaimKind> {
    form.value("kind").parse().ok()
}

/// Whether a field (by its `data-kinds` list) is shown for the chosen kind. With no kind chosen
/// the kind-specific fields wait until one is.
pub fn shows(form: &FormState, kinds: &str) -> bool {
    chosen_kind(form).is_some_and(|k| kinds.split(' ').any(|x| x == k.as_str()))
}

/// The roles offered: those of the chosen kind, or every role (each marked with its kinds).
pub fn role_options(form: &FormState) -> Vec<(&'static str, &'static str, String)> {
    ClaimRole::ALL
        .iter()
        .filter(|r| chosen_kind(form).is_none_or(|k| k.allowed_roles().contains(r)))
        .map(|r| {
            let kinds = ClaimKind::ALL
                .iter()
                .filter(|k| k.allowed_roles().contains(r))
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            (r.as_str(), r.label(), kinds)
        })
        .collect()
}

/// `本次申报可折算 90 学分`, once the form says enough to compute it.
pub fn preview(form: &FormState) -> Option<String> {
    let kind = chosen_kind(form)?;
    let input = ClaimInput {
        kind,
        role: form.value("role").parse().ok(),
        days: form.value("days").trim().parse().ok(),
        subjects: form.value("subjects").trim().parse().ok(),
    };
    claim_credits(&input)
        .ok()
        .map(|c| format!("本次申报可折算 {c} 学分"))
}

/// Every valid claim as `kind:role:count` → credits, a JSON object for the live preview.
pub fn credit_table_json() -> String {
    let map: serde_json::Map<String, serde_json::Value> = every_valid_claim()
        .into_iter()
        .map(|(input, credits)| {
            let role = input.role.map(|r| r.as_str()).unwrap_or("");
            let count = input.subjects.or(input.days).unwrap_or(0);
            (
                format!("{}:{role}:{count}", input.kind.as_str()),
                serde_json::Value::String(credits.to_string()),
            )
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn form(pairs: &[(&'static str, &str)]) -> FormState {
        FormState::with_values(pairs.iter().map(|(k, v)| (*k, v.to_string())))
    }

    #[test]
    fn an_exam_shows_subjects_only_and_previews_ninety_a_subject() {
        let f = form(&[("kind", "exam"), ("subjects", "2")]);
        assert!(shows(&f, SUBJECTS_KINDS));
        assert!(!shows(&f, DAYS_KINDS) && !shows(&f, ROLE_KINDS));
        assert_eq!(preview(&f).as_deref(), Some("本次申报可折算 180 学分"));
    }

    #[test]
    fn a_paper_offers_its_three_roles_and_needs_one_for_a_preview() {
        let f = form(&[("kind", "paper")]);
        assert!(shows(&f, ROLE_KINDS));
        let roles: Vec<_> = role_options(&f).iter().map(|(v, _, _)| *v).collect();
        assert_eq!(roles, ["sole", "first", "other"]);
        assert_eq!(preview(&f), None);
        let f = form(&[("kind", "paper"), ("role", "other")]);
        assert_eq!(preview(&f).as_deref(), Some("本次申报可折算 10 学分"));
    }

    #[test]
    fn without_a_kind_nothing_kind_specific_shows_and_every_role_is_marked() {
        let f = form(&[]);
        assert!(!shows(&f, ROLE_KINDS) && !shows(&f, SUBJECTS_KINDS) && !shows(&f, DAYS_KINDS));
        let roles = role_options(&f);
        assert_eq!(roles.len(), 5);
        assert_eq!(roles[0], ("host", "主持", "research".to_string()));
        assert_eq!(roles[2].2, "paper book");
        assert_eq!(preview(&f), None);
    }

    #[test]
    fn a_degree_course_previews_at_once_and_out_of_range_counts_do_not() {
        assert_eq!(
            preview(&form(&[("kind", "degree_course")])).as_deref(),
            Some("本次申报可折算 90 学分")
        );
        assert_eq!(
            preview(&form(&[("kind", "conference"), ("days", "31")])),
            None
        );
    }

    #[test]
    fn the_live_table_is_the_rule() {
        let table: serde_json::Value = serde_json::from_str(&credit_table_json()).unwrap();
        assert_eq!(table["exam::3"], "270");
        assert_eq!(table["conference::2"], "20");
        assert_eq!(table["research:participant:0"], "60");
        assert_eq!(table["degree_course::0"], "90");
        assert!(table.get("exam::11").is_none());
    }
}
