//! Who is calling, once the web layer has found the token: a learner's session.
//! (An admin's is `admin::AdminAuth`.)

use crate::{AppError, Context, crypto, format};

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    crypto::sha256_hex(token.as_bytes())
}

/// A logged-in learner.
#[derive(Debug, Clone)]
pub struct LearnerAuth {
    pub learner_id: i64,
    pub name: String,
    pub token_hash: String,
    /// Unread 消息, looked up for pages only (their navigation shows it); `None` elsewhere.
    pub unread: Option<i64>,
}

impl LearnerAuth {
    /// This learner as the actor of an audit record.
    pub fn actor(&self, ip: std::net::IpAddr) -> jxjy_store::audit::Actor {
        jxjy_store::audit::Actor::learner(self.learner_id, ip)
    }
}

/// The learner whose live session `token` is, if any.
pub async fn learner_session(cx: &Context, token: &str) -> Result<Option<LearnerAuth>, AppError> {
    let hash = token_hash(token);
    let found = cx
        .store
        .sessions()
        .learner_session(&hash, cx.settings.session_idle_secs, format::now())
        .await?;
    Ok(found.map(|(learner_id, name)| LearnerAuth {
        learner_id,
        name,
        token_hash: hash,
        unread: None,
    }))
}
