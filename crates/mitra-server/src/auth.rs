//! Passwords, sessions, CSRF tokens and the request context.
//!
//! - Passwords are hashed with Argon2id ([`HashCost`]; OWASP's 19 MiB, 2 passes by default) on a
//!   blocking thread so hashing never stalls other requests.
//! - A session is a random 256-bit token in an `HttpOnly`, `SameSite=Lax` cookie; the database
//!   keeps only its SHA-256, so a leaked database does not leak live sessions. Sessions live in the
//!   database, so several `mitra serve` processes share them.
//! - Every session carries a synchronizer CSRF token; every form posts it back and every mutating
//!   API call sends it in `X-CSRF-Token`. An anonymous visitor gets no session (a database row
//!   per page view let anyone fill the database): the login and registration forms carry a
//!   signed double-submit token instead — a random nonce in the `mitra_pre` cookie, and in the
//!   form its HMAC-SHA256 under the key all server processes share ([`SigningKey`]), so a
//!   token cannot be made without the key even by someone who can plant a cookie.
//! - Password checks run at most [`password_check_slots`] at a time (each takes 19 MiB); a
//!   check that cannot start within [`PASSWORD_CHECK_WAIT`] answers "busy" instead of queueing
//!   without bound.
//! - Cookies are `Secure` when the client used HTTPS: `--secure-cookies`, or a trusted
//!   proxy's `X-Forwarded-Proto: https`.
//! - [`Ctx`] is the per-request context extracted from cookies: language, session, client address.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use hmac::{KeyInit, Mac};
use mitra_core::access::Actor;
use mitra_core::store::SessionRecord;
use mitra_core::user::User;
use mitra_core::{Lang, Store};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::{clock, AppState};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "mitra_session";
/// Name of the cookie holding an anonymous visitor's pre-session nonce.
pub const PRE_SESSION_COOKIE: &str = "mitra_pre";
/// Name of the language cookie.
pub const LANG_COOKIE: &str = "mitra_lang";
/// Header carrying the CSRF token on API calls.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Argon2id cost parameters for new hashes (verification reads them from the stored hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for HashCost {
    /// OWASP's recommendation for Argon2id: 19 MiB, 2 passes, 1 lane.
    fn default() -> Self {
        HashCost { memory_kib: 19_456, iterations: 2, parallelism: 1 }
    }
}

impl HashCost {
    /// The cheapest cost Argon2 accepts: for tests only, where hundreds of hashes are made.
    pub const TEST: HashCost = HashCost { memory_kib: 64, iterations: 1, parallelism: 1 };
}

/// How long a password check waits for a free slot before the request answers "busy".
pub const PASSWORD_CHECK_WAIT: Duration = Duration::from_secs(10);

/// Password checks allowed at once: one per core (Argon2 is CPU-bound, so more would only
/// queue on the cores while holding their 19 MiB each).
pub fn password_check_slots() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

/// Slots for password checks, and the most ever in use at once (for monitoring and tests).
struct PasswordGate {
    slots: tokio::sync::Semaphore,
    in_use: AtomicUsize,
    peak: AtomicUsize,
}

fn gate() -> &'static PasswordGate {
    static GATE: OnceLock<PasswordGate> = OnceLock::new();
    GATE.get_or_init(|| PasswordGate {
        slots: tokio::sync::Semaphore::new(password_check_slots()),
        in_use: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
    })
}

/// The most password checks (hashes and verifications) that ever ran at once in this process.
pub fn password_checks_peak() -> usize {
    gate().peak.load(Ordering::Relaxed)
}

/// Runs one Argon2 computation in a free slot on a blocking thread, or answers
/// [`AppError::Busy`] when no slot frees up within [`PASSWORD_CHECK_WAIT`].
async fn in_password_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let g = gate();
    let _slot = tokio::time::timeout(PASSWORD_CHECK_WAIT, g.slots.acquire())
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(|e| AppError::Internal(format!("password gate: {e}")))?;
    let now = g.in_use.fetch_add(1, Ordering::SeqCst) + 1;
    g.peak.fetch_max(now, Ordering::SeqCst);
    let done = tokio::task::spawn_blocking(work).await;
    g.in_use.fetch_sub(1, Ordering::SeqCst);
    done.map_err(|e| AppError::Internal(format!("hashing task: {e}")))
}

/// Hashes a password into a PHC string.
pub async fn hash_password(password: &str, cost: HashCost) -> Result<String, AppError> {
    let password = password.to_owned();
    in_password_slot(move || {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| AppError::Internal(format!("argon2 parameters: {e}")))?;
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    })
    .await?
}

