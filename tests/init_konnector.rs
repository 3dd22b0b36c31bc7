//! `kvm init` makes a konnector that runs as made (issue 8): its `src/index.js` over kvm's
//! own cozy-konnector-libs, with no npm install nor build, signs in to a vendor shaped as
//! the template expects and saves its bills with their PDFs into the local Cozy. The
//! vendor is a tiny server this test starts on loopback; the konnector reaches it by name
//! through `--resolve`/`--connect-to` and one `--allow`, its BASE_URL the only line changed.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;

use common::{Dir, KvmCmd};
use serde_json::Value;

const HOST: &str = "template-vendor.test";
const LOGIN: &str = "me@example.com";
const PASSWORD: &str = "p4ssw0rd";
const CSRF: &str = "csrf-5f1a9c";
const SESSION: &str = "sid=session-7e2b";

/// The bills the vendor lists: (date, amount as shown, number).
const BILLS: [(&str, &str, &str); 2] = [
    ("2024-02-05", "12,50", "B-0002"),
    ("2024-01-05", "9,90", "B-0001"),
];

fn pdf(number: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% invoice {number}\n%%EOF\n").into_bytes()
}

/// The vendor `kvm init`'s template is written for: `/login` (a form with a hidden CSRF
/// token; a wrong password shows `.error`), `/bills` (`table.bills`, one row per bill with
/// `.date`, `.amount`, `.number` and a link to its PDF), the PDFs. Pages past the sign-in
/// need its session cookie. One thread per connection, each closed after one answer.
struct TemplateVendor {
    addr: SocketAddr,
}

impl TemplateVendor {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        // The thread ends with the test process; it holds no state to clean up.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || serve(stream));
            }
        });
        TemplateVendor { addr }
    }

    /// The kvm flags that send `http://template-vendor.test` here and allow only this.
    fn kvm_args(&self) -> Vec<String> {
        vec![
            "--resolve".into(),
            format!("{HOST}:80:127.0.0.1"),
            "--connect-to".into(),
            format!("{HOST}:80:127.0.0.1:{}", self.addr.port()),
            "--allow".into(),
            self.addr.to_string(),
        ]
    }
}

fn serve(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let (mut length, mut cookie) = (0, String::new());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((&line, ""));
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "cookie" => cookie = value.trim().to_string(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let mut parts = request_line.split(' ');
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let signed_in = cookie.split("; ").any(|c| c == SESSION);
    let (status, headers, body) = answer(method, path, signed_in, &body);
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    let _ = stream.write_all(format!("{head}\r\n").as_bytes());
    let _ = stream.write_all(&body);
}

type Answer = (&'static str, Vec<(&'static str, String)>, Vec<u8>);

fn answer(method: &str, path: &str, signed_in: bool, body: &[u8]) -> Answer {
    let html = |page: String| {
        let headers = vec![("Content-Type", "text/html; charset=utf-8".to_string())];
        ("200 OK", headers, page.into_bytes())
    };
    let to_login = || {
        (
            "302 Found",
            vec![("Location", "/login".to_string())],
            vec![],
        )
    };
    match (method, path) {
        ("GET", "/login") => html(login_form("")),
        ("POST", "/login") => {
            let form: Vec<(String, String)> =
                url::form_urlencoded::parse(body).into_owned().collect();
            let field = |name: &str| {
                form.iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            };
            let accepted = field("csrf") == Some(CSRF)
                && field("login") == Some(LOGIN)
                && field("password") == Some(PASSWORD);
            if !accepted {
                return html(login_form(
                    r#"<p class="error">Wrong login or password</p>"#,
                ));
            }
            let (status, mut headers, page) = html("<p>Welcome</p>".into());
            headers.push(("Set-Cookie", format!("{SESSION}; Path=/; HttpOnly")));
            (status, headers, page)
        }
        ("GET", "/bills") if signed_in => html(bills_page()),
        ("GET", pdf_path) if signed_in && pdf_path.starts_with("/bills/") => {
            let number = pdf_path["/bills/".len()..].trim_end_matches(".pdf");
            match BILLS.iter().find(|(_, _, n)| *n == number) {
                Some(_) => (
                    "200 OK",
                    vec![("Content-Type", "application/pdf".to_string())],
                    pdf(number),
                ),
                None => ("404 Not Found", vec![], b"no such bill".to_vec()),
            }
        }
        ("GET", _) if !signed_in => to_login(),
        _ => ("404 Not Found", vec![], b"not found".to_vec()),
    }
}

fn login_form(error: &str) -> String {
    format!(
        r#"<html><body>{error}<form method="post" action="/login">
<input type="hidden" name="csrf" value="{CSRF}">
<input name="login"><input type="password" name="password">
<button>Sign in</button></form></body></html>"#
    )
}

