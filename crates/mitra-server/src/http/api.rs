//! The JSON API's side of the request layer: its result type, its body extractor and the
//! callers a handler asks for — [`Call`] (anyone), [`Reader`] (signed in, else 401) and
//! [`Writer`] (signed in and the `X-CSRF-Token` header matching, else 401 or 403). Because the
//! callers are taken from the request's head, they are checked before the body is read: an
//! anonymous or token-less write is refused whatever it sends.

use std::ops::Deref;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use axum_extra::extract::CookieJar;
use mitra_core::{Actor, Lang};
use serde::de::DeserializeOwned;

use crate::auth::{self, Ctx, CSRF_HEADER};
use crate::error::AppError;
use crate::AppState;

/// What an API handler returns; an error is written in the caller's language by
/// [`crate::error::render_errors`].
pub type ApiResult = Result<Response, AppError>;

/// The language of API messages: the cookie, else `Accept-Language`, else Indonesian.
pub fn lang(headers: &HeaderMap) -> Lang {
    let jar = CookieJar::from_headers(headers);
    if let Some(l) = jar.get(auth::LANG_COOKIE).and_then(|c| Lang::from_code(c.value())) {
        return l;
    }
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|v| Lang::from_code(v.split(['-', ';']).next().unwrap_or("")))
        .unwrap_or_default()
}

/// JSON body extractor whose rejection is an API error (413 with the limit for a body over
/// it), not axum's plain text.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::TooLarge)
            }
            Err(rejection) => Err(AppError::Malformed(rejection.body_text())),
        }
    }
}

/// Any caller: the request context and the language of its messages.
pub struct Call {
    /// Session, client address, language cookie.
    pub ctx: Ctx,
    /// The language errors are written in.
    pub lang: Lang,
}

impl Call {
    /// The signed-in actor, or 401.
    pub fn actor(&self) -> Result<Actor, AppError> {
        self.ctx.actor()
    }

    /// A path id; junk is 404, as an id of nothing is.
    pub fn id(&self, raw: &str) -> Result<i64, AppError> {
        raw.parse().map_err(|_| AppError::NotFound)
    }
}

impl FromRequestParts<AppState> for Call {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Call, AppError> {
        let lang = lang(&parts.headers);
        let ctx = Ctx::from_request_parts(parts, state).await?;
        Ok(Call { ctx, lang })
    }
}

/// A signed-in caller (401 otherwise).
pub struct Reader {
    call: Call,
    /// Who is calling.
    pub actor: Actor,
}

impl Deref for Reader {
    type Target = Call;
    fn deref(&self) -> &Call {
        &self.call
    }
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Reader, AppError> {
        let call = Call::from_request_parts(parts, state).await?;
        let actor = call.actor()?;
        Ok(Reader { call, actor })
    }
}

/// A signed-in caller whose `X-CSRF-Token` header matches its session (401, else 403); a
/// [`Reader`] whose token was checked.
pub struct Writer(Reader);

impl Deref for Writer {
    type Target = Reader;
    fn deref(&self) -> &Reader {
        &self.0
    }
}

impl FromRequestParts<AppState> for Writer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Writer, AppError> {
        let reader = Reader::from_request_parts(parts, state).await?;
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
        reader.ctx.check_csrf(sent)?;
        Ok(Writer(reader))
    }
}
