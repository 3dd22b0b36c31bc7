//! Compiles the JavaScript of `js-shims/` to QuickJS bytecode and embeds it in the binary
//! (DESIGN §1): a run needs no file besides the konnector itself and parses no shim.
//! Generates a sorted table `(name, bytecode)` where `name` is the path under the folder
//! without `.js` (`internal/bootstrap`, `util`).
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

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|ext| ext == "js") {
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .with_extension("");
            out.push((rel.to_string_lossy().replace('\\', "/"), path));
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

/// The bytecode of shim `name`: its source wrapped in its module function, named
/// `node:<name>` in stacks.
fn compile(context: &Context, name: &str, path: &Path) -> Vec<u8> {
    let source =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let wrapped = bytecode::wrap(&source, params(name));
    context.with(|ctx| {
        bytecode::compile(&ctx, &wrapped, &format!("node:{name}"))
            .and_then(|compiled| bytecode::write(&ctx, &compiled))
            .catch(&ctx)
            .unwrap_or_else(|e| panic!("compiling {}: {e}", path.display()))
    })
}

fn table(name: &str, dir: &Path, out_dir: &Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
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
    let code = table("SHIMS", &top.join("js-shims"), &shims_dir);
    let out = out_dir.join("embedded_js.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
