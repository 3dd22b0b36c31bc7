//! The client against the local Cozy, in-process: what each operation sends and how the
//! checks hold when the stack itself would let the request through.

use std::sync::Arc;

use bytes::Bytes;
use serde_json::{json, Map, Value};

use super::*;
use crate::cozy::{KonnectorJob, LocalCozy};
use crate::net::{LocalOrigin, NetConfig};

const URL: &str = "http://cozy.localhost:8080/";

struct Fixture {
    _dir: tempfile::TempDir,
    cozy: Arc<LocalCozy>,
    client: CozyClient,
}

/// A local Cozy with the konnector's job prepared (account, folder `/Administrative/Demo`)
/// and a client granted `permissions`.
fn fixture(permissions: Value) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let cozy = Arc::new(LocalCozy::open(dir.path(), URL).unwrap().with_app("demo"));
    let fields = cozy
        .prepare(&KonnectorJob {
            slug: "demo".into(),
            name: "Demo".into(),
            fields: Map::from_iter([("login".to_owned(), json!("ada"))]),
        })
        .unwrap();
    let env = JobEnv {
        cozy_url: Some(URL.into()),
        credentials: Some(Secret(cozy.token().to_owned())),
        fields: Some(fields),
        ..JobEnv::default()
    };
    let grants = Grants::from_manifest(&json!({ "permissions": permissions })).unwrap();
    let access = CozyAccess::from_env(&env, grants).unwrap();
    let net = Network::new(NetConfig {
        local: Some(LocalOrigin::new(URL, cozy.clone().handler()).unwrap()),
        ..NetConfig::default()
    });
    Fixture {
        _dir: dir,
        cozy,
        client: CozyClient::new(access, net),
    }
}