/// Checks a password against a PHC string. A malformed stored hash counts as a mismatch;
/// `Err` only when the server is too busy to check.
pub async fn verify_password(password: &str, hash: &str) -> Result<bool, AppError> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    in_password_slot(move || {
        Argon2::default().verify_password(password.as_bytes(), hash.as_str()).is_ok()
    })
    .await
}

/// The key that signs pre-session CSRF tokens, shared by every server process of a database.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

impl SigningKey {
    /// The database's key (made on first start).
    pub async fn load(db: &mitra_store::Db) -> Result<SigningKey, AppError> {
        let stored = db.server_key("csrf", &random_token()).await?;
        Ok(SigningKey(stored.into_bytes()))
    }

    /// A key from fixed bytes (tests).
    pub fn from_bytes(bytes: &[u8]) -> SigningKey {
        SigningKey(bytes.to_vec())
    }

    /// The form token that goes with a pre-session nonce.
    pub fn pre_session_token(&self, nonce: &str) -> String {
        // HMAC takes a key of any length; an empty token never passes `check_csrf`.
        let Ok(mut mac) = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(b"mitra pre-session csrf\0");
        mac.update(nonce.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// A fresh random token: 32 bytes from the thread's CSPRNG, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The database key of a session token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two tokens in time independent of where they differ.
pub fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The request context: language, session (if any, and not expired) and client address.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The reader's language (cookie, else Indonesian).
    pub lang: Lang,
    /// The session, if the cookie names a live one.
    pub session: Option<SessionRecord>,
    /// The client's address, for rate limiting.
    pub ip: String,
    /// Whether the client reached us over HTTPS (cookies are then `Secure`).
    pub https: bool,
    /// Without a session: the form token that the visitor's pre-session nonce signs to.
    pub pre_session_csrf: Option<String>,
}

impl Ctx {
    /// The signed-in user.
    pub fn user(&self) -> Option<&User> {
        self.session.as_ref().and_then(|s| s.user.as_ref())
    }

    /// The signed-in user as the access rules see it, or `Unauthenticated`.
    pub fn actor(&self) -> Result<Actor, AppError> {
        let s = self.session.as_ref().ok_or(AppError::Unauthenticated)?;
        let u = s.user.as_ref().ok_or(AppError::Unauthenticated)?;
        Ok(Actor {
            user_id: u.id,
            role: u.role,
            organisation_id: u.organisation_id,
            province_code: s
                .organisation_regency
                .as_deref()
                .map(|r| r[..2.min(r.len())].to_owned()),
        })
    }

    /// The session's CSRF token, else the anonymous visitor's pre-session token, if any.
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.session {
            Some(s) => Some(s.csrf_token.as_str()),
            None => self.pre_session_csrf.as_deref(),
        }
    }

    /// Refuses a mutation whose token does not match the session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), AppError> {
        match self.csrf_token() {
            Some(expected) if !sent.is_empty() && tokens_match(expected, sent) => Ok(()),
            _ => Err(AppError::Csrf),
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ctx, AppError> {
        // Read once per request: the form extractor and the handler both ask.
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let lang =
            jar.get(LANG_COOKIE).and_then(|c| Lang::from_code(c.value())).unwrap_or_default();
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let trusted = &state.config.trusted_proxies;
        let ip = peer
            .map(|p| client_ip(p, forwarded, trusted).to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        let proto = parts.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok());
        let https = state.config.secure_cookies
            || (peer.is_some_and(|p| trusted.contains(&p))
                && proto.is_some_and(|p| p.trim().eq_ignore_ascii_case("https")));
        let session = match jar.get(SESSION_COOKIE) {
            Some(c) if !c.value().is_empty() => {
                state.db.session(&token_hash(c.value()), clock::now()).await?
            }
            _ => None,
        };
        let pre_session_csrf = match (&session, jar.get(PRE_SESSION_COOKIE)) {
            (None, Some(c)) if is_token(c.value()) => Some(state.key.pre_session_token(c.value())),
            _ => None,
        };
        let ctx = Ctx { lang, session, ip, https, pre_session_csrf };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// Whether `s` has the shape of [`random_token`]'s output.
fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A new pre-session nonce for an anonymous visitor: its cookie, and the form token it signs
/// to.
pub fn start_pre_session(state: &AppState, ctx: &Ctx) -> (Cookie<'static>, String) {
    let nonce = random_token();
    let token = state.key.pre_session_token(&nonce);
    let cookie = Cookie::build((PRE_SESSION_COOKIE, nonce))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.https)
        .build();
    (cookie, token)
}

/// The client's address: the socket peer, unless the peer is a trusted reverse proxy, in which
/// case the last `X-Forwarded-For` address that is not a trusted proxy (each proxy appends the
/// address it received the request from, so everything left of the first untrusted entry could
/// be forged by the client). A malformed entry stops the walk at the last trusted hop.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    for part in forwarded_for.unwrap_or("").rsplit(',') {
        match part.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.contains(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// The session cookie for `token`.
pub fn session_cookie(state: &AppState, ctx: &Ctx, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.https)
        .max_age(time::Duration::seconds(state.config.session_ttl_secs))
        .build()
}

/// A cookie that removes the session cookie.
pub fn expired_session_cookie(ctx: &Ctx) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.https)
        .max_age(time::Duration::ZERO)
        .build()
}

/// The language cookie (a year; not HttpOnly-sensitive, but kept HttpOnly as nothing reads it in
/// the browser).
pub fn lang_cookie(ctx: &Ctx, lang: Lang) -> Cookie<'static> {
    Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.https)
        .max_age(time::Duration::days(365))
        .build()
}

