//! Compiles the JavaScript of `js-shims/` and `konnector-lib/` to QuickJS bytecode and
//! embeds it in the binary (DESIGN §1): a run needs no file besides the konnector itself and
//! parses no shim. Generates one sorted table `(name, bytecode)` where `name` is the path
//! under `js-shims/` without `.js` (`internal/bootstrap`, `util`), or under `konnector-lib/`
//! with that prefix (`konnector-lib/index`).
//!
//! The bytecode is written by the same rquickjs version the runtime links (a build
//! dependency with the same requirement, so Cargo.lock resolves both to one version) and by
//! the same code (`src/engine/bytecode.rs`, included below); QuickJS refuses bytecode of
//! another format version when reading, so a mismatch fails loudly, never silently.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

use rquickjs::{CatchResultExt, Context, Runtime};

// Only compiling and writing are used here; the runtime reads and runs.
#[allow(dead_code)]
#[path = "src/engine/bytecode.rs"]
mod bytecode;

fn collect(root: &Path, prefix: &str, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, prefix, &path, out);
        } else if path.extension().is_some_and(|ext| ext == "js") {
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .with_extension("");
            let name = rel.to_string_lossy().replace('\\', "/");
            out.push((format!("{prefix}{name}"), path));
        }
    }
}

/// The parameters a shim's function takes: the bootstrap gets the host's ops and the run's
/// data (`engine/event_loop.rs` calls it so), every other shim is a CommonJS module.
fn params(name: &str) -> &'static str {
    if name == "internal/bootstrap" {
        "ops, data"
    } else {
        bytecode::CJS_PARAMS
    }
}

/// How stacks name the file of shim `name`: `node:util` for Node's built-ins, `kvm:` for
/// kvm's own library (the bootstrap's `requireShim` gives modules the same ids).
fn file_name(name: &str) -> String {
    let scheme = if name.starts_with("konnector-lib/") {
        "kvm"
    } else {
        "node"
    };
    format!("{scheme}:{name}")
}

/// The bytecode of shim `name`: its source wrapped in its module function, named
/// [`file_name`] in stacks.
fn compile(context: &Context, name: &str, path: &Path) -> Vec<u8> {
    let source =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let wrapped = bytecode::wrap(&source, params(name));
    context.with(|ctx| {
        bytecode::compile(&ctx, &wrapped, &file_name(name))
            .and_then(|compiled| bytecode::write(&ctx, &compiled))
            .catch(&ctx)
            .unwrap_or_else(|e| panic!("compiling {}: {e}", path.display()))
    })
}

/// The table `name` of every `.js` file under each `(folder, prefix)` of `dirs`.
fn table(name: &str, dirs: &[(PathBuf, &str)], out_dir: &Path) -> String {
    let mut files = Vec::new();
    for (dir, prefix) in dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
        collect(dir, prefix, dir, &mut files);
    }
    files.sort();
    let runtime = Runtime::new().expect("a QuickJS runtime");
    let context = Context::full(&runtime).expect("a QuickJS context");
    let mut code = format!("pub static {name}: &[(&str, &[u8])] = &[\n");
    for (key, path) in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let compiled = out_dir.join(format!("{}.qbc", key.replace('/', "__")));
        fs::write(&compiled, compile(&context, &key, &path))
            .unwrap_or_else(|e| panic!("writing {}: {e}", compiled.display()));
        code.push_str(&format!(
            "    ({key:?}, include_bytes!({:?})),\n",
            compiled.display().to_string()
        ));
    }
    code.push_str("];\n");
    code
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let top = manifest.parent().expect("runtime/ sits in the workspace");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it"));
    let shims_dir = out_dir.join("shims");
    fs::create_dir_all(&shims_dir)
        .unwrap_or_else(|e| panic!("creating {}: {e}", shims_dir.display()));
    let dirs = [
        (top.join("js-shims"), ""),
        (top.join("konnector-lib"), "konnector-lib/"),
    ];
    let code = table("SHIMS", &dirs, &shims_dir);
    let out = out_dir.join("embedded_js.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
