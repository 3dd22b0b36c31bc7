//! The `kvm` command line (clap) and its conversion into a [`RunSpec`], tested without
//! spawning anything. The library never names clap.

use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

use super::host_args::HostArgs;
use super::local;
use super::net_args::PolicyArgs;
use super::worker::WorkerArgs;
use crate::net::policy::Allowances;
use crate::run::spec::{Backend, JobEnv, RunSpec, Secret, Traffic};

const EXAMPLES: &str = "\
Examples:
  kvm script.js                          run a konnector script (same as `kvm run script.js`)
  kvm run examples/hello/index.js --report report.json
  kvm script.js --fields '{\"login\":\"me\",\"password\":\"secret\"}' --timeout 60
  kvm script.js --fields @fields.json --log-format json -- extra args for the script

Exit status:
  0  the run succeeded
  1  the run failed (uncaught error, `error`/`critical` log line, non-zero exit code)
  2  usage error (unknown option, missing file, invalid JSON)
  3  the run hit its time limit (--timeout)
  4  the run hit its heap limit (--max-heap)";

#[derive(Debug, Parser)]
#[command(
    name = "kvm",
    version,
    about = "Runs Cozy konnectors in sandboxed JavaScript isolates",
    long_about = "Runs Cozy konnectors (Node.js scripts) in sandboxed QuickJS isolates: the script \
sees only the COZY_* job environment, a capped heap and a deadline.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a konnector script (the default command: `kvm script.js` is `kvm run script.js`)
    #[command(after_help = EXAMPLES)]
    Run(Box<RunArgs>),
    /// Inspect the network policy
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Replay a konnector's recording and compare what it saved with its snapshot
    ///
    /// Runs KONNECTOR with --replay CASSETTE into a local Cozy in a temporary folder and
    /// compares the saved data (documents per doctype, with ids, revisions and dates of the
    /// run redacted; files by path, size and md5) with SNAPSHOT. Exit status 0 when they
    /// match, 1 with a unified diff when they differ, the snapshot is missing or the run
    /// failed. The account fields are the recording's placeholders unless --fields or
    /// --config gives them; every `kvm run` option applies.
    #[command(after_help = TEST_EXAMPLES)]
    Test(Box<TestArgs>),
    /// Make a new konnector folder: manifest, package.json, src/index.js, dev config, README
    Init {
        /// The folder to make; its name is the konnector's slug
        #[arg(value_name = "NAME")]
        name: PathBuf,
    },
    /// Run konnectors for a host process: requests on stdin, events on stdout (JSON lines)
    Worker(Box<WorkerArgs>),
}