fn all_granted() -> Value {
    json!({
        "accounts": {"type": "io.cozy.accounts"},
        "bills": {"type": "io.cozy.bills"},
        "files": {"type": "io.cozy.files"},
        "identities": {"type": "io.cozy.identities"},
    })
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

fn denied(result: Result<impl std::fmt::Debug, CozyError>) -> String {
    match result {
        Err(CozyError::Denied(Denied(message))) => message,
        other => panic!("expected ERR_ACCESS_DENIED, got {other:?}"),
    }
}

#[test]
fn find_follows_every_page_and_honours_limit_skip_and_sort() {
    let mut f = fixture(all_granted());
    // Pages of 4 (the stack's are 1000): the same paths, without a thousand documents.
    f.client.page = 4;
    block_on(async {
        let docs: Vec<Value> = (0..PAGE_PLUS)
            .map(|i| json!({"n": i, "kind": "a"}))
            .collect();
        f.client.bulk("io.cozy.bills", docs).await.unwrap();
        let all = f
            .client
            .find(
                "io.cozy.bills",
                json!({"kind": "a"}),
                FindOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(all.len(), PAGE_PLUS, "every page");
        let options = FindOptions {
            sort: Some(vec![json!({"n": "desc"})]),
            limit: Some(3),
            skip: Some(1),
            fields: Some(vec!["n".into()]),
        };
        let some = f
            .client
            .find("io.cozy.bills", json!({"n": {"$gte": 0}}), options)
            .await
            .unwrap();
        let ns: Vec<&Value> = some.iter().map(|d| &d["n"]).collect();
        assert_eq!(
            ns,
            [
                &json!(PAGE_PLUS - 2),
                &json!(PAGE_PLUS - 3),
                &json!(PAGE_PLUS - 4)
            ]
        );
        assert_eq!(
            f.client.all("io.cozy.bills").await.unwrap().len(),
            PAGE_PLUS
        );
        // A doctype with no document yet is empty, not an error.
        assert_eq!(
            f.client.all("io.cozy.identities").await.unwrap(),
            Vec::<Value>::new()
        );
        let none = f.client.find(
            "io.cozy.identities",
            json!({"a": 1}),
            FindOptions::default(),
        );
        assert_eq!(none.await.unwrap(), Vec::<Value>::new());
    });
}

const PAGE_PLUS: usize = 11;

#[test]
fn selectors_name_the_fields_an_index_needs() {
    let fields = data::selector_fields(&json!({
        "vendor": "v",
        "metadata": {"fileIdAttributes": "k"},
        "date": {"$gt": "2024"},
        "$or": [{"a": 1}, {"b": {"c": 2}}],
        "empty": {},
    }));
    assert_eq!(
        fields,
        [
            "vendor",
            "metadata.fileIdAttributes",
            "date",
            "a",
            "b.c",
            "empty"
        ]
    );
}

#[test]
fn the_account_is_the_runs_own_and_merges_changes() {
    let f = fixture(all_granted());
    block_on(async {
        let account = f.client.account_get().await.unwrap().unwrap();
        assert_eq!(account["account_type"], "demo");
        let saved = f
            .client
            .account_update(json!({"data": {"lastRun": 1}}))
            .await
            .unwrap();
        assert_eq!(saved["auth"]["login"], "ada", "kept: a shallow merge");
        assert_eq!(saved["data"]["lastRun"], 1);
        assert!(saved["_rev"].as_str().unwrap().starts_with("2-"));
        // Other accounts are out of reach, even with io.cozy.accounts granted.
        let other = denied(f.client.all("io.cozy.accounts").await);
        assert!(other.contains("account.get/account.update"), "{other}");
    });
    let without = fixture(json!({"bills": {"type": "io.cozy.bills"}}));
    let refused = denied(block_on(without.client.account_get()));
    assert!(
        refused.contains("GET io.cozy.accounts is not allowed"),
        "{refused}"
    );
}

#[test]
fn files_are_made_replaced_and_read_only_in_the_runs_folder() {
    let f = fixture(all_granted());
    block_on(async {
        let c = &f.client;
        assert_eq!(c.folder().await.unwrap(), "/Administrative/Demo");
        let dir = c.mkdirp("/Administrative/Demo/2024/01").await.unwrap();
        assert_eq!(dir["_type"], "io.cozy.files");
        assert_eq!(dir["attributes"]["path"], "/Administrative/Demo/2024/01");
        let options = FileOptions {
            content_type: Some("application/pdf".into()),
            metadata: Some(json!({"carbonCopy": true})),
            source_account_identifier: Some("ada".into()),
            ..FileOptions::default()
        };
        let file = c
            .create_file(
                "/Administrative/Demo/2024/01",
                "a.pdf",
                Bytes::from_static(b"%PDF one"),
                options,
            )
            .await
            .unwrap();
        let attributes = &file["attributes"];
        assert_eq!(
            (
                &attributes["name"],
                &attributes["size"],
                &attributes["mime"]
            ),
            (&json!("a.pdf"), &json!("8"), &json!("application/pdf"))
        );
        assert_eq!(attributes["metadata"], json!({"carbonCopy": true}));
        assert_eq!(attributes["cozyMetadata"]["sourceAccountIdentifier"], "ada");
        assert_eq!(attributes["cozyMetadata"]["createdByApp"], "demo");
        let id = file["_id"].as_str().unwrap();
        let found = c
            .stat_by_path("/Administrative/Demo/2024/01/a.pdf")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found["_id"], id);
        assert_eq!(
            c.stat_by_path("/Administrative/Demo/none").await.unwrap(),
            None
        );
        c.replace_file(id, Bytes::from_static(b"%PDF two"), FileOptions::default())
            .await
            .unwrap();
        assert_eq!(c.download(id).await.unwrap().as_ref(), b"%PDF two");

        // Outside the folder: refused before the stack is asked.
        for path in [
            "/Administrative/Demo-evil",
            "/Administrative/Demo/../x",
            "/",
        ] {
            let message = denied(c.mkdirp(path).await);
            assert!(
                message.contains("outside the run's folder /Administrative/Demo"),
                "{message}"
            );
        }
        let message = denied(
            c.create_file(
                "/Administrative/Demo",
                "../x.pdf",
                Bytes::new(),
                FileOptions::default(),
            )
            .await,
        );
        assert!(message.contains("is not a file name"), "{message}");
    });
}

#[test]
fn a_file_moved_out_of_the_folder_can_no_longer_be_replaced_or_read() {
    let f = fixture(all_granted());
    block_on(async {
        let c = &f.client;
        let file = c
            .create_file(
                "/Administrative/Demo",
                "a.pdf",
                Bytes::from_static(b"x"),
                FileOptions::default(),
            )
            .await
            .unwrap();
        let id = file["_id"].as_str().unwrap().to_owned();
        // The user moves it to the root (the stack would still let the token write it).
        let patch = StackCall::new(http::Method::PATCH, &["files", &id])
            .json(&json!({"data": {"attributes": {"dir_id": "io.cozy.files.root-dir"}}}))
            .build(&Url::parse(URL).unwrap(), &Secret(f.cozy.token().into()));
        assert_eq!(f.cozy.handle(patch).await.status(), 200);
        let message = denied(c.download(&id).await);
        assert!(
            message.contains("\"/a.pdf\" is outside the run's folder"),
            "{message}"
        );
        denied(
            c.replace_file(&id, Bytes::new(), FileOptions::default())
                .await,
        );
    });
}

#[test]
fn verbs_limit_each_operation() {
    let f = fixture(json!({
        "bills": {"type": "io.cozy.bills", "verbs": ["GET"]},
        "files": {"type": "io.cozy.files", "verbs": ["GET"]},
    }));
    block_on(async {
        let c = &f.client;
        assert!(c
            .find("io.cozy.bills", json!({}), FindOptions::default())
            .await
            .is_ok());
        let create = denied(c.create("io.cozy.bills", json!({"a": 1})).await);
        assert!(
            create.contains("POST io.cozy.bills is not allowed"),
            "{create}"
        );
        denied(c.bulk("io.cozy.bills", vec![json!({"a": 1})]).await);
        denied(c.update_attributes("io.cozy.bills", "x", json!({})).await);
        let mkdir = denied(c.mkdirp("/Administrative/Demo/x").await);
        assert!(mkdir.contains("POST io.cozy.files"), "{mkdir}");
        assert!(c
            .stat_by_path("/Administrative/Demo")
            .await
            .unwrap()
            .is_some());
    });
}

#[test]
fn stack_refusals_carry_its_status_and_message() {
    let f = fixture(all_granted());
    block_on(async {
        let stale = json!({"_id": "nope", "_rev": "1-x", "a": 1});
        match f.client.update("io.cozy.bills", stale).await {
            Err(e @ CozyError::Stack { .. }) => {
                assert_eq!((e.code(), e.status()), ("ERR_COZY_STACK", Some(409)));
                assert!(e.to_string().contains("Document update conflict"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(f.client.get("io.cozy.bills", "nope").await.unwrap(), None);
    });
    // A token the stack does not know: its 401, not a denial of the host's.
    let mut f = fixture(all_granted());
    f.client.access.token = Secret("wrong".into());
    match block_on(f.client.account_get()) {
        Err(CozyError::Stack {
            status: 401,
            message,
        }) => assert_eq!(message, "Invalid JWT token"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn found_files_are_only_those_of_the_runs_folder() {
    let f = fixture(all_granted());
    block_on(async {
        let c = &f.client;
        c.mkdirp("/Administrative/Demo/2024").await.unwrap();
        for dir in ["/Administrative/Demo", "/Administrative/Demo/2024"] {
            c.create_file(
                dir,
                "a.pdf",
                Bytes::from_static(b"in"),
                FileOptions::default(),
            )
            .await
            .unwrap();
        }
        // The same name at the root, put there by someone else (the stack would let the
        // token read it).
        let outside = StackCall::new(http::Method::POST, &["files", "io.cozy.files.root-dir"])
            .query("Type", "file")
            .query("Name", "a.pdf")
            .bytes(Bytes::from_static(b"out"))
            .build(&Url::parse(URL).unwrap(), &Secret(f.cozy.token().into()));
        let answer = f.cozy.handle(outside).await;
        assert_eq!(answer.status(), 201);
        let outside: Value = serde_json::from_slice(answer.body()).unwrap();
        let outside_id = outside["data"]["id"].as_str().unwrap();

        let found = c.find_files(json!({"name": "a.pdf"})).await.unwrap();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|file| file["_id"] != outside_id));
        let message = denied(c.destroy_file(outside_id).await);
        assert!(
            message.contains("\"/a.pdf\" is outside the run's folder"),
            "{message}"
        );
        let inside = found[0]["_id"].as_str().unwrap();
        c.destroy_file(inside).await.unwrap();
        assert_eq!(
            c.find_files(json!({"name": "a.pdf"})).await.unwrap().len(),
            1
        );
    });
}

/// Review findings: what a hostile script put in its arguments must not widen its reach.
#[test]
fn script_arguments_cannot_aim_writes_elsewhere() {
    let f = fixture(json!({
        "accounts": {"type": "io.cozy.accounts"},
        "bills": {"type": "io.cozy.bills", "verbs": ["GET", "POST"]},
        "files": {"type": "io.cozy.files"},
    }));
    block_on(async {
        let c = &f.client;
        let own = c.account_get().await.unwrap().unwrap();
        // An `_id`/`_rev` in the changes is ignored: the run's own account is updated.
        let saved = c
            .account_update(json!({"_id": "someone-else", "_rev": "1-x", "state": "x"}))
            .await
            .unwrap();
        assert_eq!((&saved["_id"], &saved["state"]), (&own["_id"], &json!("x")));

        // create with a revision updates, with _deleted deletes: a POST-only grant refuses.
        let bill = c.create("io.cozy.bills", json!({"a": 1})).await.unwrap();
        let update = json!({"_id": bill["_id"], "_rev": bill["_rev"], "a": 2});
        let refused = denied(c.create("io.cozy.bills", update).await);
        assert!(
            refused.contains("PUT io.cozy.bills is not allowed"),
            "{refused}"
        );

        // CouchDB's own documents are no konnector's data.
        for id in ["_design/x", "_local/x"] {
            let result = c.create("io.cozy.bills", json!({"_id": id})).await;
            assert!(
                matches!(result, Err(CozyError::Invalid(_))),
                "{id}: {result:?}"
            );
        }

        // A Content-Type that cannot be a header is refused, not a crash.
        let options = FileOptions {
            content_type: Some("text/plain\nX-Injected: 1".into()),
            ..FileOptions::default()
        };
        let result = c
            .create_file("/Administrative/Demo", "a.txt", Bytes::from("a"), options)
            .await;
        assert!(matches!(result, Err(CozyError::Invalid(_))), "{result:?}");
    });
}

/// The folder is the job's `folder_to_save`, never the account's `folderId`, which the
/// script can write.
#[test]
fn the_runs_folder_comes_from_the_job_only() {
    let mut f = fixture(all_granted());
    f.client.access.folder = None;
    block_on(async {
        f.client
            .account_update(json!({"folderId": "/"}))
            .await
            .unwrap();
        let refused = denied(f.client.stat_by_path("/").await);
        assert!(refused.contains("no folder_to_save"), "{refused}");
    });
    let mut f = fixture(all_granted());
    f.client.access.folder = Some("/".into());
    let refused = denied(block_on(f.client.mkdirp("/anything")));
    assert!(refused.contains("the Cozy's root"), "{refused}");
}
