//! Embeds the JavaScript sources of `js-shims/` in the binary (DESIGN §1):
//! a run needs no file besides the konnector itself. Generates a sorted table `(name, source)`
//! where `name` is the path under the folder without `.js` (`internal/bootstrap`, `util`).

use std::{
    env, fs,
    path::{Path, PathBuf},
};

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

fn table(name: &str, dir: &Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    let mut code = format!("pub static {name}: &[(&str, &str)] = &[\n");
    for (key, path) in files {
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({key:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    code
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let top = manifest.parent().expect("runtime/ sits in the workspace");
    let code = table("SHIMS", &top.join("js-shims"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it")).join("embedded_js.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
