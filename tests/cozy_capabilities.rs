//! The Cozy as host capabilities (issue 8): a konnector on kvm's own cozy-konnector-libs
//! saves through host calls that check its manifest's `permissions` and confine files to
//! its folder, with the stack token kept out of its `process.env`; bundles and bare scripts
//! still get the token. Run in local mode (the in-process local Cozy) and in stack mode
//! (`kvm::cozy::serve` on loopback, which checks the token).

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{Dir, KvmCmd, Run};
use kvm::cozy::{KonnectorJob, LocalCozy};
use serde_json::{json, Value};

const SLUG: &str = "capdemo";
const MANIFEST: &str = r#"{
  "slug": "capdemo", "name": "Cap Demo", "version": "1.0.0",
  "permissions": {
    "accounts": {"type": "io.cozy.accounts"},
    "bills": {"type": "io.cozy.bills"},
    "files": {"type": "io.cozy.files"}
  }
}"#;
const FOLDER: &str = "/Administrative/Cap Demo";

/// Saves a bill with its PDF, then tries a doctype the manifest does not grant, a folder
/// beside its own, and a file outside its folder; prints each refusal's code and message.
const KONNECTOR: &str = r#"
const { BaseKonnector, updateOrCreate, mkdirp, saveFiles } = require('cozy-konnector-libs');

async function refused(what, attempt) {
  try {
    await attempt();
    console.log(what, 'allowed');
  } catch (e) {
    console.log(what, e.code, e.message);
  }
}

module.exports = new BaseKonnector(async function start(fields) {
  console.log('token in env:', 'COZY_CREDENTIALS' in process.env, 'url in env:', 'COZY_URL' in process.env);
  await this.saveBills(
    [{ amount: 12, date: new Date('2024-01-15T00:00:00Z'), vendor: 'Cap', vendorRef: 'R1',
       filename: 'bill-2024-01.pdf', filestream: Buffer.from('%PDF-1.4 cap') }],
    fields,
    { identifiers: ['cap'], sourceAccountIdentifier: fields.login, fileIdAttributes: ['vendorRef'] }
  );
  await refused('doctype', () => updateOrCreate([{ a: 1 }], 'io.cozy.x', ['a']));
  await refused('folder', () => mkdirp('/Administrative/Cap Demo-evil'));
  await saveFiles([{ filename: 'outside.pdf', filestream: 'x' }], { folderPath: '/Elsewhere' }, {});
});
"#;

fn konnector() -> Dir {
    let dir = Dir::new();
    dir.write("manifest.konnector", MANIFEST);
    dir.write("index.js", KONNECTOR);
    dir
}

/// The line the script printed starting with `prefix`.
fn line<'a>(messages: &'a str, prefix: &str) -> &'a str {
    messages
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line {prefix:?} in:\n{messages}"))
}

/// What every run of [`KONNECTOR`] must show and have saved in the Cozy's folder `data`.
fn assert_capabilities(run: &Run, data: &Path) {
    run.assert_code(0);
    let messages = run.messages();
    assert_eq!(
        line(&messages, "token in env:"),
        "token in env: false url in env: true"
    );

    let doctype = line(&messages, "doctype ");
    assert!(
        doctype.starts_with("doctype ERR_ACCESS_DENIED GET io.cozy.x is not allowed")
            && doctype.contains("manifest.konnector `permissions` do not grant it"),
        "{doctype}"
    );
    let folder = line(&messages, "folder ");
    assert!(
        folder.starts_with("folder ERR_ACCESS_DENIED")
            && folder.contains(&format!("is outside the run's folder {FOLDER}")),
        "{folder}"
    );
    // saveFiles reports a file it could not save as a warning, as the real library does.
    let outside = run
        .records()
        .into_iter()
        .filter_map(|r| r["message"].as_str().map(str::to_owned))
        .find(|m| m.starts_with("unknown file download error"))
        .unwrap_or_else(|| panic!("no saveFiles warning: {}", run.describe()));
    assert!(
        outside.contains(&format!(
            "\"/Elsewhere\" is outside the run's folder {FOLDER}"
        )),
        "{outside}"
    );
    assert!(!data.join("Elsewhere").exists());
    assert!(!data.join("Administrative/Cap Demo-evil").exists());

    // What was granted was saved.
    let docs: Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("importedData.json")).unwrap())
            .unwrap();
    let bills = docs["io.cozy.bills"].as_array().unwrap();
    assert_eq!(bills.len(), 1, "{bills:?}");
    assert_eq!(bills[0]["amount"], 12);
    assert_eq!(bills[0]["cozyMetadata"]["createdByApp"], SLUG);
    assert!(bills[0]["invoice"]
        .as_str()
        .unwrap()
        .starts_with("io.cozy.files:"));
    assert!(docs.get("io.cozy.x").is_none());
    assert_eq!(
        std::fs::read(data.join("Administrative/Cap Demo/bill-2024-01.pdf")).unwrap(),
        b"%PDF-1.4 cap"
    );
}

#[test]
fn in_local_mode_granted_operations_work_and_the_rest_is_denied() {
    let k = konnector();
    k.write(
        "konnector-dev-config.json",
        r#"{"fields": {"login": "ada"}}"#,
    );
    let run = KvmCmd::new()
        .arg(k.path())
        .args(["--timeout", "60"])
        .output();
    assert_capabilities(&run, &k.path().join("data"));
}

