//! # mitra-server — Mitra's web application
//!
//! [`Application::build`] connects to the database, applies migrations, and binds its listener
//! before serving, so a test can start the real application on port 0 against a fresh database
//! and talk HTTP to it. Two thin siblings share one [`AppState`] and the same application
//! functions in [`service`]:
//! - `api` — JSON under `/api/…` (errors as `{code, message, fields}`), described by
//!   `/api/openapi.json`;
//! - `web` — server-rendered pages (askama templates in `templates/`, one CSS file in
//!   `static/`), Indonesian by default with an English switch kept in a cookie, forms that work
//!   without JavaScript.
//!
//! Cross-cutting pieces: [`auth`] (argon2 passwords, database sessions, CSRF tokens, login rate
//! limiting), [`error::AppError`] (the one place that picks status codes), and [`demo`] (seeding
//! the demo world). Permission rules are not here: they live in `mitra_core::access` and both
//! siblings ask them.
#![warn(missing_docs)]

pub mod admin;
pub mod api;
pub mod assessment;
pub mod auth;
pub mod chart;
pub mod coaching;
pub mod demo;
pub mod demo_coaching;
pub mod error;
pub mod http;
pub mod instrument;
pub mod listener;
pub mod programme;
pub mod selection;
pub mod selection_export;
pub mod service;
pub mod survey_import;
mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use mitra_store::Db;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

pub use auth::HashCost;
pub use error::AppError;
pub use listener::ConnectionLimits;

/// Everything the server needs to start. The command line fills it from flags and `MITRA_…`
/// environment variables.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite:PATH` or `postgres://…`.
    pub database_url: String,
    /// Address to listen on, e.g. `127.0.0.1:8080`; port 0 picks a free port.
    pub listen: String,
    /// Always mark cookies `Secure` (when served over HTTPS by a proxy that is not listed in
    /// `trusted_proxies`); otherwise they are `Secure` when a trusted proxy says
    /// `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
    /// Session lifetime in seconds.
    pub session_ttl_secs: i64,
    /// Failed logins allowed per account and address within the window.
    pub login_attempts: i64,
    /// Failed logins allowed from one address within the window, whatever the accounts.
    pub login_attempts_per_address: i64,
    /// Registrations allowed from one address per hour.
    pub registrations_per_address: i64,
    /// Connections at most, per client address, and the time to send request headers.
    pub connections: ConnectionLimits,
    /// Time a request may take, its body included (answered 408 past it).
    pub request_timeout: std::time::Duration,
    /// Rate-limit window in seconds.
    pub login_window_secs: i64,
    /// Argon2 cost for new password hashes.
    pub hash_cost: HashCost,
    /// Reverse proxies whose `X-Forwarded-For` header is believed: when the socket peer is one
    /// of them, the client address (for the login rate limit) is the last address of that
    /// header that is not itself a trusted proxy. Empty: the socket peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: mitra_store::DEFAULT_DATABASE_URL.to_owned(),
            listen: "127.0.0.1:8080".to_owned(),
            secure_cookies: false,
            session_ttl_secs: 12 * 3600,
            login_attempts: 5,
            login_attempts_per_address: 10,
            registrations_per_address: 5,
            connections: ConnectionLimits::default(),
            request_timeout: std::time::Duration::from_secs(60),
            login_window_secs: 15 * 60,
            hash_cost: HashCost::default(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Shared by every request: the database, the configuration and the signing key.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The configuration.
    pub config: Arc<Config>,
    /// The key every server process of the database signs pre-session tokens with.
    pub key: auth::SigningKey,
}

impl AppState {
    /// The state for a connected, migrated database (loads or makes the signing key).
    pub async fn new(db: Db, config: Config) -> Result<AppState, AppError> {
        let key = auth::SigningKey::load(&db).await?;
        Ok(AppState { db, config: Arc::new(config), key })
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] mitra_core::StoreError),
    /// The shared signing key could not be read.
    #[error("signing key: {0}")]
    Key(#[from] AppError),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// A built application: database ready, listener bound, not yet serving.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects to and migrates the database, then binds the listener.
    pub async fn build(config: Config) -> Result<Application, ServerError> {
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        Application::build_with_db(config, db).await
    }

    /// Like [`Application::build`] with an already connected and migrated database.
    pub async fn build_with_db(config: Config, db: Db) -> Result<Application, ServerError> {
        let listener = TcpListener::bind(&config.listen)
            .await
            .map_err(|source| ServerError::Bind { addr: config.listen.clone(), source })?;
        Ok(Application { listener, state: AppState::new(db, config).await? })
    }

    /// The bound address (its port is the real one when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The database (for seeding before serving).
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Serves until Ctrl-C.
    pub async fn run_until_stopped(self) -> Result<(), ServerError> {
        self.run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let state = self.state.clone();
        tokio::spawn(purge_loop(state.clone()));
        let (limits, trusted) = (state.config.connections, state.config.trusted_proxies.clone());
        listener::serve(self.listener, router(state), limits, trusted, shutdown).await;
        Ok(())
    }
}

/// The Content-Security-Policy of every response: everything from this origin only, no inline
/// script or style, no framing, forms post only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// Every route of the application with who may call it: the pages, the API under `/api` and
/// the health check.
pub fn routes() -> http::Routes {
    http::Routes::new()
        .merge(web::router())
        .nest("/api", api::router())
        .public("/healthz", axum::routing::get(healthz))
}

/// The largest request body accepted, forms, JSON and uploads alike (the `request.too_large`
/// message names it).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The whole application: pages, API, health check and static files, with the security
/// headers on every response (`Cache-Control: no-store` unless a handler chose otherwise, as
/// the stylesheets do) and every request bounded in time.
pub fn router(state: AppState) -> Router {
    let timeout = state.config.request_timeout;
    let set = |name, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    routes()
        .into_router()
        // Innermost: errors are written before the headers below are added to them.
        .layer(axum::middleware::from_fn(error::render_errors))
        .layer(set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(header::CACHE_CONTROL, "no-store"))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(RequestBodyTimeoutLayer::new(timeout))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// `GET /healthz`: 200 `ok` when the database answers, 503 otherwise.
async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (axum::http::StatusCode, &'static str) {
    use mitra_core::Store;
    match state.db.ping().await {
        Ok(()) => (axum::http::StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Removes expired sessions and old login failures every ten minutes.
async fn purge_loop(state: AppState) {
    use mitra_core::Store;
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = state.db.purge_expired(clock::now()).await {
            tracing::warn!(error = %e, "purging expired sessions failed");
        }
    }
}

/// The server's clock: the only place that reads the time.
pub mod clock {
    use time::{Date, OffsetDateTime};

    /// Now, as Unix seconds (UTC).
    pub fn now() -> i64 {
        OffsetDateTime::now_utc().unix_timestamp()
    }

    /// Today's date in Western Indonesia Time (UTC+7), where North Sumatra is.
    pub fn today() -> Date {
        (OffsetDateTime::now_utc() + time::Duration::hours(7)).date()
    }
}
