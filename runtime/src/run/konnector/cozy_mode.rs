//! Whether the run's stack token may enter the isolate (issue 8, "capabilities, not
//! credentials"). A konnector written against kvm's own cozy-konnector-libs reaches the
//! Cozy only through host capabilities, so it never needs the token: `COZY_CREDENTIALS` is
//! kept out of its `process.env`. Bundles and scripts that bring their own client (or none)
//! still get it, as under the stack's node.

use super::Konnector;

/// How the run's konnector reaches the Cozy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CozyMode {
    /// Through kvm's cozy-konnector-libs: the token stays in the host.
    Capabilities,
    /// With the token in `COZY_CREDENTIALS`, as under node.
    Credentials,
}

const LIBRARY: &str = "cozy-konnector-libs";

/// Capabilities when the main module is not a webpack bundle, requires (or imports)
/// `cozy-konnector-libs`, and the konnector has no copy of it in a `node_modules` between
/// its main module and its root (the copy would be served instead of kvm's).
pub fn cozy_mode(konnector: &Konnector) -> CozyMode {
    let Ok(bytes) = konnector
        .source
        .read(&konnector.entry.display().to_string())
    else {
        return CozyMode::Credentials;
    };
    let text = String::from_utf8_lossy(&bytes);
    if is_webpack_bundle(&text) || !requires_library(&text) || ships_library(konnector) {
        CozyMode::Credentials
    } else {
        CozyMode::Capabilities
    }
}

/// webpack's runtime names its module table and loader so in every bundle it emits.
fn is_webpack_bundle(text: &str) -> bool {
    text.contains("__webpack_require__") || text.contains("__webpack_modules__")
}

/// `require('cozy-konnector-libs')` (any quote, spaces allowed), `import ... from` it or
/// `import(` it; a mention in a string or a comment elsewhere does not count.
fn requires_library(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find(LIBRARY) {
        let before = &rest[..at];
        let after = &rest[at + LIBRARY.len()..];
        let quote = before.chars().next_back();
        let closed = quote.is_some_and(|q| matches!(q, '\'' | '"' | '`') && after.starts_with(q));
        if closed {
            let lead = before[..before.len() - 1].trim_end();
            let call = lead
                .strip_suffix('(')
                .map(str::trim_end)
                .is_some_and(|l| l.ends_with("require") || l.ends_with("import"));
            if call || lead.ends_with("from") || lead.ends_with("import") {
                return true;
            }
        }
        rest = after;
    }
    false
}

fn ships_library(konnector: &Konnector) -> bool {
    let root = konnector.root();
    let start = konnector.entry.parent().unwrap_or(root);
    start
        .ancestors()
        .take_while(|dir| dir.starts_with(root))
        .any(|dir| {
            let copy = dir.join("node_modules").join(LIBRARY).display().to_string();
            let source = &konnector.source;
            source.kind(&copy).is_some() || source.kind(&format!("{copy}.js")).is_some()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_and_imports_count_mentions_do_not() {
        for text in [
            "const { BaseKonnector } = require('cozy-konnector-libs')",
            "const libs = require ( \"cozy-konnector-libs\" );",
            "import { BaseKonnector } from 'cozy-konnector-libs'",
            "import {\n  saveBills,\n} from\n  \"cozy-konnector-libs\";",
            "const libs = await import(`cozy-konnector-libs`)",
        ] {
            assert!(requires_library(text), "{text}");
        }
        for text in [
            "// uses cozy-konnector-libs",
            "console.log('cozy-konnector-libs')",
            "require('cozy-konnector-libs/dist/helpers')",
            "require('my-cozy-konnector-libs')",
            "",
        ] {
            assert!(!requires_library(text), "{text}");
        }
    }

    fn konnector(files: &[(&str, &str)]) -> (tempfile::TempDir, Konnector) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let konnector = super::super::locate(dir.path()).unwrap();
        (dir, konnector)
    }

    #[test]
    fn only_an_unbundled_user_of_kvms_library_keeps_the_token_out() {
        let uses = "const { BaseKonnector } = require('cozy-konnector-libs');";
        let (_d, k) = konnector(&[("index.js", uses)]);
        assert_eq!(cozy_mode(&k), CozyMode::Capabilities);
        let (_d, k) = konnector(&[("index.js", "console.log(process.env)")]);
        assert_eq!(cozy_mode(&k), CozyMode::Credentials);
        let bundle = format!("function __webpack_require__(id) {{}}\n{uses}");
        let (_d, k) = konnector(&[("index.js", &bundle)]);
        assert_eq!(cozy_mode(&k), CozyMode::Credentials);
        let (_d, k) = konnector(&[
            ("index.js", uses),
            (
                "node_modules/cozy-konnector-libs/index.js",
                "exports.mine = true",
            ),
        ]);
        assert_eq!(cozy_mode(&k), CozyMode::Credentials);
        // A copy beside a nested main module counts too.
        let (_d, k) = konnector(&[
            ("package.json", r#"{"main": "src/index.js"}"#),
            ("src/index.js", uses),
            ("src/node_modules/cozy-konnector-libs/index.js", ""),
        ]);
        assert_eq!(cozy_mode(&k), CozyMode::Credentials);
    }
}