const TEST_EXAMPLES: &str = "\
Examples:
  kvm run my-konnector --record my-konnector/fixtures/cassette.har   record once, for real
  kvm test my-konnector --update      write my-konnector/fixtures/snapshot.json
  kvm test my-konnector               replay and compare (what CI runs)";

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub run: RunArgs,

    /// The recording to replay [default: KONNECTOR/fixtures/cassette.har]
    #[arg(long, value_name = "FILE.har")]
    pub cassette: Option<PathBuf>,

    /// The snapshot of the saved data [default: KONNECTOR/fixtures/snapshot.json]
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,

    /// Write the snapshot from this run instead of comparing with it
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line: the Cozy stack's protocol
    Json,
    /// One readable line per record, coloured on a terminal
    Pretty,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// The konnector: a script (.js, .cjs, .mjs) or a folder (package.json main, else index.js)
    pub script: PathBuf,

    /// Arguments passed to the script (process.argv.slice(2)), after `--`
    #[arg(last = true)]
    pub args: Vec<String>,

    /// Account fields as JSON, or @FILE to read them from a file [COZY_FIELDS]
    #[arg(
        long,
        value_name = "JSON|@FILE",
        env = "COZY_FIELDS",
        hide_env_values = true
    )]
    pub fields: Option<String>,

    /// Konnector parameters as JSON, or @FILE [COZY_PARAMETERS]
    #[arg(
        long,
        value_name = "JSON|@FILE",
        env = "COZY_PARAMETERS",
        hide_env_values = true
    )]
    pub parameters: Option<String>,

    /// Job payload as JSON, or @FILE [COZY_PAYLOAD]
    #[arg(
        long,
        value_name = "JSON|@FILE",
        env = "COZY_PAYLOAD",
        hide_env_values = true
    )]
    pub payload: Option<String>,

    /// URL of the Cozy instance [COZY_URL]
    #[arg(long, value_name = "URL", env = "COZY_URL", hide_env_values = true)]
    pub url: Option<String>,

    /// Token for the Cozy stack's API [COZY_CREDENTIALS]
    #[arg(
        long,
        value_name = "TOKEN",
        env = "COZY_CREDENTIALS",
        hide_env_values = true
    )]
    pub credentials: Option<String>,

    /// Job id [COZY_JOB_ID]
    #[arg(long, value_name = "ID", env = "COZY_JOB_ID", hide_env_values = true)]
    pub job_id: Option<String>,

    /// Locale, e.g. fr [COZY_LOCALE]
    #[arg(
        long,
        value_name = "LOCALE",
        env = "COZY_LOCALE",
        hide_env_values = true
    )]
    pub locale: Option<String>,

    #[command(flatten)]
    pub host: HostArgs,

    /// Output format of the log [default: pretty on a terminal, else json]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,

    /// Write the run report (JSON) to FILE
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Save into the local Cozy in DIR [default DIR: data/ in the konnector's folder]
    ///
    /// The local Cozy answers the stack's API in-process: documents go to
    /// DIR/importedData.json, files under DIR by their Cozy path. It is the default unless
    /// both --url and --credentials are given. Put it after the konnector.
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub local: Option<Option<PathBuf>>,

    /// The dev config: {"COZY_URL", "fields", "parameters"}, comments allowed
    /// [default: konnector-dev-config.json in the konnector's folder, if any]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Never put COZY_CREDENTIALS in the konnector's process.env
    ///
    /// A konnector on kvm's own cozy-konnector-libs never gets the token anyway (its main
    /// module requires the library and it ships no copy); this makes it the host's rule, so a
    /// konnector cannot choose otherwise. It then reaches the Cozy only through kvm's library.
    #[arg(long)]
    pub withhold_token: bool,

    /// Record every exchange (the Cozy's excepted) to FILE, a HAR 1.2 file
    ///
    /// Written when the run ends, with secrets replaced by placeholders: the values of the
    /// account fields ([REDACTED:login]) and COZY_CREDENTIALS; Authorization credentials,
    /// token headers, cookie values, token keys (access_token, password…) and the values of
    /// --redact names ([REDACTED-1], the same secret always the same one).
    #[arg(long, value_name = "FILE.har", conflicts_with = "replay")]
    pub record: Option<PathBuf>,

    /// Answer every request (the Cozy's excepted) from FILE, recorded with --record
    ///
    /// Nothing is sent. A request is matched by method, URL (query in any order) and body,
    /// repeats in recorded order; one that matches no recorded request fails with
    /// ERR_REPLAY_UNMATCHED and the run ends with REPLAY_UNMATCHED.
    #[arg(long, value_name = "FILE.har")]
    pub replay: Option<PathBuf>,

    /// With --record, also redact the values under NAME: a header, a query or form
    /// parameter, or a JSON property at any depth (repeatable)
    #[arg(long, value_name = "NAME", requires = "record")]
    pub redact: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// For each URL, say whether a konnector may reach it and at which addresses
    ///
    /// Resolves names as a run would, sends no request. One line per URL:
    /// `allow <url> -> <addresses>` or `deny <url>: <rule>`. Exit status 0 when every URL
    /// is allowed, 3 when any is denied, 2 on usage errors.
    #[command(
        after_help = "Examples:\n  kvm policy check https://www.vendor.example/login http://169.254.169.254/\n  kvm policy check --allow 127.0.0.1:8080 http://127.0.0.1:8080/"
    )]
    Check {
        /// URLs to check
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,

        /// URL of the Cozy instance, whose origin is allowed [COZY_URL]
        #[arg(long, value_name = "URL", env = "COZY_URL", hide_env_values = true)]
        url: Option<String>,

        #[command(flatten)]
        policy: PolicyArgs,
    },
}

/// Inserts the default subcommand: `kvm script.js` means `kvm run script.js`.
pub fn with_default_command(mut argv: Vec<String>) -> Vec<String> {
    const LEAVE: [&str; 10] = [
        "run",
        "policy",
        "test",
        "init",
        "worker",
        "help",
        "-h",
        "--help",
        "-V",
        "--version",
    ];
    if argv.get(1).is_some_and(|a| !LEAVE.contains(&a.as_str())) {
        argv.insert(1, "run".into());
    }
    argv
}

