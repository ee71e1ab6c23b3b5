//! Accept loop, TLS handshake, HTTP/1.1 serving, request recording, fault injection and
//! routing to the two halves.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

use crate::control;
use crate::discovery;
use crate::faults::{self, Endpoint, FaultAction, FaultContext};
use crate::microsoft;
use crate::request::Request;
use crate::signin_page;
use crate::state::Shared;
use crate::vbo;
use crate::vbo_errors;
use crate::wire::{html_escape, Reply};

/// Largest request body accepted (the assertion is a few kilobytes).
const MAX_BODY: usize = 1 << 20;

/// Where a path leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/{tenant}/oauth2/v2.0/devicecode`.
    DeviceCode(String),
    /// `/{tenant}/oauth2/v2.0/token`.
    MsToken(String),
    /// `/{tenant}/v2.0/.well-known/openid-configuration`.
    OpenIdConfiguration(String),
    /// `/{tenant}/discovery/v2.0/keys`.
    Keys(String),
    /// `/{tenant}/oauth2/v2.0/authorize` or `/logout` (listed in the metadata, not played).
    NotPlayed(&'static str),
    /// `/oidc/userinfo`.
    UserInfo,
    /// `/devicelogin`.
    SignIn,
    /// `/`: a small index page.
    Index,
    /// `/vN{rest}`.
    Vbo {
        /// API version number.
        version: u32,
        /// The path after `/vN` (may be empty).
        rest: String,
    },
    /// `/_sim/...`: the simulator's own control API.
    Control,
    /// Anything else.
    NotFound,
}

impl Route {
    /// Classifies a request path (without query).
    pub fn classify(path: &str) -> Route {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        if let [tenant, oauth2, v2, last] | [tenant, oauth2, v2, last, ""] = segments.as_slice() {
            if !tenant.is_empty()
                && oauth2.eq_ignore_ascii_case("oauth2")
                && v2.eq_ignore_ascii_case("v2.0")
            {
                if last.eq_ignore_ascii_case("devicecode") {
                    return Route::DeviceCode(tenant.to_string());
                }
                if last.eq_ignore_ascii_case("token") {
                    return Route::MsToken(tenant.to_string());
                }
                if last.eq_ignore_ascii_case("authorize") {
                    return Route::NotPlayed("the authorization-code flow");
                }
                if last.eq_ignore_ascii_case("logout") {
                    return Route::NotPlayed("browser sign-out");
                }
            }
        }
        let lower: Vec<String> = segments.iter().map(|s| s.to_ascii_lowercase()).collect();
        match lower
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [_, "v2.0", ".well-known", "openid-configuration"] => {
                return Route::OpenIdConfiguration(segments[0].to_string())
            }
            [_, "discovery", "v2.0", "keys"] => return Route::Keys(segments[0].to_string()),
            ["oidc", "userinfo"] => return Route::UserInfo,
            _ => {}
        }
        if path.eq_ignore_ascii_case("/devicelogin") || path.eq_ignore_ascii_case("/devicelogin/") {
            return Route::SignIn;
        }
        if path == "/" {
            return Route::Index;
        }
        if path.starts_with(control::PREFIX) {
            return Route::Control;
        }
        let first = segments[0];
        if first.len() >= 2 && first[..1].eq_ignore_ascii_case("v") {
            if let Ok(version) = first[1..].parse::<u32>() {
                if first[1..].bytes().all(|b| b.is_ascii_digit()) {
                    let rest = &path[1 + first.len()..];
                    return Route::Vbo {
                        version,
                        rest: rest.to_string(),
                    };
                }
            }
        }
        Route::NotFound
    }

    /// The fault-injection endpoint of this route.
    pub fn endpoint(&self) -> Option<Endpoint> {
        match self {
            Route::DeviceCode(_) => Some(Endpoint::DeviceCode),
            Route::MsToken(_) => Some(Endpoint::MsToken),
            Route::Vbo { rest, .. } => {
                let r = rest.to_ascii_lowercase();
                if r == "/token" || r == "/token/" {
                    Some(Endpoint::VboToken)
                } else {
                    Some(Endpoint::VboApi)
                }
            }
            Route::OpenIdConfiguration(_)
            | Route::Keys(_)
            | Route::NotPlayed(_)
            | Route::UserInfo
            | Route::SignIn
            | Route::Index
            | Route::Control
            | Route::NotFound => None,
        }
    }
}

