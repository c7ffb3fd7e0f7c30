//! What a feature serves, grouped by the guard and the timeout each group gets. Every JSON
//! route is declared once, with `utoipa_axum::routes!`, from its handler's `#[utoipa::path]`:
//! the OpenAPI document is made from the same declarations, so no API route can exist
//! undocumented. Pages are plain routes.

use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub struct Routes {
    /// JSON routes, documented.
    pub api: OpenApiRouter<AppState>,
    /// JSON routes behind the per-client flood guard (codes, logins, registration).
    pub sensitive_api: OpenApiRouter<AppState>,
    /// JSON downloads that may take longer (`export_timeout_secs`).
    pub export_api: OpenApiRouter<AppState>,
    pub pages: Router<AppState>,
    /// Form posts behind the flood guard.
    pub sensitive_pages: Router<AppState>,
    /// Page downloads that may take longer.
    pub export_pages: Router<AppState>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes {
            api: OpenApiRouter::new(),
            sensitive_api: OpenApiRouter::new(),
            export_api: OpenApiRouter::new(),
            pages: Router::new(),
            sensitive_pages: Router::new(),
            export_pages: Router::new(),
        }
    }

    pub fn merge(self, other: Routes) -> Routes {
        Routes {
            api: self.api.merge(other.api),
            sensitive_api: self.sensitive_api.merge(other.sensitive_api),
            export_api: self.export_api.merge(other.export_api),
            pages: self.pages.merge(other.pages),
            sensitive_pages: self.sensitive_pages.merge(other.sensitive_pages),
            export_pages: self.export_pages.merge(other.export_pages),
        }
    }
}

impl Default for Routes {
    fn default() -> Self {
        Routes::new()
    }
}

/// Every feature's routes (the demo school's are added by the router when `demo` is on).
pub fn all() -> Routes {
    crate::portal::routes()
        .merge(crate::accounts::routes())
        .merge(crate::training::routes())
        .merge(crate::credits::routes())
        .merge(crate::claims::routes())
        .merge(crate::employer::routes())
        .merge(crate::reminders::routes())
        .merge(crate::console::routes())
        .merge(crate::partner::routes())
        .merge(crate::ops::routes())
}