/// Reads `JSON` or `@FILE` into a JSON value, naming the option on error.
fn json_arg(option: &str, raw: &Option<String>) -> Result<Option<Value>> {
    let Some(raw) = raw else { return Ok(None) };
    let text = match raw.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("{option}: cannot read {path}"))?,
        None => raw.clone(),
    };
    let value = serde_json::from_str(&text).with_context(|| format!("{option}: invalid JSON"))?;
    Ok(Some(value))
}

/// `COZY_TIME_LIMIT`, the stack's time limit for the job in seconds.
pub(super) fn time_limit() -> Result<Option<u64>> {
    env_var("COZY_TIME_LIMIT")
        .map(|v| {
            v.parse::<u64>()
                .with_context(|| format!("COZY_TIME_LIMIT: not a number of seconds: {v:?}"))
        })
        .transpose()
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl RunArgs {
    pub fn to_spec(&self) -> Result<RunSpec> {
        if !self.script.exists() {
            bail!("{}: no such file or folder", self.script.display());
        }
        let folder = local::konnector_folder(&self.script);
        let config = local::DevConfig::find(self.config.as_deref(), &folder)?;
        let from_config =
            |pick: fn(&local::DevConfig) -> Option<Value>| config.as_ref().and_then(pick);
        let mut env = JobEnv {
            cozy_url: self.url.clone(),
            credentials: self.credentials.clone().map(Secret),
            fields: json_arg("--fields", &self.fields)?
                .or_else(|| from_config(|c| c.fields.clone())),
            parameters: json_arg("--parameters", &self.parameters)?
                .or_else(|| from_config(|c| c.parameters.clone())),
            payload: json_arg("--payload", &self.payload)?,
            language: env_var("COZY_LANGUAGE"),
            locale: self.locale.clone(),
            time_limit: time_limit()?,
            job_id: self.job_id.clone(),
            trigger_id: env_var("COZY_TRIGGER_ID"),
            manual_execution: env_var("COZY_JOB_MANUAL_EXECUTION").map(|v| v == "true"),
        };
        let backend = local::backend(
            &local::Choice {
                script: &self.script,
                local: self.local.as_ref().map(Option::as_deref),
                config: config.as_ref(),
                config_given: config.is_some(),
            },
            &env,
        )?;
        if let Backend::Local(local) = &backend {
            env.cozy_url = Some(local.url.clone());
        }
        if let Some(url) = &env.cozy_url {
            Allowances::default()
                .allow_stack_origin(url)
                .with_context(|| format!("--url / COZY_URL: {url} cannot be the stack's origin"))?;
        }
        Ok(RunSpec {
            args: self.args.clone(),
            env,
            backend,
            traffic: self.traffic(),
            withhold_token: self.withhold_token,
            ..RunSpec::new(&self.script)
        })
    }

    fn traffic(&self) -> Traffic {
        match (&self.record, &self.replay) {
            (Some(har), _) => Traffic::Record {
                har: har.clone(),
                redact: self.redact.clone(),
            },
            (None, Some(har)) => Traffic::Replay { har: har.clone() },
            (None, None) => Traffic::Live,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> RunArgs {
        let argv = with_default_command(args.iter().map(|s| s.to_string()).collect());
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Run(run) => *run,
            other => panic!("not a run: {other:?}"),
        }
    }

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn script_alone_means_run() {
        let run = parse(&["kvm", "a.js", "--", "x", "--y"]);
        assert_eq!(run.script, PathBuf::from("a.js"));
        assert_eq!(run.args, ["x", "--y"]);
        assert_eq!(parse(&["kvm", "--max-heap", "8", "b.js"]).host.max_heap, 8);
        assert_eq!(parse(&["kvm", "b.js"]).host.max_disk, 100);
        assert_eq!(parse(&["kvm", "--max-disk", "1", "b.js"]).host.max_disk, 1);
        assert_eq!(
            parse(&["kvm", "run", "--max-heap", "8", "b.js"])
                .host
                .max_heap,
            8
        );
        assert_eq!(
            with_default_command(vec!["kvm".into(), "--help".into()]),
            ["kvm", "--help"]
        );
        assert_eq!(
            with_default_command(vec!["kvm".into(), "worker".into()]),
            ["kvm", "worker"]
        );
    }

    #[test]
    fn json_options_are_checked_and_read_from_files() {
        assert!(json_arg("--fields", &Some("{bad".into()))
            .unwrap_err()
            .to_string()
            .contains("--fields: invalid JSON"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        std::fs::write(&path, r#"{"login":"me"}"#).unwrap();
        let value = json_arg("--fields", &Some(format!("@{}", path.display()))).unwrap();
        assert_eq!(value.unwrap()["login"], "me");
    }
}
