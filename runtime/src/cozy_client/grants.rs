//! What the konnector may do to the Cozy: the doctypes and verbs its `manifest.konnector`
//! `permissions` grant (`{"name": {"type": "io.cozy.bills", "verbs": ["GET", "POST"]}}`),
//! as the stack would grant them to its token. Every capability call is checked here first.

use serde_json::Value;

/// An HTTP verb a permission may be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    pub const ALL: [Verb; 5] = [Verb::Get, Verb::Post, Verb::Put, Verb::Patch, Verb::Delete];

    pub fn name(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Patch => "PATCH",
            Verb::Delete => "DELETE",
        }
    }

    fn parse(name: &str) -> Option<Verb> {
        Verb::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// One permission: a doctype (or `io.cozy.bank.*`, every doctype under that prefix) and
/// its verbs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Grant {
    doctype: String,
    verbs: Vec<Verb>,
}

impl Grant {
    fn covers(&self, doctype: &str) -> bool {
        match self.doctype.strip_suffix(".*") {
            Some(prefix) => doctype
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.')),
            None => self.doctype == doctype,
        }
    }
}

/// The permissions of a konnector. Without a manifest, or with invalid `permissions`,
/// nothing is granted, and refusals say why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants {
    manifest: Manifest,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum Manifest {
    #[default]
    Missing,
    Invalid(String),
    Grants(Vec<Grant>),
}

/// Why a capability call is refused: `ERR_ACCESS_DENIED` with this message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

impl Grants {
    /// The grants of a konnector without `manifest.konnector`: none.
    pub fn no_manifest() -> Grants {
        Grants::default()
    }

    /// The grants of a manifest, invalid `permissions` granting nothing (see
    /// [`Grants::from_manifest`]): a konnector that never asks for a capability still runs.
    pub fn of_manifest(manifest: &Value) -> Grants {
        Grants::from_manifest(manifest).unwrap_or_else(|reason| Grants {
            manifest: Manifest::Invalid(reason),
        })
    }

