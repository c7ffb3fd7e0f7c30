//! Staff links, both ways: the learner names its employer by USCC and the employer confirms,
//! or the employer invites by 姓名 + 证件号 and the learner accepts. Which move is allowed is
//! the domain's (`link_transition`); each move is one transaction with its audit record.

use std::net::IpAddr;

use jxjy_domain::{
    EmployerStatus, IdNumber, LinkEvent, LinkState, PersonName, Uscc, link_transition,
};
use jxjy_store::audit::{Actor, Entry};
use jxjy_store::staff::{self, LinkRow};
use jxjy_store::{Conflict, StoreError};
use serde::Serialize;

use super::EmployerAuth;
use super::view::LinkView;
use crate::accounts::input::Errors;
use crate::auth::LearnerAuth;
use crate::{AppError, Context, format};

/// The learner's side: its employer, its own request, the invitations waiting for it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyEmployer {
    pub current: Option<LinkView>,
    pub request: Option<LinkView>,
    pub invitations: Vec<LinkView>,
}

pub async fn my_employer(cx: &Context, auth: &LearnerAuth) -> Result<MyEmployer, AppError> {
    let links = cx.store.staff().links_of_learner(auth.learner_id).await?;
    let of = |state: LinkState| links.iter().filter(move |k| k.state == state).cloned();
    Ok(MyEmployer {
        current: of(LinkState::Confirmed).next().map(LinkView::from),
        request: of(LinkState::Requested).next().map(LinkView::from),
        invitations: of(LinkState::Invited).map(LinkView::from).collect(),
    })
}

fn has_employer(name: &str) -> AppError {
    AppError::conflict(
        "has_employer",
        format!("您当前关联的单位是{name}，每人只能关联一个单位；如已离职，请先解除关联"),
    )
}

fn link_error(e: jxjy_domain::LinkError) -> AppError {
    AppError::conflict(e.code(), e.to_string())
}

