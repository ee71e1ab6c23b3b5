//! The `/devicelogin` sign-in page, where a person types the user code and approves or
//! declines (the simulator's stand-in for microsoft.com/devicelogin).

use std::time::Instant;

use crate::form;
use crate::microsoft::FinishError;
use crate::request::Request;
use crate::state::{lock, Shared};
use crate::wire::{html_escape, Reply};

/// Page title.
pub const TITLE: &str = "Sign in — VboMfaAuth simulator";

fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{TITLE}</title>\
<style>body{{font-family:Segoe UI,Helvetica,Arial,sans-serif;max-width:32em;margin:3em auto;padding:0 1em;color:#1b1b1b}}\
input{{font-size:1.3em;letter-spacing:.15em;padding:.3em;width:12em;text-transform:uppercase}}\
button{{font-size:1em;padding:.5em 1.2em;margin:.8em .5em 0 0}}.err{{color:#a80000}}.ok{{color:#107c10}}\
.note{{color:#666;font-size:.85em;margin-top:2em}}</style></head>\n<body>\n{body}\n\
<p class=\"note\">This is the VboMfaAuth simulator, not Microsoft. Nothing you type here leaves this computer.</p>\n</body></html>\n"
    )
}

fn form_page(message: &str, code: &str) -> String {
    page(&format!(
        "<h1>Enter code</h1>\n{message}<p>Enter the code displayed on your app or device.</p>\n\
<form method=\"post\" action=\"/devicelogin\">\n\
<label for=\"user_code\">Code</label><br>\n\
<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" autofocus value=\"{}\"><br>\n\
<button type=\"submit\" name=\"action\" value=\"approve\">Approve</button>\
<button type=\"submit\" name=\"action\" value=\"decline\">Decline</button>\n</form>",
        html_escape(code)
    ))
}

/// `GET /devicelogin` (an `otc` query parameter pre-fills the code) and `POST /devicelogin`
/// (form `user_code`, `action=approve|decline`).
pub fn handle(shared: &Shared, req: &Request) -> Reply {
    match req.method.as_str() {
        "GET" | "HEAD" => {
            let prefill = req
                .query
                .as_deref()
                .map(|q| form::parse_form(q.as_bytes()))
                .and_then(|p| p.into_iter().find(|(k, _)| k == "otc").map(|(_, v)| v))
                .unwrap_or_default();
            Reply::html(200, form_page("", &prefill))
        }
        "POST" => submit(shared, req),
        _ => Reply::html(405, page("<h1>Method not allowed</h1>")).header("allow", "GET, POST"),
    }
}

fn submit(shared: &Shared, req: &Request) -> Reply {
    let code = req.params.get("user_code").unwrap_or("").to_string();
    let approve = match req
        .params
        .get("action")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("approve") => true,
        Some("decline") => false,
        _ => {
            return Reply::html(
                400,
                form_page("<p class=\"err\">Choose Approve or Decline.</p>", &code),
            )
        }
    };
    if code.trim().is_empty() {
        return Reply::html(
            200,
            form_page("<p class=\"err\">Please enter the code.</p>", ""),
        );
    }
    let result = lock(&shared.ms).finish(&code, approve, Instant::now());
    match result {
        Ok(tenant) => {
            let t = &shared.config.tenants[tenant];
            let (headline, text) = if approve {
                (
                    "You're signed in",
                    format!(
                        "{} signed in to {}. You can close this window and return to your application.",
                        html_escape(&t.user),
                        html_escape(&t.domain)
                    ),
                )
            } else {
                (
                    "Sign-in declined",
                    "You declined the sign-in request. You can close this window.".to_string(),
                )
            };
            Reply::html(
                200,
                page(&format!("<h1 class=\"ok\">{headline}</h1>\n<p>{text}</p>")),
            )
        }
        Err(e) => {
            let msg = match e {
                FinishError::Unknown => {
                    "That code wasn't recognized. Check the code and try again."
                }
                FinishError::Expired => {
                    "That code has expired. Go back to your application and start over to get a new code."
                }
                FinishError::AlreadyFinished => {
                    "That code has already been used. Go back to your application and start over to get a new code."
                }
            };
            Reply::html(
                200,
                form_page(&format!("<p class=\"err\">{msg}</p>"), &code),
            )
        }
    }
}