    /// The grants of a manifest's `permissions` (absent: none). Verbs default to all, as
    /// the stack does; `ALL` is all; an unknown verb or an entry without `type` is an
    /// error naming it, so a typo never silently widens or narrows what is granted.
    pub fn from_manifest(manifest: &Value) -> Result<Grants, String> {
        let mut grants = Vec::new();
        let permissions = match manifest.get("permissions") {
            None | Some(Value::Null) => {
                return Ok(Grants {
                    manifest: Manifest::Grants(grants),
                })
            }
            Some(Value::Object(map)) => map,
            Some(_) => {
                return Err("`permissions` must be an object of {\"type\", \"verbs\"}".into())
            }
        };
        for (name, permission) in permissions {
            let doctype = permission
                .get("type")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| format!("permission {name:?} has no `type` (the doctype)"))?;
            let verbs = match permission.get("verbs") {
                None | Some(Value::Null) => Verb::ALL.to_vec(),
                Some(Value::Array(verbs)) => {
                    let mut parsed = Vec::new();
                    for verb in verbs {
                        match verb.as_str() {
                            Some("ALL") => parsed.extend(Verb::ALL),
                            Some(v) if Verb::parse(v).is_some() => parsed.extend(Verb::parse(v)),
                            _ => {
                                return Err(format!(
                                    "permission {name:?} has an unknown verb {verb}: use GET, \
                                     POST, PUT, PATCH, DELETE or ALL"
                                ))
                            }
                        }
                    }
                    parsed
                }
                Some(other) => {
                    return Err(format!(
                        "permission {name:?}: `verbs` must be an array, got {other}"
                    ))
                }
            };
            grants.push(Grant {
                doctype: doctype.to_owned(),
                verbs,
            });
        }
        Ok(Grants {
            manifest: Manifest::Grants(grants),
        })
    }

    /// Whether `verb` on `doctype` is granted; the refusal names both and the fix.
    pub fn check(&self, doctype: &str, verb: Verb) -> Result<(), Denied> {
        let grants = match &self.manifest {
            Manifest::Grants(grants) => grants,
            Manifest::Missing => {
                return Err(Denied(format!(
                    "{} {doctype} is not allowed: the konnector has no manifest.konnector, so \
                     no doctype is granted; add one whose `permissions` grant {doctype}",
                    verb.name()
                )))
            }
            Manifest::Invalid(reason) => {
                return Err(Denied(format!(
                    "{} {doctype} is not allowed: the manifest.konnector `permissions` are \
                     invalid, so nothing is granted: {reason}",
                    verb.name()
                )))
            }
        };
        let matching: Vec<&Grant> = grants.iter().filter(|g| g.covers(doctype)).collect();
        if matching.iter().any(|g| g.verbs.contains(&verb)) {
            return Ok(());
        }
        let fix = if matching.is_empty() {
            format!("add {{\"type\": \"{doctype}\"}} to the manifest's `permissions`")
        } else {
            format!(
                "the manifest's `permissions` grant {doctype} only for {}; add {} to its `verbs`",
                matching
                    .iter()
                    .flat_map(|g| g.verbs.iter().map(|v| v.name()))
                    .collect::<Vec<_>>()
                    .join(", "),
                verb.name()
            )
        };
        Err(Denied(format!(
            "{} {doctype} is not allowed: the manifest.konnector `permissions` do not grant it; {fix}",
            verb.name()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn grants(permissions: Value) -> Grants {
        Grants::from_manifest(&json!({ "permissions": permissions })).unwrap()
    }

    #[test]
    fn verbs_default_to_all_and_limit_when_given() {
        let g = grants(json!({
            "bills": {"type": "io.cozy.bills"},
            "files": {"type": "io.cozy.files", "verbs": ["GET", "POST"]},
            "all": {"type": "io.cozy.identities", "verbs": ["ALL"]},
        }));
        for verb in Verb::ALL {
            assert_eq!(g.check("io.cozy.bills", verb), Ok(()));
            assert_eq!(g.check("io.cozy.identities", verb), Ok(()));
        }
        assert_eq!(g.check("io.cozy.files", Verb::Post), Ok(()));
        let put = g.check("io.cozy.files", Verb::Put).unwrap_err().0;
        assert!(
            put.contains("PUT io.cozy.files is not allowed")
                && put.contains("only for GET, POST; add PUT to its `verbs`"),
            "{put}"
        );
    }

    #[test]
    fn an_ungranted_doctype_is_denied_naming_it_and_the_manifest() {
        let g = grants(json!({"bills": {"type": "io.cozy.bills"}}));
        let denied = g.check("io.cozy.x", Verb::Get).unwrap_err().0;
        assert!(
            denied.contains("io.cozy.x")
                && denied.contains("manifest.konnector `permissions`")
                && denied.contains("add {\"type\": \"io.cozy.x\"}"),
            "{denied}"
        );
        // A doctype that merely starts like a granted one is another doctype.
        assert!(g.check("io.cozy.bills2", Verb::Get).is_err());
        let none = Grants::no_manifest()
            .check("io.cozy.bills", Verb::Get)
            .unwrap_err()
            .0;
        assert!(none.contains("has no manifest.konnector"), "{none}");
        let empty = Grants::from_manifest(&json!({"slug": "s"})).unwrap();
        assert!(empty.check("io.cozy.bills", Verb::Get).is_err());
    }

    #[test]
    fn a_wildcard_covers_the_doctypes_under_its_prefix_only() {
        let g = grants(json!({"bank": {"type": "io.cozy.bank.*", "verbs": ["GET"]}}));
        assert_eq!(g.check("io.cozy.bank.operations", Verb::Get), Ok(()));
        assert!(g.check("io.cozy.bank.operations", Verb::Post).is_err());
        assert!(g.check("io.cozy.bank", Verb::Get).is_err());
        assert!(g.check("io.cozy.banking", Verb::Get).is_err());
    }

    #[test]
    fn malformed_permissions_are_errors_not_silent_grants() {
        let bad_verb = json!({"permissions": {"b": {"type": "io.cozy.bills", "verbs": ["GETT"]}}});
        assert!(Grants::from_manifest(&bad_verb)
            .unwrap_err()
            .contains("unknown verb \"GETT\""));
        let no_type = json!({"permissions": {"b": {"verbs": ["GET"]}}});
        assert!(Grants::from_manifest(&no_type)
            .unwrap_err()
            .contains("has no `type`"));
        let not_object = json!({"permissions": ["io.cozy.bills"]});
        assert!(Grants::from_manifest(&not_object).is_err());
        let denied = Grants::of_manifest(&bad_verb)
            .check("io.cozy.bills", Verb::Get)
            .unwrap_err()
            .0;
        assert!(
            denied.contains(
                "are invalid, so nothing is granted: permission \"b\" has an unknown verb"
            ),
            "{denied}"
        );
    }
}