/// Error that makes hyper drop the connection without answering.
#[derive(Debug)]
struct CloseConnection;

impl std::fmt::Display for CloseConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed by injected fault")
    }
}

impl std::error::Error for CloseConnection {}

/// Accepts connections until `shutdown` fires (or its sender is dropped).
pub async fn run(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Arc<rustls::ServerConfig>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let acceptor = TlsAcceptor::from(tls);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(serve_connection(shared.clone(), acceptor.clone(), stream));
                }
                // Out of descriptors or a reset before accept: back off briefly.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

async fn serve_connection(shared: Arc<Shared>, acceptor: TlsAcceptor, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let tls = match tokio::time::timeout(Duration::from_secs(15), acceptor.accept(stream)).await {
        Ok(Ok(tls)) => tls,
        _ => return,
    };
    let service = service_fn(move |req| handle(shared.clone(), req));
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .keep_alive(true)
        .serve_connection(TokioIo::new(tls), service)
        .await;
}

async fn handle(
    shared: Arc<Shared>,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, CloseConnection> {
    let at = Instant::now();
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let route = Route::classify(&path);
    let endpoint = route.endpoint();
    let (body, too_large) = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => (collected.to_bytes(), false),
        Err(e)
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            (Bytes::new(), true)
        }
        Err(_) => return Err(CloseConnection),
    };
    let request = Request::new(
        parts.method.as_str().to_string(),
        path,
        query,
        headers,
        body,
        endpoint == Some(Endpoint::VboToken),
        at,
    );
    if too_large {
        let reply = Reply::with_body(
            413,
            "text/plain; charset=utf-8",
            b"Request body too large.".to_vec(),
        );
        let seq = shared.record(request.record(endpoint));
        shared.answered(seq, reply.status);
        return Ok(to_response(reply));
    }
    if route == Route::Control {
        return Ok(to_response(control::handle(&shared, &request)));
    }
    let seq = shared.record(request.record(endpoint));
    match answer(&shared, &route, endpoint, &request).await {
        Some(reply) => {
            shared.answered(seq, reply.status);
            Ok(to_response(reply))
        }
        None => Err(CloseConnection),
    }
}

/// The reply to a recorded request, after any injected fault; `None` closes the connection
/// without answering.
async fn answer(
    shared: &Shared,
    route: &Route,
    endpoint: Option<Endpoint>,
    request: &Request,
) -> Option<Reply> {
    if let Some(endpoint) = endpoint {
        if let Some(fault) = shared.faults.pop(endpoint) {
            let ctx = FaultContext {
                request,
                vbo_version: error_version(shared, route),
                token_errors: shared.config.vbo_token_errors,
            };
            match faults::action_for(endpoint, &fault, &ctx) {
                FaultAction::Reply(reply) => return Some(reply),
                FaultAction::Delay(d) => tokio::time::sleep(d).await,
                FaultAction::Close => return None,
                FaultAction::SlowDown => return Some(microsoft::forced_slow_down(shared, request)),
                FaultAction::Patch(members) => {
                    let reply = dispatch(shared, route, request);
                    return Some(reply.patched(&members).unwrap_or_else(|reply| {
                        shared.faults.push_front(endpoint, fault);
                        reply
                    }));
                }
                FaultAction::Ignore => {}
            }
        }
    }
    Some(dispatch(shared, route, request))
}

/// The API version whose `RESTExceptionInfo` shape an error on this route uses.
fn error_version(shared: &Shared, route: &Route) -> u32 {
    match route {
        Route::Vbo { version, .. } if shared.config.serves_version(*version) => *version,
        _ => shared.config.newest_version(),
    }
}

