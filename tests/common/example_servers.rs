//! The example servers (node, under `examples/`) on free loopback ports, for the tests of
//! the example konnector: the demo vendor site it scrapes, and the fake Cozy stack a node
//! run of it saves into. Each is killed when dropped.
//!
//! Konnectors reach the vendor by its name `demo-vendor.test`: kvm through
//! [`DemoVendor::kvm_args`], node through an HTTP proxy ([`DemoVendor::node_env`]; the site
//! answers proxy-form requests for its own name only).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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

/// `examples/fake-stack`, saving into `data` what a konnector run under node saves.
pub struct FakeStack {
    server: NodeServer,
    data: PathBuf,
}

impl FakeStack {
    /// The account is made from `config`'s `fields` (a konnector-dev-config.json).
    pub fn start(data: &Path, config: &Path) -> Self {
        let args = [
            "--data".as_ref(),
            data.as_os_str(),
            "--config".as_ref(),
            config.as_os_str(),
        ];
        FakeStack {
            server: NodeServer::start("examples/fake-stack/server.js", &args),
            data: data.to_path_buf(),
        }
    }

    pub fn data(&self) -> &Path {
        &self.data
    }

    /// The Cozy job environment of a konnector run against this stack.
    pub fn node_env(&self) -> Vec<(String, String)> {
        let fields =
            r#"{"account":"default_account_id","folder_to_save":"io.cozy.files.root-dir"}"#;
        vec![
            ("COZY_URL".into(), format!("http://{}/", self.server.addr)),
            ("COZY_CREDENTIALS".into(), "fake-stack-token".into()),
            ("COZY_FIELDS".into(), fields.into()),
        ]
    }
}