fn bills_page() -> String {
    let rows: String = BILLS
        .iter()
        .map(|(date, amount, number)| {
            format!(
                r#"<tr><td class="date">{date}</td><td class="amount">{amount}</td><td class="number">{number}</td><td><a href="/bills/{number}.pdf">PDF</a></td></tr>"#
            )
        })
        .collect();
    format!(
        r#"<html><body><table class="bills"><thead><tr><th>Date</th></tr></thead>
<tbody>{rows}</tbody></table></body></html>"#
    )
}

/// `kvm init FOLDER`, then BASE_URL pointed at the test's vendor by name.
fn scaffold(dir: &Dir) -> std::path::PathBuf {
    let folder = dir.path().join("acme-energy");
    KvmCmd::new()
        .arg("init")
        .arg(&folder)
        .output()
        .assert_code(0);
    let index = folder.join("src/index.js");
    let source = std::fs::read_to_string(&index).unwrap();
    let template_url = "const BASE_URL = 'https://www.example.com'";
    assert!(source.contains(template_url), "{source}");
    let source = source.replace(template_url, &format!("const BASE_URL = 'http://{HOST}'"));
    std::fs::write(&index, source).unwrap();
    folder
}

/// Runs the scaffolded konnector with `password` into the local Cozy in `data`.
fn run(folder: &Path, password: &str, data: &Path, vendor: &TemplateVendor) -> common::Run {
    KvmCmd::new()
        .arg(folder)
        .arg("--local")
        .arg(data)
        .arg("--fields")
        .arg(serde_json::json!({"login": LOGIN, "password": password}).to_string())
        .args(vendor.kvm_args())
        .args(["--timeout", "60", "--log-format", "json"])
        .output()
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                found.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_scaffolded_konnector_saves_its_bills_with_no_build_step() {
    let vendor = TemplateVendor::start();
    let dir = Dir::new();
    let folder = scaffold(&dir);
    assert!(!folder.join("node_modules").exists());
    let data = dir.path().join("data");
    let run = run(&folder, PASSWORD, &data, &vendor);
    run.assert_code(0);
    let infos: Vec<String> = run
        .records()
        .iter()
        .filter(|r| r["type"] == "info")
        .map(|r| r["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        infos.starts_with(&[
            "Signing in".to_string(),
            "Fetching the bills".to_string(),
            "Saving 2 bills".to_string()
        ]),
        "{}",
        run.describe()
    );

    let imported: Value =
        serde_json::from_slice(&std::fs::read(data.join("importedData.json")).unwrap()).unwrap();
    let mut bills: Vec<(String, f64, String)> = imported["io.cozy.bills"]
        .as_array()
        .expect("bills saved")
        .iter()
        .map(|bill| {
            assert_eq!(bill["vendor"], "acme-energy", "{bill}");
            assert_eq!(bill["currency"], "EUR", "{bill}");
            (
                bill["vendorRef"].as_str().unwrap().to_string(),
                bill["amount"].as_f64().unwrap(),
                bill["date"].as_str().unwrap()[..10].to_string(),
            )
        })
        .collect();
    bills.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        bills,
        [
            ("B-0001".to_string(), 9.9, "2024-01-05".to_string()),
            ("B-0002".to_string(), 12.5, "2024-02-05".to_string()),
        ]
    );

    let pdfs: Vec<String> = files_under(&data)
        .into_iter()
        .filter(|path| path.ends_with(".pdf"))
        .collect();
    assert_eq!(
        pdfs,
        [
            "Administrative/Acme Energy/2024-01-05_acme-energy_B-0001.pdf",
            "Administrative/Acme Energy/2024-02-05_acme-energy_B-0002.pdf",
        ]
    );
    for (path, number) in pdfs.iter().zip(["B-0001", "B-0002"]) {
        // The vendor serves a PDF only with the session cookie: the jar went along.
        assert_eq!(
            std::fs::read(data.join(path)).unwrap(),
            pdf(number),
            "{path}"
        );
    }
}

#[test]
fn a_scaffolded_konnector_ends_with_login_failed_on_a_wrong_password() {
    let vendor = TemplateVendor::start();
    let dir = Dir::new();
    let folder = scaffold(&dir);
    let data = dir.path().join("data");
    let run = run(&folder, "wrong", &data, &vendor);
    run.assert_code(1);
    let last = run.records().last().cloned().unwrap();
    assert_eq!(
        (last["type"].as_str(), last["message"].as_str()),
        (Some("critical"), Some("LOGIN_FAILED")),
        "{}",
        run.describe()
    );
    assert!(!data.join("importedData.json").exists(), "nothing saved");
}
