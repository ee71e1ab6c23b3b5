//! Sending a request and reading its answer: bounded bodies, and the retry rule.

use super::reply::{Reply, MAX_BODY};
use super::transport_error::SendError;
use crate::failure::Failure;
use crate::redact::Redactor;
use crate::secret::wipe_bytes;
use reqwest::RequestBuilder;
use std::sync::Arc;
use std::time::Duration;

/// Longest `Retry-After` a retried call waits for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Sends the request once and reads the response (bounded). `host` names the server in
/// messages; `redactor` holds the secrets the request carries.
pub async fn send(
    request: RequestBuilder,
    host: &str,
    redactor: &Arc<Redactor>,
) -> Result<Reply, SendError> {
    let mut response = request
        .send()
        .await
        .map_err(|e| SendError::from_reqwest(&e, host))?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let announced = response.content_length();
    if announced.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(SendError::too_large(host));
    }
    // Sized once when the length is known: no reallocation leaves an unwiped copy behind.
    let mut body = Vec::with_capacity(announced.map_or(0, |n| n as usize));
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY {
                    wipe_bytes(&mut body);
                    return Err(SendError::too_large(host));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                wipe_bytes(&mut body);
                return Err(SendError::from_reqwest(&e, host));
            }
        }
    }
    Ok(Reply {
        status,
        headers,
        body,
        redactor: redactor.clone(),
    })
}

/// Whether a request may be sent again after it reached the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Sending it twice does no harm (GET, PUT, DELETE; asking for a device code): retried
    /// after 429, 502, 503 and 504.
    Idempotent,
    /// It may act twice (a token request spends a refresh token; POST starts a job): retried
    /// only after 429 and 503, which say it was not processed.
    NotIdempotent,
}

impl Retry {
    fn after_status(self, status: u16) -> bool {
        match self {
            Retry::Idempotent => matches!(status, 429 | 502 | 503 | 504),
            Retry::NotIdempotent => matches!(status, 429 | 503),
        }
    }
}

/// Sends with up to two retries: after a connection that was never established (the server
/// saw nothing), and after the statuses `retry` allows (honouring a `Retry-After` of up to
/// 30 s). A time-out or reset after the request went out is never retried: the server may
/// have acted on it (a refresh token may already be rotated). Each attempt sends a copy of
/// `request` (its body is in memory, so copying it is cheap).
pub async fn send_with_retry(
    request: RequestBuilder,
    host: &str,
    retry: Retry,
    redactor: &Arc<Redactor>,
) -> Result<Reply, Failure> {
    let mut attempt = 0u32;
    loop {
        let Some(copy) = request.try_clone() else {
            // A builder holding an error (or a streamed body): sent once as it is, and reqwest
            // reports what is wrong.
            return send(request, host, redactor).await.map_err(|e| e.failure);
        };
        let wait = match send(copy, host, redactor).await {
            Ok(reply) => {
                let retryable = retry.after_status(reply.status);
                if !retryable || attempt >= 2 {
                    return Ok(reply);
                }
                match reply.retry_after() {
                    Some(after) if after > MAX_RETRY_AFTER => return Ok(reply),
                    Some(after) => after,
                    None => backoff(attempt),
                }
            }
            Err(e) if e.not_connected && attempt < 2 => backoff(attempt),
            Err(e) => return Err(e.failure),
        };
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

/// `send_with_retry` on the library's runtime, for a caller that blocks until the answer is
/// back (and drives the runtime meanwhile: `runtime::block_on`).
pub fn send_blocking(
    request: RequestBuilder,
    host: &str,
    retry: Retry,
    redactor: &Arc<Redactor>,
) -> Result<Reply, Failure> {
    crate::runtime::block_on(send_with_retry(request, host, retry, redactor))
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500 * 2u64.pow(attempt))
}
