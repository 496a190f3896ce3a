//! Accepting connections within bounds, so that no client can exhaust the server.
//!
//! `axum::serve` accepts every connection and waits forever for a request's headers: 20,000
//! half-sent requests used up the process's file descriptors and `/healthz` stopped answering.
//! Here every connection
//! - counts against a total limit and a limit per client address (an IPv6 client by its /64,
//!   which one subscriber usually holds whole); over either, it is closed at once, and the
//!   trusted reverse proxies, which carry many clients, count only against the total;
//! - must send its request headers within [`ConnectionLimits::header_timeout`] (hyper's header
//!   read timeout, which also closes a keep-alive connection that sits idle that long).
//!
//! Whole requests are bounded in time by `tower_http`'s timeout layers in [`crate::router`].

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How many connections, from whom, and how long a client may take to send its headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections at most, from everyone together.
    pub max_connections: usize,
    /// Open connections at most from one client address (trusted proxies excepted).
    pub max_per_client: usize,
    /// Time a client has to send a request's headers (and that a kept-alive connection may
    /// stay idle).
    pub header_timeout: Duration,
}

impl Default for ConnectionLimits {
    /// 4,096 connections (well under the usual 20,000+ file descriptors of a service), 128 per
    /// address (a school or office behind one NAT address still gets in), 10 s for the headers
    /// (a slow phone sends them in well under a second).
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 4096,
            max_per_client: 128,
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// The key a client's connections are counted under: its address, or its /64 for IPv6.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::from([s[0], s[1], s[2], s[3], 0, 0, 0, 0])
            }
        },
    }
}

/// Open connections per client key.
#[derive(Debug, Default, Clone)]
struct PerClient(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One open connection of a client; dropping it gives the place back.
struct ClientSlot {
    table: PerClient,
    key: IpAddr,
}

impl PerClient {
    /// A place for one more connection of `key`, unless it already has `limit`.
    fn enter(&self, key: IpAddr, limit: usize) -> Option<ClientSlot> {
        let mut map = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let open = map.entry(key).or_insert(0);
        if *open >= limit {
            return None;
        }
        *open += 1;
        Some(ClientSlot { table: self.clone(), key })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut map = self.table.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(open) = map.get_mut(&self.key) {
            *open = open.saturating_sub(1);
            if *open == 0 {
                map.remove(&self.key);
            }
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes, then lets the open
/// connections finish their requests.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    trusted_proxies: Vec<IpAddr>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let total = Arc::new(Semaphore::new(limits.max_connections));
    let per_client = PerClient::default();
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors or a connection reset before accept: wait a little
                    // rather than spin, and go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = total.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "connection refused: server at its connection limit");
            continue;
        };
        let slot = if trusted_proxies.contains(&peer.ip()) {
            None
        } else {
            match per_client.enter(client_key(peer.ip()), limits.max_per_client) {
                Some(slot) => Some(slot),
                None => {
                    tracing::warn!(%peer, "connection refused: client at its connection limit");
                    continue;
                }
            }
        };
        let app = app.clone();
        let service = TowerToHyperService::new(tower::util::MapRequest::new(
            app,
            move |mut req: axum::extract::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                req
            },
        ));
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop((permit, slot));
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_counted_by_address_and_ipv6_by_its_64() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(client_key(ip("203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(client_key(ip("2001:db8:1:2:bbbb::9")), ip("2001:db8:1:2::"));
        assert_eq!(client_key(ip("::ffff:198.51.100.4")), ip("198.51.100.4"));
    }

    #[test]
    fn a_client_gets_its_limit_and_its_places_back() {
        let table = PerClient::default();
        let a = "198.51.100.1".parse().unwrap();
        let b = "198.51.100.2".parse().unwrap();
        let first = table.enter(a, 2);
        let second = table.enter(a, 2);
        assert!(first.is_some() && second.is_some());
        assert!(table.enter(a, 2).is_none(), "a third connection is refused");
        assert!(table.enter(b, 2).is_some(), "another client is not affected");
        drop(first);
        assert!(table.enter(a, 2).is_some(), "a closed connection frees its place");
        drop(second);
    }
}
