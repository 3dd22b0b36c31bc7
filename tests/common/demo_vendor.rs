//! The demo vendor site (`examples/demo-vendor/server.js`, node) on a free loopback port,
//! for the tests of the example konnector. Clients reach it by its name
//! `demo-vendor.test`: kvm through [`DemoVendor::kvm_args`], node through an HTTP proxy
//! ([`DemoVendor::node_env`]; the site answers proxy-form requests for its own name only).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The name konnectors use for the site (`BASE_URL` in examples/demo-konnector/src).
pub const HOST: &str = "demo-vendor.test";

/// A running demo vendor; killed when dropped.
pub struct DemoVendor {
    child: Child,
    addr: SocketAddr,
}

impl DemoVendor {
    pub fn start() -> Self {
        let mut child = Command::new("node")
            .arg(server_js())
            .args(["--port", "0"])
            // Its stdin is a pipe: if this process dies without dropping us, the site stops.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("node 20 runs the demo vendor (see README)");
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
            panic!("the demo vendor did not start: its first line was {line:?}");
        };
        DemoVendor {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }

    /// Its loopback address, e.g. for `--allow`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The kvm flags that send `http://demo-vendor.test` here and allow only this server.
    pub fn kvm_args(&self) -> Vec<String> {
        let port = self.addr.port();
        vec![
            "--resolve".into(),
            format!("{HOST}:80:127.0.0.1"),
            "--connect-to".into(),
            format!("{HOST}:80:127.0.0.1:{port}"),
            "--allow".into(),
            self.addr.to_string(),
        ]
    }

    /// The environment that sends a node konnector's `request` calls to
    /// `http://demo-vendor.test` here: this server as its HTTP proxy, except for `no_proxy`
    /// (e.g. the Cozy's host), which `request` reaches directly.
    pub fn node_env(&self, no_proxy: &str) -> Vec<(String, String)> {
        vec![
            ("HTTP_PROXY".into(), format!("http://{}", self.addr)),
            ("NO_PROXY".into(), no_proxy.into()),
        ]
    }
}

impl Drop for DemoVendor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server_js() -> PathBuf {
    super::top().join("examples/demo-vendor/server.js")
}