/// Moves `link` by `event` and writes `action`'s audit record, in one transaction. Confirming
/// ends the learner's other request, if one is open.
async fn apply(
    cx: &Context,
    link: &LinkRow,
    event: LinkEvent,
    actor: &Actor,
    action: &str,
) -> Result<LinkState, AppError> {
    let to = link_transition(link.state, event).map_err(link_error)?;
    let now = format::now();
    let since = (to == LinkState::Confirmed).then(|| i64::from(format::this_year()));
    let mut w = cx.store.begin_audited().await?;
    if to == LinkState::Confirmed {
        for other in cx.store.staff().links_of_learner(link.learner_id).await? {
            if other.id != link.id && other.state == LinkState::Requested {
                staff::move_link(&mut *w, other.id, other.state, LinkState::Ended, None, now)
                    .await?;
            }
        }
    }
    let moved = match staff::move_link(&mut *w, link.id, link.state, to, since, now).await {
        Ok(n) => n,
        Err(StoreError::Conflict(Conflict::StaffLink)) => {
            return Err(AppError::conflict(
                "has_employer",
                "该人员已关联其他单位，每人只能关联一个单位",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if moved != 1 {
        w.rollback().await?;
        return Err(AppError::conflict(
            "link_changed",
            "关联状态已变化，请刷新后重试",
        ));
    }
    let detail = serde_json::json!({
        "employer_id": link.employer_id, "learner_id": link.learner_id,
        "from": link.state.as_str(), "to": to.as_str(),
    })
    .to_string();
    w.commit(&Entry::new(
        now,
        actor,
        action,
        ("learner", &link.learner_id.to_string()),
        &detail,
    ))
    .await?;
    Ok(to)
}

/// `PUT /me/employer`: the learner names its employer by USCC. An invitation from that
/// employer is accepted instead; a request to another employer is replaced.
pub async fn request(
    cx: &Context,
    auth: &LearnerAuth,
    uscc_raw: &str,
    ip: IpAddr,
) -> Result<MyEmployer, AppError> {
    let uscc = Uscc::parse(uscc_raw)
        .map_err(|e| AppError::bad_request(e.code(), e.to_string()).on_field("uscc"))?;
    let employer = cx
        .store
        .employers()
        .by_uscc(uscc.as_str())
        .await?
        .filter(|e| e.status == EmployerStatus::Approved)
        .ok_or_else(|| {
            AppError::not_found(
                "没有使用该统一社会信用代码的单位账号，或该单位尚未通过审核，请向单位确认",
            )
            .with_code("employer_not_found")
            .on_field("uscc")
        })?;
    let links = cx.store.staff().links_of_learner(auth.learner_id).await?;
    let actor = auth.actor(ip);
    if let Some(current) = links.iter().find(|k| k.state == LinkState::Confirmed) {
        if current.employer_id == employer.id {
            return my_employer(cx, auth).await;
        }
        return Err(has_employer(&current.employer_name));
    }
    if let Some(invited) = links
        .iter()
        .find(|k| k.employer_id == employer.id && k.state == LinkState::Invited)
    {
        apply(
            cx,
            invited,
            LinkEvent::LearnerAccepts,
            &actor,
            "staff.accept",
        )
        .await?;
        return my_employer(cx, auth).await;
    }
    if links
        .iter()
        .any(|k| k.employer_id == employer.id && k.state == LinkState::Requested)
    {
        return my_employer(cx, auth).await;
    }
    let now = format::now();
    let mut w = cx.store.begin_audited().await?;
    for old in links.iter().filter(|k| k.state == LinkState::Requested) {
        staff::move_link(&mut *w, old.id, old.state, LinkState::Ended, None, now).await?;
    }
    match staff::insert_link(
        &mut *w,
        employer.id,
        auth.learner_id,
        LinkState::Requested,
        now,
    )
    .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => {
            return Err(AppError::conflict(
                "link_changed",
                "关联状态已变化，请刷新后重试",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let detail = serde_json::json!({"employer_id": employer.id, "to": "requested"}).to_string();
    w.commit(&Entry::new(
        now,
        &actor,
        "staff.request",
        ("learner", &auth.learner_id.to_string()),
        &detail,
    ))
    .await?;
    my_employer(cx, auth).await
}

/// `DELETE /me/employer`: the learner leaves its employer and withdraws its request.
pub async fn leave(cx: &Context, auth: &LearnerAuth, ip: IpAddr) -> Result<MyEmployer, AppError> {
    let links = cx.store.staff().links_of_learner(auth.learner_id).await?;
    let open: Vec<_> = links
        .iter()
        .filter(|k| matches!(k.state, LinkState::Confirmed | LinkState::Requested))
        .collect();
    if open.is_empty() {
        return Err(AppError::not_found(
            "您没有关联单位，也没有待确认的关联申请",
        ));
    }
    let actor = auth.actor(ip);
    for link in open {
        apply(cx, link, LinkEvent::LearnerEnds, &actor, "staff.leave").await?;
    }
    my_employer(cx, auth).await
}

/// The invitation an accept or decline answers: the named employer's, or the only one.
async fn invitation(
    cx: &Context,
    auth: &LearnerAuth,
    employer_id: Option<i64>,
) -> Result<LinkRow, AppError> {
    let invited: Vec<LinkRow> = cx
        .store
        .staff()
        .links_of_learner(auth.learner_id)
        .await?
        .into_iter()
        .filter(|k| k.state == LinkState::Invited)
        .collect();
    let chosen = match employer_id {
        Some(id) => invited.into_iter().find(|k| k.employer_id == id),
        None if invited.len() == 1 => invited.into_iter().next(),
        None if invited.is_empty() => None,
        None => {
            return Err(AppError::bad_request(
                "invalid_input",
                "有多个单位邀请您，请指明要回复的单位（employer_id）",
            )
            .on_field("employer_id"));
        }
    };
    chosen.ok_or_else(|| AppError::not_found("没有待接受的单位邀请").with_code("link_not_invited"))
}

pub async fn accept(
    cx: &Context,
    auth: &LearnerAuth,
    employer_id: Option<i64>,
    ip: IpAddr,
) -> Result<MyEmployer, AppError> {
    let link = invitation(cx, auth, employer_id).await?;
    let links = cx.store.staff().links_of_learner(auth.learner_id).await?;
    if let Some(current) = links.iter().find(|k| k.state == LinkState::Confirmed) {
        return Err(has_employer(&current.employer_name));
    }
    apply(
        cx,
        &link,
        LinkEvent::LearnerAccepts,
        &auth.actor(ip),
        "staff.accept",
    )
    .await?;
    my_employer(cx, auth).await
}

pub async fn decline(
    cx: &Context,
    auth: &LearnerAuth,
    employer_id: Option<i64>,
    ip: IpAddr,
) -> Result<MyEmployer, AppError> {
    let link = invitation(cx, auth, employer_id).await?;
    apply(
        cx,
        &link,
        LinkEvent::LearnerDeclines,
        &auth.actor(ip),
        "staff.decline",
    )
    .await?;
    my_employer(cx, auth).await
}

/// `POST /employer/staff/invite`. The answer is the same whether or not the document belongs
/// to an account with that name, so that numbers cannot be probed; only a match is stored
/// (and then listed). An open request of that learner to this employer is confirmed instead.
pub async fn invite(
    cx: &Context,
    auth: &EmployerAuth,
    name_raw: &str,
    id_number_raw: &str,
    ip: IpAddr,
) -> Result<(), AppError> {
    auth.require_approved()?;
    let mut errors = Errors::default();
    let name = PersonName::parse(name_raw)
        .map_err(|e| errors.add("name", e))
        .ok();
    let number = IdNumber::normalize_for_lookup(id_number_raw);
    if number.is_empty() || number.chars().count() > 40 {
        errors.add("id_number", "请输入证件号码");
    } else if jxjy_domain::check_char_holds(&number) == Some(false) {
        errors.add("id_number", "证件号码的校验位不正确，请核对");
    }
    let (Some(name), true) = (name, errors.0.is_empty()) else {
        return Err(AppError::invalid_fields(errors.0));
    };
    let actor = auth.actor(ip);
    let learner = cx
        .store
        .learners()
        .learner_by_id_number(&number)
        .await?
        .filter(|l| l.name == name.as_str());
    let now = format::now();
    let Some(learner) = learner else {
        // Audited all the same: the officer sees every invitation that was tried.
        let w = cx.store.begin_audited().await?;
        let detail = serde_json::json!({"matched": false}).to_string();
        w.commit(&Entry::new(
            now,
            &actor,
            "staff.invite",
            ("employer", &auth.employer_id.to_string()),
            &detail,
        ))
        .await?;
        return Ok(());
    };
    match cx
        .store
        .staff()
        .open_link(auth.employer_id, learner.id)
        .await?
    {
        Some(link) if link.state == LinkState::Requested => {
            apply(
                cx,
                &link,
                LinkEvent::EmployerConfirms,
                &actor,
                "staff.confirm",
            )
            .await?;
            return Ok(());
        }
        Some(_) => return Ok(()),
        None => {}
    }
    let mut w = cx.store.begin_audited().await?;
    match staff::insert_link(
        &mut *w,
        auth.employer_id,
        learner.id,
        LinkState::Invited,
        now,
    )
    .await
    {
        Ok(_) => {}
        // Another request of the same invitation won: it is sent all the same.
        Err(StoreError::Conflict(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    let detail =
        serde_json::json!({"employer_id": auth.employer_id, "to": "invited", "matched": true})
            .to_string();
    w.commit(&Entry::new(
        now,
        &actor,
        "staff.invite",
        ("learner", &learner.id.to_string()),
        &detail,
    ))
    .await?;
    Ok(())
}

/// The employer's open link with a learner; another employer's learner is a 404.
async fn staff_link(
    cx: &Context,
    auth: &EmployerAuth,
    learner_id: i64,
) -> Result<LinkRow, AppError> {
    cx.store
        .staff()
        .open_link(auth.employer_id, learner_id)
        .await?
        .ok_or_else(|| AppError::not_found("本单位人员名单中没有该人员"))
}

pub async fn confirm(
    cx: &Context,
    auth: &EmployerAuth,
    learner_id: i64,
    ip: IpAddr,
) -> Result<(), AppError> {
    auth.require_approved()?;
    let link = staff_link(cx, auth, learner_id).await?;
    if link.state == LinkState::Confirmed {
        return Ok(());
    }
    apply(
        cx,
        &link,
        LinkEvent::EmployerConfirms,
        &auth.actor(ip),
        "staff.confirm",
    )
    .await?;
    Ok(())
}

pub async fn remove(
    cx: &Context,
    auth: &EmployerAuth,
    learner_id: i64,
    ip: IpAddr,
) -> Result<(), AppError> {
    auth.require_approved()?;
    let link = staff_link(cx, auth, learner_id).await?;
    apply(
        cx,
        &link,
        LinkEvent::EmployerRemoves,
        &auth.actor(ip),
        "staff.remove",
    )
    .await?;
    Ok(())
}