fn dispatch(shared: &Shared, route: &Route, req: &Request) -> Reply {
    match route {
        Route::DeviceCode(tenant) => microsoft::devicecode(shared, req, tenant),
        Route::MsToken(tenant) => microsoft::token(shared, req, tenant),
        Route::OpenIdConfiguration(tenant) => discovery::openid_configuration(shared, req, tenant),
        Route::Keys(tenant) => discovery::keys(shared, req, tenant),
        Route::UserInfo => discovery::userinfo(shared, req),
        Route::NotPlayed(what) => discovery::not_played(what),
        Route::SignIn => signin_page::handle(shared, req),
        Route::Index => index(shared),
        Route::Control => control::handle(shared, req),
        Route::Vbo { version, rest } => {
            if !shared.config.serves_version(*version) {
                return vbo_errors::unserved_version(shared, *version, req);
            }
            match vbo::route(*version, rest) {
                Some(r) => vbo::handle(shared, *version, r, req),
                None => vbo_errors::no_route(shared, *version, req),
            }
        }
        Route::NotFound => {
            Reply::with_body(404, "text/plain; charset=utf-8", b"404 Not Found".to_vec())
        }
    }
}

fn index(shared: &Shared) -> Reply {
    let versions: Vec<String> = shared
        .config
        .versions
        .iter()
        .map(|v| format!("v{v}"))
        .collect();
    Reply::html(
        200,
        format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>VboMfaAuth simulator</title></head><body>\
<h1>VboMfaAuth simulator</h1><p>Microsoft identity platform (device code) and Veeam Backup for Microsoft 365 REST API ({}) on {}.</p>\
<p><a href=\"/devicelogin\">Sign-in page</a></p></body></html>\n",
            html_escape(&versions.join(", ")),
            html_escape(&shared.base_url)
        ),
    )
}

fn to_response(reply: Reply) -> hyper::Response<Full<Bytes>> {
    let mut builder = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        if let Ok(v) = hyper::header::HeaderValue::from_str(value) {
            builder = builder.header(name.as_str(), v);
        }
    }
    builder.body(Full::new(reply.body)).unwrap_or_else(|_| {
        let mut r = hyper::Response::new(Full::new(Bytes::new()));
        *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_paths() {
        assert_eq!(
            Route::classify("/contoso.onmicrosoft.com/oauth2/v2.0/devicecode"),
            Route::DeviceCode("contoso.onmicrosoft.com".into())
        );
        assert_eq!(
            Route::classify("/organizations/OAuth2/V2.0/Token"),
            Route::MsToken("organizations".into())
        );
        assert_eq!(
            Route::classify("/v8/token"),
            Route::Vbo {
                version: 8,
                rest: "/token".into()
            }
        );
        assert_eq!(
            Route::classify("/v8/token").endpoint(),
            Some(Endpoint::VboToken)
        );
        assert_eq!(
            Route::classify("/v7/token/logout").endpoint(),
            Some(Endpoint::VboApi)
        );
        assert_eq!(
            Route::classify("/v12/Organization").endpoint(),
            Some(Endpoint::VboApi)
        );
        assert_eq!(Route::classify("/devicelogin"), Route::SignIn);
        assert_eq!(Route::classify("/vx/token"), Route::NotFound);
        assert_eq!(Route::classify("/v+8/token"), Route::NotFound);
        assert_eq!(Route::classify("/foo"), Route::NotFound);
        assert_eq!(Route::classify("/"), Route::Index);
        assert_eq!(Route::classify("/_sim/faults"), Route::Control);
        assert_eq!(
            Route::classify("/Contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration"),
            Route::OpenIdConfiguration("Contoso.onmicrosoft.com".into())
        );
        assert_eq!(
            Route::classify("/organizations/discovery/v2.0/keys"),
            Route::Keys("organizations".into())
        );
        assert_eq!(Route::classify("/oidc/userinfo"), Route::UserInfo);
        assert_eq!(Route::classify("/_sim/faults").endpoint(), None);
    }
}
