//! The application's one error type and its JSON rendering.
//!
//! [`AppError`] is what every application function returns. [`AppError::status`] is the only
//! place that picks HTTP status codes; the API renders errors as JSON here
//! ([`AppError::into_api_response`]) and the pages render them with the error template (in
//! `web`). Internal errors are logged with their cause and shown as a short message with no
//! internals.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mitra_core::field::FieldErrors;
use mitra_core::{t, Lang, StoreError};
use serde::Serialize;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Some fields are wrong; each has a code.
    #[error("invalid input: {0}")]
    Validation(FieldErrors),
    /// Not logged in.
    #[error("authentication required")]
    Unauthenticated,
    /// Wrong email or password.
    #[error("wrong email or password")]
    BadCredentials,
    /// Logged in but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// No such thing (or not visible to this user).
    #[error("not found")]
    NotFound,
    /// Missing or wrong CSRF token.
    #[error("CSRF token missing or wrong")]
    Csrf,
    /// Too many failed logins.
    #[error("too many login attempts")]
    RateLimited,
    /// Too many registrations from one address.
    #[error("too many registrations")]
    RegistrationLimited,
    /// The request body is larger than the server accepts.
    #[error("request body over the limit")]
    TooLarge,
    /// Too many password checks waiting: try again shortly.
    #[error("busy")]
    Busy,
    /// The body could not be read.
    #[error("malformed request: {0}")]
    Malformed(String),
    /// The database cannot be reached.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; the message is for the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { field, code } => {
                AppError::Validation(FieldErrors::single(field, code))
            }
            StoreError::Stale => {
                AppError::Validation(FieldErrors::single("status", "status.stale"))
            }
            StoreError::Unavailable(cause) => AppError::Unavailable(chain(&cause)),
            StoreError::Backend(cause) => AppError::Internal(chain(&cause)),
        }
    }
}

/// An error and its causes, `a: b: c`, for the log.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        next = cause.source();
    }
    text
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Validation(e)
    }
}

/// One field's problem in an API error.
#[derive(Debug, Serialize)]
pub struct ApiFieldError {
    /// Field name.
    pub field: String,
    /// Stable code.
    pub code: &'static str,
    /// Message in the caller's language.
    pub message: &'static str,
}

/// The JSON body of every API error.
#[derive(Debug, Serialize)]
pub struct ApiErrorBody {
    /// Stable code (a catalogue key).
    pub code: &'static str,
    /// Message in the caller's language.
    pub message: &'static str,
    /// Per-field problems (validation errors only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ApiFieldError>,
}

impl AppError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::RateLimited | AppError::RegistrationLimited => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code (a catalogue key).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "request.invalid",
            AppError::Unauthenticated => "auth.required",
            AppError::BadCredentials => "auth.invalid",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Csrf => "csrf.invalid",
            AppError::RateLimited => "auth.rate_limited",
            AppError::RegistrationLimited => "register.rate_limited",
            AppError::TooLarge => "request.too_large",
            AppError::Busy => "busy",
            AppError::Malformed(_) => "request.malformed",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// Logs what needs logging (server-side failures, with their cause).
    pub fn log(&self) {
        match self {
            AppError::Internal(cause) => tracing::error!(%cause, "internal error"),
            AppError::Unavailable(cause) => tracing::error!(%cause, "database unavailable"),
            _ => {}
        }
    }

    /// Renders the error as the API's JSON body.
    pub fn into_api_response(self, lang: Lang) -> Response {
        self.log();
        let fields = match &self {
            AppError::Validation(errors) => errors
                .iter()
                .map(|e| ApiFieldError {
                    field: e.field.clone(),
                    code: e.code,
                    message: e.message(lang),
                })
                .collect(),
            _ => Vec::new(),
        };
        let body = ApiErrorBody { code: self.code(), message: t(lang, self.code()), fields };
        (self.status(), Json(body)).into_response()
    }
}

/// An error a handler or extractor returned, not yet written: the response carries it until
/// [`render_errors`] writes it as JSON in the caller's language (a response has no request to
/// ask).
#[derive(Clone)]
struct Unrendered(std::sync::Arc<std::sync::Mutex<Option<AppError>>>);

/// The status now; the body in the caller's language, written by [`render_errors`].
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response
            .extensions_mut()
            .insert(Unrendered(std::sync::Arc::new(std::sync::Mutex::new(Some(self)))));
        response
    }
}

/// Middleware: writes an [`AppError`] a handler returned as the API's JSON body in the
/// request's language (language cookie, else `Accept-Language`, else Indonesian), so handlers
/// return errors with `?` and never carry the language themselves.
pub async fn render_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = crate::http::api::lang(request.headers());
    let mut response = next.run(request).await;
    let pending = response.extensions_mut().remove::<Unrendered>();
    match pending.and_then(|u| u.0.lock().ok().and_then(|mut e| e.take())) {
        Some(error) => error.into_api_response(lang),
        None => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_in_the_catalogue() {
        let all = [
            AppError::Validation(FieldErrors::new()),
            AppError::Unauthenticated,
            AppError::BadCredentials,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Csrf,
            AppError::RateLimited,
            AppError::RegistrationLimited,
            AppError::TooLarge,
            AppError::Busy,
            AppError::Malformed(String::new()),
            AppError::Unavailable(String::new()),
            AppError::Internal(String::new()),
        ];
        for e in all {
            assert!(mitra_core::i18n::has_key(e.code()), "{}", e.code());
        }
    }

    #[test]
    fn store_conflicts_become_field_errors() {
        let e = AppError::from(StoreError::Conflict { field: "email", code: "email.taken" });
        match e {
            AppError::Validation(f) => assert_eq!(f.code_for("email"), Some("email.taken")),
            other => panic!("{other:?}"),
        }
    }
}
