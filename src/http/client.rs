//! The connection pools: one `reqwest::Client` per transport configuration, built on first use.

use crate::failure::Failure;
use crate::options::{ProxySetting, TransportOptions};
use crate::status::Status;
use crate::tls;
use once_cell::sync::Lazy;
use reqwest::Client;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

static CLIENTS: Lazy<Mutex<HashMap<TransportOptions, Client>>> =
    Lazy::new(|| Mutex::new(HashMap::new()));

/// The pooled client for these settings and this server.
///
/// The system's proxy (settings or HTTP(S)_PROXY) is never used for a loopback server: a
/// proxy would reach its own loopback, never ours. An explicit `proxy` URL is always used.
pub fn client_for(transport: &TransportOptions, host: &str) -> Result<Client, Failure> {
    let bypass;
    let transport = if transport.proxy == ProxySetting::System && crate::url::is_loopback(host) {
        bypass = TransportOptions {
            proxy: ProxySetting::Disabled,
            ..transport.clone()
        };
        &bypass
    } else {
        transport
    };
    let mut clients = CLIENTS
        .lock()
        .map_err(|_| Failure::new(Status::Internal, "The client cache lock is poisoned."))?;
    if let Some(client) = clients.get(transport) {
        return Ok(client.clone());
    }
    let client = build_client(transport)?;
    clients.insert(transport.clone(), client.clone());
    Ok(client)
}

fn build_client(t: &TransportOptions) -> Result<Client, Failure> {
    let config = tls::client_config(&t.tls)
        .map_err(|why| Failure::invalid(format!("The TLS options cannot be used: {why}.")))?;
    let _runtime = crate::runtime::enter();
    let mut builder = Client::builder()
        .use_preconfigured_tls(config)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(t.timeout)
        .connect_timeout(t.connect_timeout)
        .user_agent(t.user_agent.clone())
        .pool_idle_timeout(Duration::from_secs(60));
    builder = match &t.proxy {
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
