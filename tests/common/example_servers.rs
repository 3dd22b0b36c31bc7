//! The example servers (node, under `examples/`) on free loopback ports, for the tests of
//! the example konnector: the demo vendor site it scrapes, and kvm's local Cozy served on
//! loopback for a node run of it to save into. Each stops when dropped.
//!
//! Konnectors reach the vendor by its name `demo-vendor.test`: kvm through
//! [`DemoVendor::kvm_args`], node through an HTTP proxy ([`DemoVendor::node_env`]; the site
//! answers proxy-form requests for its own name only).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use kvm::cozy::{KonnectorJob, LocalCozy};

/// The name konnectors use for the vendor (`BASE_URL` in examples/demo-konnector/src).
pub const VENDOR_HOST: &str = "demo-vendor.test";

/// A node server started with `--port 0`, which prints `listening on URL` first.
struct NodeServer {
    child: Child,
    addr: SocketAddr,
}

impl NodeServer {
    fn start(script: &str, args: &[&std::ffi::OsStr]) -> Self {
        let mut child = Command::new("node")
            .arg(super::top().join(script))
            .args(args)
            .args(["--port", "0"])
            // Its stdin is a pipe: if this process dies without dropping us, it stops.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("node 20 runs the example servers (see README)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on http://127.0.0.1:")
            .and_then(|port| port.parse::<u16>().ok());
        let Some(port) = port else {
            let _ = child.kill();
            panic!("{script} did not start: its first line was {line:?}");
        };
        NodeServer {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }
}

impl Drop for NodeServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `examples/demo-vendor`, the site the demo konnector scrapes.
pub struct DemoVendor(NodeServer);

impl DemoVendor {
    pub fn start() -> Self {
        DemoVendor(NodeServer::start("examples/demo-vendor/server.js", &[]))
    }

    /// Its loopback address, e.g. for `--allow`.
    pub fn addr(&self) -> SocketAddr {
        self.0.addr
    }

    /// The kvm flags that send `http://demo-vendor.test` here and allow only this server.
    pub fn kvm_args(&self) -> Vec<String> {
        let addr = self.addr();
        vec![
            "--resolve".into(),
            format!("{VENDOR_HOST}:80:127.0.0.1"),
            "--connect-to".into(),
            format!("{VENDOR_HOST}:80:127.0.0.1:{}", addr.port()),
            "--allow".into(),
            addr.to_string(),
        ]
    }

    /// The environment that sends a node konnector's `request` calls for
    /// `http://demo-vendor.test` here: this server as HTTP proxy, except for `no_proxy`
    /// (e.g. the Cozy's host). cozy-client's own calls (node-fetch) ignore proxies.
    pub fn node_env(&self, no_proxy: &str) -> Vec<(String, String)> {
        vec![
            ("HTTP_PROXY".into(), format!("http://{}", self.addr())),
            ("NO_PROXY".into(), no_proxy.into()),
        ]
    }
}

/// kvm's local Cozy (`kvm::cozy`) served on loopback, for a node run of the demo konnector
/// to save into what a kvm run saves into in-process: the account and folder made as
/// `kvm --local` makes them from the manifest and `fields`.
pub struct ServedCozy {
    _runtime: tokio::runtime::Runtime,
    data: PathBuf,
    url: String,
    token: String,
    cozy_fields: serde_json::Value,
}

impl ServedCozy {
    pub fn start(data: &Path, fields: serde_json::Map<String, serde_json::Value>) -> Self {
        let manifest = super::top().join("examples/demo-konnector/manifest.konnector");
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(manifest).unwrap()).unwrap();
        let text = |key: &str| manifest[key].as_str().unwrap().to_string();
        let (runtime, listener) = loopback_listener();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let cozy = LocalCozy::open(data, &url).unwrap().with_app(text("slug"));
        let job = KonnectorJob {
            slug: text("slug"),
            name: text("name"),
            fields,
        };
        let cozy_fields = cozy.prepare(&job).unwrap();
        let cozy = Arc::new(cozy);
        let token = cozy.token().to_string();
        runtime.spawn(kvm::cozy::serve(listener, cozy));
        ServedCozy {
            _runtime: runtime,
            data: data.to_path_buf(),
            url,
            token,
            cozy_fields,
        }
    }

    pub fn data(&self) -> &Path {
        &self.data
    }

    /// The Cozy job environment of a konnector run against this stack.
    pub fn node_env(&self) -> Vec<(String, String)> {
        vec![
            ("COZY_URL".into(), self.url.clone()),
            ("COZY_CREDENTIALS".into(), self.token.clone()),
            ("COZY_FIELDS".into(), self.cozy_fields.to_string()),
        ]
    }
}

/// A one-thread tokio runtime and a listener on a free loopback port, for a test server
/// the test drives itself.
pub fn loopback_listener() -> (tokio::runtime::Runtime, tokio::net::TcpListener) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    (runtime, listener)
}