/// The local Cozy on loopback, as the stack; prepared for the konnector's job.
struct Stack {
    runtime: tokio::runtime::Runtime,
    data: Dir,
    url: String,
    cozy: Arc<LocalCozy>,
    fields: Value,
}

impl Stack {
    fn start() -> Stack {
        let (runtime, listener) = common::example_servers::loopback_listener();
        let data = Dir::new();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let cozy = Arc::new(LocalCozy::open(data.path(), &url).unwrap().with_app(SLUG));
        let job = KonnectorJob {
            slug: SLUG.into(),
            name: "Cap Demo".into(),
            fields: json!({"login": "ada"}).as_object().unwrap().clone(),
        };
        let fields = cozy.prepare(&job).unwrap();
        runtime.spawn(kvm::cozy::serve(listener, cozy.clone()));
        Stack {
            runtime,
            data,
            url,
            cozy,
            fields,
        }
    }

    fn run(&self, konnector: &Path, token: &str) -> Run {
        KvmCmd::new()
            .arg(konnector)
            .args(["--timeout", "60"])
            .env("COZY_URL", &self.url)
            .env("COZY_CREDENTIALS", token)
            .env("COZY_FIELDS", &self.fields.to_string())
            .output()
    }
}

#[test]
fn in_stack_mode_the_host_calls_the_stack_with_the_token_the_isolate_never_sees() {
    let stack = Stack::start();
    let k = konnector();
    let run = stack.run(k.path(), stack.cozy.token());
    assert_capabilities(&run, stack.data.path());

    // The served Cozy checks the token the host sends: with a wrong one, the first
    // capability call (reading the account) gets the stack's 401, and nothing is saved.
    let again = Stack::start();
    let run = again.run(k.path(), "not-the-token");
    assert_ne!(run.code(), 0, "{}", run.describe());
    assert!(
        run.stdout().contains("Invalid JWT token"),
        "{}",
        run.describe()
    );
    assert!(!again.data.path().join("importedData.json").exists());

    // A bare script against the same stack still gets the token, as under node.
    let bare = Dir::new();
    let script = bare.write(
        "bare.js",
        &format!(
            "console.log(String(process.env.COZY_CREDENTIALS === '{}'));",
            stack.cozy.token()
        ),
    );
    let run = stack.run(&script, stack.cozy.token());
    run.assert_code(0);
    assert_eq!(run.messages(), "true\n");
    drop(stack.runtime);
}

/// What the konnector at `path` (a folder or a file) prints, run in local mode.
fn sees_token(path: &Path) -> String {
    sees_token_with(path, &[])
}

fn sees_token_with(path: &Path, options: &[&str]) -> String {
    let data = Dir::new();
    let run = KvmCmd::new()
        .arg(path)
        .args(options)
        .args(["--fields", r#"{"login": "ada"}"#, "--local"])
        .arg(data.path())
        .output();
    run.assert_code(0);
    run.messages()
}

#[test]
fn only_an_unbundled_konnector_on_kvms_library_goes_without_the_token() {
    let dir = Dir::new();
    let print = "console.log(String('COZY_CREDENTIALS' in process.env));";
    let uses = format!("require('cozy-konnector-libs');\n{print}");
    // Without a manifest, its capabilities grant nothing, and say why.
    let library = dir.write(
        "library/index.js",
        &format!(
            "{uses}\nrequire('cozy-konnector-libs').updateOrCreate([{{ a: 1 }}], 'io.cozy.bills', ['a'])\n\
             .catch((e) => console.log(e.code, e.message));"
        ),
    );
    let printed = sees_token(&library);
    let (token, denied) = printed.split_once('\n').unwrap();
    assert_eq!(token, "false");
    assert!(
        denied.starts_with(
            "ERR_ACCESS_DENIED GET io.cozy.bills is not allowed: the konnector has no \
             manifest.konnector"
        ),
        "{printed}"
    );
    let bare = dir.write("bare/index.js", print);
    assert_eq!(sees_token(&bare), "true\n");
    // webpack's runtime: a bundle carries its own library and client.
    let bundle = dir.write(
        "bundle/index.js",
        &format!("function __webpack_require__(id) {{}}\n{uses}"),
    );
    assert_eq!(sees_token(&bundle), "true\n");
    // A konnector shipping its own copy gets it, and the token that copy needs.
    dir.write("own/index.js", &uses);
    dir.write("own/node_modules/cozy-konnector-libs/index.js", "");
    assert_eq!(sees_token(&dir.path().join("own")), "true\n");
}

/// The konnector's code only decides by default: a hostile one can look like a bundle (or
/// hide its require) to get the token, so the host can withhold it from any konnector.
#[test]
fn the_host_withholds_the_token_whatever_the_konnector_looks_like() {
    let dir = Dir::new();
    let print = "console.log(String('COZY_CREDENTIALS' in process.env));";
    let disguised = dir.write(
        "disguised/index.js",
        &format!(
            "// __webpack_require__
require('cozy-' + 'konnector-libs');
{print}"
        ),
    );
    assert_eq!(sees_token(&disguised), "true\n");
    assert_eq!(
        sees_token_with(&disguised, &["--withhold-token"]),
        "false\n"
    );
}
