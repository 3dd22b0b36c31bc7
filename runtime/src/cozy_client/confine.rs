//! The run's folder is the only part of the user's files a konnector reaches: every files
//! capability targets `folder_to_save` or a path below it. Paths are compared segment by
//! segment (so `/Administrative/demo-evil` is not under `/Administrative/demo`), and any
//! `.` or `..` segment, percent-encoded or not, is refused rather than resolved.

use percent_encoding::percent_decode_str;

use super::grants::Denied;

/// `path` normalised (`/a/b`, no empty segments) if it is `folder` or below it.
pub fn within(folder: &str, path: &str) -> Result<String, Denied> {
    let outside = |why: &str| {
        Denied(format!(
            "{path:?} is outside the run's folder {folder}: {why}; konnectors may only write \
             and read under their folder_to_save"
        ))
    };
    if !path.starts_with('/') {
        return Err(outside("the path must be absolute"));
    }
    let parts = segments(path).map_err(|_| outside("`.` and `..` segments are refused"))?;
    let root = segments(folder).map_err(|_| outside("the run's folder itself is invalid"))?;
    if parts.len() < root.len() || parts[..root.len()] != root[..] {
        return Err(outside("it is not that folder nor below it"));
    }
    Ok(format!("/{}", parts.join("/")))
}

/// A file or folder name to create inside a confined folder: one plain segment.
pub fn plain_name(name: &str) -> Result<&str, Denied> {
    let dots = matches!(decoded(name).as_str(), "." | "..");
    if name.is_empty() || name.contains('/') || dots {
        return Err(Denied(format!(
            "{name:?} is not a file name: a name is one path segment, not empty, `.` or `..`, \
             without `/`"
        )));
    }
    Ok(name)
}

fn decoded(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

fn segments(path: &str) -> Result<Vec<&str>, ()> {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if parts
        .iter()
        .any(|p| matches!(decoded(p).as_str(), "." | ".."))
    {
        return Err(());
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLDER: &str = "/Administrative/demo";

    #[test]
    fn the_folder_and_below_are_within() {
        assert_eq!(within(FOLDER, "/Administrative/demo").unwrap(), FOLDER);
        assert_eq!(within(FOLDER, "/Administrative/demo/").unwrap(), FOLDER);
        assert_eq!(
            within(FOLDER, "//Administrative//demo/2024/a.pdf").unwrap(),
            "/Administrative/demo/2024/a.pdf"
        );
        assert_eq!(
            within("/Administrative/demo/", "/Administrative/demo/x").unwrap(),
            "/Administrative/demo/x"
        );
    }

    #[test]
    fn lookalikes_parents_and_traversals_are_outside() {
        for path in [
            "/Administrative/demo-evil",
            "/Administrative/demo-evil/a.pdf",
            "/Administrative/dem",
            "/Administrative",
            "/",
            "/Administrative/demo/../other",
            "/Administrative/demo/%2e%2e/other",
            "/Administrative/demo/%2E%2E",
            "/Administrative/demo/./x",
            "Administrative/demo/x",
            "",
        ] {
            let denied = within(FOLDER, path).unwrap_err().0;
            assert!(
                denied.contains("outside the run's folder /Administrative/demo"),
                "{path}: {denied}"
            );
        }
    }

    #[test]
    fn names_are_single_plain_segments() {
        assert_eq!(plain_name("bill 2024.pdf").unwrap(), "bill 2024.pdf");
        for name in ["", ".", "..", "%2e%2e", "a/b", "../x"] {
            assert!(plain_name(name).is_err(), "{name}");
        }
    }
}
