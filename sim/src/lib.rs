//! `vbomfa_sim`: a faithful simulator of the two servers a VBO tenant sign-in talks to —
//! the Microsoft identity platform device-code flow (`/{tenant}/oauth2/v2.0/...`) and the
//! Veeam Backup for Microsoft 365 REST API (`/vN/...`) — over HTTPS on 127.0.0.1, with a
//! sign-in page at `/devicelogin`, a fresh CA per instance, fault injection, request
//! recording, and a control API under `/_sim/` for tests in other processes. README.md
//! says for every behaviour whether it is observed from the real servers, RFC behaviour,
//! or invented.
//!
//! The server runs on its own OS thread with its own tokio runtime; the API is blocking.
//!
//! ```no_run
//! use vbomfa_sim::{SimConfig, Simulator};
//! let sim = Simulator::start(SimConfig::default()).unwrap();
//! println!("authority {} CA {}", sim.authority_url(), sim.ca_file().display());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod client;
mod config;
mod control;
mod dates;
mod discovery;
mod echo;
mod fault_json;
mod faults;
mod form;
mod ids;
mod microsoft;
mod ms_tokens;
mod request;
mod server;
mod signin_page;
mod signing;
mod state;
mod tls;
mod vbo;
mod vbo_errors;
mod vbo_token;
mod wire;

use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

use tokio::sync::oneshot;

pub use config::{
    numbered_tenants, Approval, SimConfig, SimTenant, UnservedVersionAnswer, VboTokenErrors,
    CONTOSO_TENANT_ID, DEFAULT_CONFIDENTIAL_CLIENT_ID, DEFAULT_PUBLIC_CLIENT_ID,
};
pub use faults::{EchoBody, EchoForm, Endpoint, Fault};
pub use request::RecordedRequest;

use state::{lock, Shared};

/// A running simulator. Dropping it stops the server, joins its thread and removes the CA
/// file.
pub struct Simulator {
    shared: Arc<Shared>,
    port: u16,
    ca_pem: String,
    ca_file: PathBuf,
    leaf_sha256_hex: String,
    leaf_sha1_thumbprint: String,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("base_url", &self.shared.base_url)
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// Binds 127.0.0.1:`config.port`, generates certificates, writes the CA file and starts
    /// serving on a background thread. Returns once the socket is bound.
    pub fn start(config: SimConfig) -> std::io::Result<Simulator> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", config.port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let certs = tls::generate(config.self_signed)?;
        let base_url = format!("https://127.0.0.1:{port}");

        let ca_file = std::env::temp_dir().join(format!(
            "vbomfa-sim-ca-{}-{port}-{}.pem",
            std::process::id(),
            ids::hex_lower(&ids::random_bytes(6))
        ));
        std::fs::write(&ca_file, certs.ca_pem.as_bytes())?;

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("vbomfa-sim-worker")
            .enable_all()
            .build();
        let runtime = match runtime {
            Ok(rt) => rt,
            Err(e) => {
                let _ = std::fs::remove_file(&ca_file);
                return Err(e);
            }
        };
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener)
        };
        let listener = match listener {
            Ok(l) => l,
            Err(e) => {
                let _ = std::fs::remove_file(&ca_file);
                return Err(e);
            }
        };

        let shared = Arc::new(Shared::new(config, base_url));
        let (tx, rx) = oneshot::channel();
        let server_shared = shared.clone();
        let tls_config = certs.server_config.clone();
        let thread = std::thread::Builder::new()
            .name(format!("vbomfa-sim-{port}"))
            .spawn(move || {
                runtime.block_on(server::run(listener, server_shared, tls_config, rx));
                runtime.shutdown_timeout(std::time::Duration::from_secs(1));
            });
        let thread = match thread {
            Ok(t) => t,
            Err(e) => {
                let _ = std::fs::remove_file(&ca_file);
                return Err(e);
            }
        };
        Ok(Simulator {
            shared,
            port,
            ca_pem: certs.ca_pem.clone(),
            ca_file,
            leaf_sha256_hex: certs.leaf_sha256_hex(),
            leaf_sha1_thumbprint: certs.leaf_sha1_thumbprint(),
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// `https://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// What a client uses instead of `https://login.microsoftonline.com` (= [`Self::base_url`]).
    pub fn authority_url(&self) -> String {
        self.base_url()
    }

    /// Base URL of the simulated VBO REST server (= [`Self::base_url`]).
    pub fn vbo_url(&self) -> String {
        self.base_url()
    }

    /// The bound TCP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// PEM of the certificate a client should trust: the simulator CA that signed the server
    /// certificate, or with `SimConfig::self_signed` the self-signed server certificate itself.
    pub fn ca_pem(&self) -> String {
        self.ca_pem.clone()
    }

    /// `ca_pem` written to a unique file under the temp directory (removed on drop).
    pub fn ca_file(&self) -> PathBuf {
        self.ca_file.clone()
    }

    /// Lowercase hex SHA-256 of the leaf certificate DER, no separators.
    pub fn leaf_sha256_hex(&self) -> String {
        self.leaf_sha256_hex.clone()
    }

    /// Uppercase hex SHA-1 of the leaf certificate DER, as Windows shows a thumbprint.
    pub fn leaf_sha1_thumbprint(&self) -> String {
        self.leaf_sha1_thumbprint.clone()
    }

    /// Gives the next `times` requests to `endpoint` this fault (FIFO per endpoint, after
    /// faults already queued).
    pub fn inject(&self, endpoint: Endpoint, fault: Fault, times: u32) {
        self.shared.faults.push(endpoint, fault, times);
    }

    /// Approves the pending flow with this user code, as a person on the sign-in page
    /// would (case, spaces and dashes ignored). False if unknown, expired or finished.
    pub fn approve(&self, user_code: &str) -> bool {
        lock(&self.shared.ms)
            .finish(user_code, true, Instant::now())
            .is_ok()
    }

    /// Declines the pending flow with this user code. False if unknown, expired or finished.
    pub fn decline(&self, user_code: &str) -> bool {
        lock(&self.shared.ms)
            .finish(user_code, false, Instant::now())
            .is_ok()
    }

    /// Every request received so far, in arrival order (faulted ones included; control API
    /// requests under `/_sim/` are not recorded).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.recorded).clone()
    }

    /// Forgets the requests recorded so far (like `POST /_sim/reset-requests`).
    pub fn reset_requests(&self) {
        self.shared.clear_record();
    }

    /// Base URL of the control API (`{base_url}/_sim`), for tests in another process.
    pub fn control_url(&self) -> String {
        format!("{}/_sim", self.shared.base_url)
    }

    /// The configuration the simulator was started with.
    pub fn config(&self) -> &SimConfig {
        &self.shared.config
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let _ = std::fs::remove_file(&self.ca_file);
    }
}