/// Creates a signed-in session; returns the cookie token and the new session's CSRF token.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<(String, String), AppError> {
    let token = random_token();
    let csrf = random_token();
    let now = clock::now();
    state
        .db
        .create_session(
            &token_hash(&token),
            Some(user_id),
            &csrf,
            now,
            now + state.config.session_ttl_secs,
        )
        .await?;
    Ok((token, csrf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ_by_salt() {
        let a = hash_password("kata sandi rahasia", HashCost::TEST).await.unwrap();
        let b = hash_password("kata sandi rahasia", HashCost::TEST).await.unwrap();
        assert!(a.starts_with("$argon2id$v=19$"));
        assert_ne!(a, b);
        assert!(verify_password("kata sandi rahasia", &a).await.unwrap());
        assert!(!verify_password("kata sandi salah", &a).await.unwrap());
        assert!(!verify_password("x", "not a hash").await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn password_checks_never_run_more_than_their_slots() {
        let hash = hash_password("kata sandi rahasia", HashCost::TEST).await.unwrap();
        let checks: Vec<_> = (0..64)
            .map(|_| {
                let hash = hash.clone();
                tokio::spawn(async move { verify_password("salah", &hash).await })
            })
            .collect();
        for c in checks {
            assert!(!c.await.unwrap().unwrap());
        }
        let peak = password_checks_peak();
        assert!(peak >= 1 && peak <= password_check_slots(), "peak {peak}");
    }

    #[test]
    fn pre_session_tokens_need_the_key() {
        let key = SigningKey::from_bytes(b"kunci server");
        let nonce = random_token();
        let token = key.pre_session_token(&nonce);
        assert_eq!(token, key.pre_session_token(&nonce), "the same nonce signs the same");
        assert_ne!(token, key.pre_session_token(&random_token()), "another nonce");
        assert_ne!(token, SigningKey::from_bytes(b"kunci lain").pre_session_token(&nonce));
        assert!(is_token(&nonce) && !is_token("abc") && !is_token(&"g".repeat(64)));
    }

    #[test]
    fn client_address_behind_a_trusted_proxy() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("10.0.0.2");
        let trusted = [proxy, ip("10.0.0.3")];
        let client = |peer: &str, xff: Option<&str>, trusted: &[IpAddr]| {
            client_ip(ip(peer), xff, trusted).to_string()
        };
        // No proxy configured, or the peer is not it: the header is ignored.
        assert_eq!(client("10.0.0.2", Some("203.0.113.7"), &[]), "10.0.0.2");
        assert_eq!(client("198.51.100.1", Some("203.0.113.7"), &trusted), "198.51.100.1");
        // From the proxy: the last untrusted address; forged entries to its left are ignored.
        assert_eq!(client("10.0.0.2", Some("203.0.113.7"), &trusted), "203.0.113.7");
        assert_eq!(client("10.0.0.2", Some("1.2.3.4, 203.0.113.7"), &trusted), "203.0.113.7");
        assert_eq!(
            client("10.0.0.2", Some("1.2.3.4, 203.0.113.7, 10.0.0.3"), &trusted),
            "203.0.113.7"
        );
        assert_eq!(client("10.0.0.2", Some(" 2001:db8::1 "), &trusted), "2001:db8::1");
        // Missing or malformed: the last trusted hop stands for the client.
        assert_eq!(client("10.0.0.2", None, &trusted), "10.0.0.2");
        assert_eq!(client("10.0.0.2", Some("junk"), &trusted), "10.0.0.2");
        assert_eq!(client("10.0.0.2", Some("203.0.113.7, 10.0.0.3, junk"), &trusted), "10.0.0.2");
    }

    #[test]
    fn tokens() {
        let t = random_token();
        assert_eq!(t.len(), 64);
        assert_ne!(t, random_token());
        assert_eq!(token_hash("abc").len(), 64);
        assert!(
            tokens_match("abc", "abc") && !tokens_match("abc", "abd") && !tokens_match("abc", "ab")
        );
    }
}
