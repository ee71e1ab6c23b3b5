//! The connection pools. A pool (a `reqwest::Client`) is kept per combination of what needs
//! separate connections: certificate trust, proxy and connect time limit. The request time
//! limit and the `User-Agent` are applied per request, so calls that differ only in those
//! share a pool. At most `MAX_POOLS` pools are kept; the least recently used goes first.
//!
//! After `fork()` the pools of the parent are forgotten in the child, never dropped there:
//! dropping one could send a TLS close_notify on a socket the parent still uses.

use crate::failure::Failure;
use crate::options::{ProxySetting, TlsOptions, TransportOptions};
use crate::status::Status;
use crate::tls;
use crate::url::BaseUrl;
use once_cell::sync::Lazy;
use reqwest::header::{HeaderValue, USER_AGENT};
use reqwest::{Client, IntoUrl, Method, RequestBuilder};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How many pools are kept at most.
const MAX_POOLS: usize = 32;

/// What makes connections differ.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PoolKey {
    tls: TlsOptions,
    proxy: ProxySetting,
    connect_timeout: Duration,
}

struct Pools {
    /// The process these pools belong to.
    pid: u32,
    /// Pools with the tick of their last use.
    entries: Vec<(PoolKey, Client, u64)>,
    tick: u64,
}

static POOLS: Lazy<Mutex<Pools>> = Lazy::new(|| {
    Mutex::new(Pools {
        pid: crate::ffi::process_id(),
        entries: Vec::new(),
        tick: 0,
    })
});

fn pools() -> MutexGuard<'static, Pools> {
    let mut pools = POOLS.lock().unwrap_or_else(|p| p.into_inner());
    if pools.pid != crate::ffi::process_id() {
        // A forked child: the parent's pools hold the parent's connections.
        std::mem::forget(std::mem::take(&mut pools.entries));
        pools.pid = crate::ffi::process_id();
    }
    pools
}

/// A pooled client and the per-request settings of one call.
#[derive(Clone)]
pub struct Connection {
    client: Client,
    timeout: Duration,
    user_agent: HeaderValue,
}

impl Connection {
    /// A request to `url` with this call's time limit and `User-Agent`.
    pub fn request(&self, method: Method, url: impl IntoUrl) -> RequestBuilder {
        self.client
            .request(method, url)
            .timeout(self.timeout)
            .header(USER_AGENT, self.user_agent.clone())
    }
}

/// The connection for these settings and this server.
///
/// A loopback server is never reached through the system's proxy (settings or
/// HTTP(S)_PROXY: a proxy would reach its own loopback, never ours), and a plain-http one
/// (allowed for loopback only) never through any proxy, since the proxy would see the
/// tokens. An explicit `proxy` URL is used for https servers.
pub fn client_for(transport: &TransportOptions, server: &BaseUrl) -> Result<Connection, Failure> {
    let direct = server.is_plain_http()
        || (transport.proxy == ProxySetting::System && crate::url::is_loopback(server.host()));
    let proxy = if direct {
        &ProxySetting::Disabled
    } else {
        &transport.proxy
    };
    let user_agent = HeaderValue::from_str(&transport.user_agent)
        .map_err(|_| Failure::invalid("Option 'user_agent' must be non-empty printable ASCII."))?;
    Ok(Connection {
        client: pooled(&transport.tls, proxy, transport.connect_timeout)?,
        timeout: transport.timeout,
        user_agent,
    })
}

/// The pool for these settings: found by comparing them in place (the key, certificates
/// included, is copied only when a pool is built).
fn pooled(
    tls: &TlsOptions,
    proxy: &ProxySetting,
    connect_timeout: Duration,
) -> Result<Client, Failure> {
    let mut pools = pools();
    pools.tick += 1;
    let tick = pools.tick;
    if let Some(entry) = pools.entries.iter_mut().find(|(k, _, _)| {
        k.connect_timeout == connect_timeout && k.proxy == *proxy && k.tls == *tls
    }) {
        entry.2 = tick;
        return Ok(entry.1.clone());
    }
    let key = PoolKey {
        tls: tls.clone(),
        proxy: proxy.clone(),
        connect_timeout,
    };
    let client = build_client(&key)?;
    if pools.entries.len() >= MAX_POOLS {
        if let Some(oldest) = (0..pools.entries.len()).min_by_key(|&i| pools.entries[i].2) {
            pools.entries.swap_remove(oldest);
        }
    }
    pools.entries.push((key, client.clone(), tick));
    Ok(client)
}

fn build_client(key: &PoolKey) -> Result<Client, Failure> {
    let config = tls::client_config(&key.tls)
        .map_err(|why| Failure::invalid(format!("The TLS options cannot be used: {why}.")))?;
    let _runtime = crate::runtime::enter();
    let mut builder = Client::builder()
        .use_preconfigured_tls(config)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(key.connect_timeout)
        .pool_idle_timeout(Duration::from_secs(60));
    builder = match &key.proxy {
        ProxySetting::System => builder,
        ProxySetting::Disabled => builder.no_proxy(),
        ProxySetting::Url(url) => builder.proxy(
            reqwest::Proxy::all(url)
                .map_err(|_| Failure::invalid("Option 'proxy' is not a usable proxy URL."))?,
        ),
    };
    builder.build().map_err(|e| {
        Failure::new(
            Status::Internal,
            format!(
                "The HTTP client could not be built ({}).",
                super::transport_error::root_cause(&e)
            ),
        )
    })
}
