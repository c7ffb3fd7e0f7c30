//! Serving the router over TCP with hyper's timers, so that no client can hold the server:
//! a request's headers must arrive within `header_read_timeout` (the same timer closes an idle
//! keep-alive connection), headers are capped in size, and at shutdown the requests in flight
//! get `shutdown_grace` to finish before the process moves on regardless.
//!
//! `axum::serve` gives hyper no timer: a client sending a header byte a second was never cut
//! off, a thousand half-sent requests held 500 MB, and one slow client kept SIGTERM from ending
//! the process (issue 13).

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::Settings;

/// The limits a connection lives under.
#[derive(Debug, Clone, Copy)]
pub struct ServeLimits {
    /// Time to send a request's headers, and the longest a keep-alive connection stays idle.
    pub header_read_timeout: Duration,
    /// What requests in flight get at shutdown.
    pub shutdown_grace: Duration,
    /// hyper's read buffer, which bounds a request's headers (431 past it).
    pub max_header_bytes: usize,
}

impl ServeLimits {
    pub fn from_settings(settings: &Settings) -> ServeLimits {
        ServeLimits {
            header_read_timeout: Duration::from_secs(settings.header_read_timeout_secs.max(1)),
            shutdown_grace: Duration::from_secs(settings.shutdown_grace_secs),
            max_header_bytes: MAX_HEADER_BYTES,
        }
    }
}

/// hyper's hard cap on a request's head (431 without a body past it). Below it, the router's
/// `limit_request_head` answers a head over 8 KB of target or 16 KB of headers with the error
/// envelope; browsers stay far under both.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// How serving ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drained {
    /// Every connection finished its request within the grace period.
    All,
    /// The grace period ran out with this many connections still open; they are cut.
    CutOff(usize),
}

/// Accepts connections until `shutdown` completes, then stops accepting, lets each connection
/// finish the request it has begun (idle ones close at once) and waits at most the grace period.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()>,
) -> Drained {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_header_bytes);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(limits.header_read_timeout))
        .keep_alive_timeout(limits.header_read_timeout);
    let graceful = GracefulShutdown::new();
    let open = std::sync::Arc::new(());
    tokio::pin!(shutdown);
    loop {
        // Shutdown first: a stream of new connections never keeps the signal waiting.
        let (stream, remote) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY");
        }
        let service =
            app.clone()
                .map_request(move |mut request: Request<hyper::body::Incoming>| {
                    request
                        .extensions_mut()
                        .insert(ConnectInfo::<SocketAddr>(remote));
                    request
                });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        let alive = open.clone();
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %remote, "connection ended with an error");
            }
            drop(alive);
        });
    }
    drop(listener);
    tracing::info!("shutting down: no new connections; finishing the requests in flight");
    tokio::select! {
        () = graceful.shutdown() => Drained::All,
        () = tokio::time::sleep(limits.shutdown_grace) => {
            let left = std::sync::Arc::strong_count(&open) - 1;
            tracing::warn!(left, grace_secs = limits.shutdown_grace.as_secs(), "grace period over: open connections are cut");
            Drained::CutOff(left)
        }
    }
}
