//! The handler route by route, as the client libraries call it, and what ends up on disk.

use base64::Engine as _;
use bytes::Bytes;
use http::{Request, StatusCode};
use md5::{Digest, Md5};
use serde_json::{json, Value};

use super::store::{DOCUMENTS, INDEX, ROOT_ID};
use super::{KonnectorJob, LocalCozy, SavedFiles};

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

struct Fixture {
    dir: tempfile::TempDir,
    cozy: LocalCozy,
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: Bytes,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {:?}", self.body))
    }
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let cozy = LocalCozy::open(dir.path().join("data"), "http://cozy.localhost:8080/")
            .unwrap()
            .with_app("edf");
        Fixture { dir, cozy }
    }

    fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    fn send(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("authorization", format!("Bearer {}", self.cozy.token()));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = block_on(self.cozy.handle(request.body(body.into()).unwrap()));
        Answer {
            status: response.status(),
            content_type: response
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default(),
            body: response.into_body(),
        }
    }

    fn json(&self, method: &str, uri: &str, body: Value) -> Answer {
        self.send(
            method,
            uri,
            &[("content-type", "application/json")],
            body.to_string(),
        )
    }

    fn upload(&self, dir_id: &str, name: &str, content: &'static [u8]) -> Answer {
        let md5 = base64::engine::general_purpose::STANDARD.encode(Md5::digest(content));
        self.send(
            "POST",
            &format!("/files/{dir_id}?Type=file&Name={name}&SourceAccountIdentifier=ada"),
            &[
                ("content-md5", &md5),
                ("content-type", "application/octet-stream"),
            ],
            content,
        )
    }

    fn mkdir(&self, dir_id: &str, name: &str) -> String {
        let answer = self.send(
            "POST",
            &format!("/files/{dir_id}?Type=directory&Name={name}"),
            &[],
            "",
        );
        assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
        answer.json()["data"]["id"].as_str().unwrap().to_owned()
    }

    fn imported(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.data().join(DOCUMENTS)).unwrap()).unwrap()
    }
}

#[test]
fn requests_without_the_token_are_refused() {
    let f = Fixture::new();
    let request = Request::get("/data/io.cozy.bills/x")
        .body(Bytes::new())
        .unwrap();
    let response = block_on(f.cozy.handle(request));
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[test]
fn documents_are_created_read_updated_with_revisions_and_deleted() {
    let f = Fixture::new();
    let missing = f.send("GET", "/data/io.cozy.bills/nope", &[], "");
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"], "not_found");
    assert!(!f.data().exists(), "a read writes nothing");

    let created = f.json(
        "POST",
        "/data/io.cozy.bills/",
        json!({"amount": 10, "cozyMetadata": {"createdByApp": "edf"}}),
    );
    assert_eq!(created.status, StatusCode::CREATED);
    let created = created.json();
    let id = created["id"].as_str().unwrap().to_owned();
    let rev1 = created["rev"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert!(rev1.starts_with("1-"));
    assert_eq!(created["type"], "io.cozy.bills");
    assert_eq!(created["data"]["_type"], "io.cozy.bills");
    assert_eq!(
        created["data"]["cozyMetadata"],
        json!({"createdByApp": "edf"})
    );

    let read = f
        .send("GET", &format!("/data/io.cozy.bills/{id}"), &[], "")
        .json();
    assert_eq!(
        (read["_rev"].as_str(), &read["amount"]),
        (Some(rev1.as_str()), &json!(10))
    );

    // An update names the current revision; a stale one is a conflict.
    let uri = format!("/data/io.cozy.bills/{id}");
    let updated = f.json("PUT", &uri, json!({"_id": id, "_rev": rev1, "amount": 12}));
    assert_eq!(updated.status, StatusCode::OK);
    let rev2 = updated.json()["rev"].as_str().unwrap().to_owned();
    assert!(rev2.starts_with("2-"));
    let stale = f.json("PUT", &uri, json!({"_id": id, "_rev": rev1, "amount": 13}));
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["error"], "conflict");
    let no_rev = f.json("PUT", &uri, json!({"amount": 13}));
    assert_eq!(no_rev.status, StatusCode::CONFLICT);
    assert_eq!(
        f.json("PUT", &uri, json!({"_id": "other", "_rev": rev2}))
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        f.json("POST", "/data/io.cozy.bills/", json!({"_id": "x"}))
            .status,
        StatusCode::BAD_REQUEST
    );

    // PUT on a new id creates it with that id.
    let fixed = f.json("PUT", "/data/io.cozy.bills/fixed", json!({"amount": 1}));
    assert_eq!(fixed.status, StatusCode::OK);
    assert_eq!(fixed.json()["id"], "fixed");

    let bills = &f.imported()["io.cozy.bills"];
    assert_eq!(bills.as_array().unwrap().len(), 2);
    assert_eq!(bills[0]["amount"], 12);
    assert_eq!(bills[0]["_rev"], rev2.as_str());
    assert!(bills[0].get("_type").is_none(), "the doctype is not data");

    assert_eq!(
        f.send("DELETE", &format!("{uri}?rev={rev1}"), &[], "")
            .status,
        StatusCode::CONFLICT
    );
    let deleted = f.send("DELETE", &format!("{uri}?rev={rev2}"), &[], "");
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(deleted.json()["_deleted"], true);
    assert_eq!(f.send("GET", &uri, &[], "").status, StatusCode::NOT_FOUND);
}

#[test]
fn all_docs_normal_docs_bulk_docs() {
    let f = Fixture::new();
    assert_eq!(
        f.send("GET", "/data/io.cozy.bills/_all_docs", &[], "")
            .status,
        StatusCode::NOT_FOUND
    );
    let bulk = f.json(
        "POST",
        "/data/io.cozy.bills/_bulk_docs",
        json!({"docs": [{"_id": "a", "n": 1}, {"n": 2}]}),
    );
    assert_eq!(bulk.status, StatusCode::CREATED);
    let results = bulk.json();
    assert_eq!(results[0]["ok"], true);
    let rev_a = results[0]["rev"].as_str().unwrap().to_owned();
    // One conflict fails that document only.
    let bulk = f
        .json(
            "POST",
            "/data/io.cozy.bills/_bulk_docs",
            json!({"docs": [{"_id": "a", "n": 9}, {"_id": "c", "n": 3}]}),
        )
        .json();
    assert_eq!(bulk[0]["error"], "conflict");
    assert_eq!(bulk[1]["ok"], true);

    let all = f
        .json(
            "POST",
            "/data/io.cozy.bills/_all_docs?include_docs=true",
            json!({"keys": ["a", "zz"]}),
        )
        .json();
    assert_eq!(all["rows"][0]["doc"]["n"], 1);
    assert_eq!(all["rows"][0]["value"]["rev"], rev_a.as_str());
    assert_eq!(all["rows"][1], json!({"key": "zz", "error": "not_found"}));
    let all = f
        .send(
            "GET",
            "/data/io.cozy.bills/_all_docs?include_docs=true&limit=2",
            &[],
            "",
        )
        .json();
    assert_eq!(
        (
            all["total_rows"].as_u64(),
            all["rows"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    let ids: Vec<&str> = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by id: {ids:?}");

    let normal = f
        .send(
            "GET",
            "/data/io.cozy.bills/_normal_docs?limit=2&skip=1",
            &[],
            "",
        )
        .json();
    assert_eq!(normal["total_rows"], 3);
    assert_eq!(normal["rows"].as_array().unwrap().len(), 2);
    assert_eq!(normal["rows"][0]["n"], 2);

    let deleted = f.json(
        "POST",
        "/data/io.cozy.bills/_bulk_docs",
        json!({"docs": [{"_id": "a", "_rev": rev_a, "_deleted": true}]}),
    );
    assert_eq!(deleted.json()[0]["ok"], true);
    assert_eq!(f.imported()["io.cozy.bills"].as_array().unwrap().len(), 2);
}

#[test]
fn index_and_find() {
    let f = Fixture::new();
    let index = json!({"index": {"fields": ["vendor", "date"]}});
    let first = f
        .json("POST", "/data/io.cozy.bills/_index", index.clone())
        .json();
    assert_eq!(first["result"], "created");
    assert!(first["id"].as_str().unwrap().starts_with("_design/"));
    let again = f.json("POST", "/data/io.cozy.bills/_index", index).json();
    assert_eq!(
        (&again["result"], &again["name"]),
        (&json!("exists"), &first["name"])
    );
    assert!(!f.data().exists(), "an index alone writes nothing");

    let empty = f
        .json(
            "POST",
            "/data/io.cozy.bills/_find",
            json!({"selector": {"vendor": "edf"}}),
        )
        .json();
    assert_eq!(
        (empty["docs"].as_array().unwrap().len(), &empty["next"]),
        (0, &json!(false))
    );
    for (vendor, date) in [("edf", "2024-01"), ("edf", "2024-02"), ("sfr", "2024-03")] {
        f.json(
            "POST",
            "/data/io.cozy.bills/",
            json!({"vendor": vendor, "date": date}),
        );
    }
    let found = f
        .json(
            "POST",
            "/data/io.cozy.bills/_find",
            json!({"selector": {"vendor": "edf", "date": {"$gt": null}}, "sort": [{"date": "desc"}], "fields": ["date"], "limit": 1}),
        )
        .json();
    assert_eq!(found["docs"], json!([{"date": "2024-02"}]));
    assert_eq!((&found["next"], &found["limit"]), (&json!(true), &json!(1)));
    let rest = f
        .json(
            "POST",
            "/data/io.cozy.bills/_find",
            json!({"selector": {"vendor": "edf"}, "sort": [{"date": "desc"}], "limit": 1, "bookmark": found["bookmark"]}),
        )
        .json();
    assert_eq!(
        (&rest["docs"][0]["date"], &rest["next"]),
        (&json!("2024-01"), &json!(false))
    );
    let refused = f.json(
        "POST",
        "/data/io.cozy.bills/_find",
        json!({"selector": {"a": {"$regex": "x"}}}),
    );
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.json()["reason"]
        .as_str()
        .unwrap()
        .contains("$regex"));
}

#[test]
fn uploads_check_md5_and_land_at_their_cozy_path() {
    let f = Fixture::new();
    let dir = f.mkdir(ROOT_ID, "Administrative");
    let sub = f.mkdir(&dir, "EDF");
    assert_eq!(
        f.send(
            "POST",
            &format!("/files/{dir}?Type=directory&Name=EDF"),
            &[],
            ""
        )
        .status,
        StatusCode::CONFLICT
    );

    let bad = f.send(
        "POST",
        &format!("/files/{sub}?Type=file&Name=a.pdf"),
        &[("content-md5", "AAAAAAAAAAAAAAAAAAAAAA==")],
        "%PDF-1.4",
    );
    assert_eq!(bad.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(bad.content_type, "application/vnd.api+json");
    assert_eq!(bad.json()["errors"][0]["status"], "412");
    assert!(!f.data().join("Administrative/EDF/a.pdf").exists());

    let created = f.upload(&sub, "a.pdf", b"%PDF-1.4 bill");
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let file = created.json()["data"].clone();
    let id = file["id"].as_str().unwrap().to_owned();
    let attrs = &file["attributes"];
    assert_eq!(
        attrs["mime"], "application/pdf",
        "from the name: octet-stream says nothing"
    );
    assert_eq!(attrs["class"], "pdf");
    assert_eq!(
        attrs["size"], "13",
        "sizes are strings, as the stack sends them"
    );
    assert_eq!(attrs["dir_id"], sub.as_str());
    assert_eq!(attrs["cozyMetadata"]["createdByApp"], "edf");
    assert_eq!(attrs["cozyMetadata"]["sourceAccountIdentifier"], "ada");
    assert_eq!(file["relationships"]["parent"]["data"]["id"], sub.as_str());
    assert_eq!(
        std::fs::read(f.data().join("Administrative/EDF/a.pdf")).unwrap(),
        b"%PDF-1.4 bill"
    );
    assert_eq!(
        f.upload(&sub, "a.pdf", b"again").status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        f.upload("nope", "b.pdf", b"x").status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        f.upload(&id, "b.pdf", b"x").status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        f.send("POST", &format!("/files/{sub}?Type=file"), &[], "x")
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Stat by id and path, download.
    let by_path = f
        .send(
            "GET",
            "/files/metadata?Path=/Administrative/EDF/a.pdf",
            &[],
            "",
        )
        .json();
    assert_eq!(by_path["data"]["id"], id.as_str());
    let folder = f
        .send(
            "GET",
            "/files/metadata?Path=%2FAdministrative%2FEDF",
            &[],
            "",
        )
        .json();
    assert_eq!(folder["data"]["attributes"]["path"], "/Administrative/EDF");
    assert_eq!(
        folder["data"]["relationships"]["contents"]["data"][0]["id"],
        id.as_str()
    );
    assert_eq!(folder["included"][0]["attributes"]["name"], "a.pdf");
    let missing = f.send("GET", "/files/metadata?Path=/Administrative/none", &[], "");
    assert_eq!(missing.json()["errors"][0]["status"], "404");
    let root = f.send("GET", &format!("/files/{ROOT_ID}"), &[], "").json();
    assert_eq!(root["data"]["attributes"]["path"], "/");
    let download = f.send("GET", &format!("/files/download/{id}"), &[], "");
    assert_eq!(
        (download.content_type.as_str(), &download.body[..]),
        ("application/pdf", &b"%PDF-1.4 bill"[..])
    );

    // Replace the content: If-Match must be the current revision.
    let rev = file["meta"]["rev"].as_str().unwrap().to_owned();
    let stale = f.send(
        "PUT",
        &format!("/files/{id}"),
        &[("if-match", "1-old")],
        "new",
    );
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let replaced = f.send(
        "PUT",
        &format!("/files/{id}"),
        &[("if-match", &rev), ("content-type", "application/pdf")],
        "%PDF-2",
    );
    assert_eq!(replaced.status, StatusCode::OK);
    let replaced = replaced.json();
    assert!(replaced["data"]["meta"]["rev"]
        .as_str()
        .unwrap()
        .starts_with("2-"));
    assert_eq!(replaced["data"]["attributes"]["size"], "6");
    assert_eq!(
        std::fs::read(f.data().join("Administrative/EDF/a.pdf")).unwrap(),
        b"%PDF-2"
    );
}

#[test]
fn saved_files_count_each_file_once_at_its_last_size() {
    let f = Fixture::new();
    let dir = f.mkdir(ROOT_ID, "Bills");
    let refused = f.send(
        "POST",
        &format!("/files/{dir}?Type=file&Name=a.pdf"),
        &[("content-md5", "AAAAAAAAAAAAAAAAAAAAAA==")],
        "%PDF-1.4",
    );
    assert_eq!(refused.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(f.cozy.saved_files(), SavedFiles::default());
    let a = f.upload(&dir, "a.pdf", b"%PDF-1.4 bill").json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    f.upload(&dir, "b.pdf", b"12345");
    assert_eq!(f.upload(&dir, "b.pdf", b"1").status, StatusCode::CONFLICT);
    let replaced = f.send("PUT", &format!("/files/{a}"), &[], "%PDF-2");
    assert_eq!(replaced.status, StatusCode::OK);
    assert_eq!(
        f.cozy.saved_files(),
        SavedFiles {
            files: 2,
            bytes: 6 + 5
        }
    );
}

#[test]
fn files_move_rename_trash_and_references() {
    let f = Fixture::new();
    let dir = f.mkdir(ROOT_ID, "Bills");
    let other = f.mkdir(ROOT_ID, "Old");
    let id = f.upload(&dir, "a.pdf", b"A").json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    f.upload(&other, "b.pdf", b"B");

    let patch = |attrs: Value| {
        f.json(
            "PATCH",
            &format!("/files/{id}"),
            json!({"data": {"type": "io.cozy.files", "id": id, "attributes": attrs}}),
        )
    };
    assert_eq!(
        patch(json!({"name": "b.pdf", "dir_id": other})).status,
        StatusCode::CONFLICT
    );
    let moved = patch(json!({"name": "c.pdf", "dir_id": other}));
    assert_eq!(moved.status, StatusCode::OK);
    assert_eq!(std::fs::read(f.data().join("Old/c.pdf")).unwrap(), b"A");
    assert!(!f.data().join("Bills/a.pdf").exists());

    // References from a document, listed from the document's side.
    let refs = json!({"data": [{"type": "io.cozy.files", "id": id}]});
    let added = f.json(
        "POST",
        "/data/io.cozy.konnectors/io.cozy.konnectors%2Fedf/relationships/references",
        refs,
    );
    assert_eq!(added.status, StatusCode::NO_CONTENT);
    let listed = f
        .send(
            "GET",
            "/data/io.cozy.konnectors/io.cozy.konnectors%2Fedf/relationships/references",
            &[],
            "",
        )
        .json();
    assert_eq!(listed["data"][0]["id"], id.as_str());
    assert_eq!(listed["included"][0]["attributes"]["name"], "c.pdf");
    let by_file = f.json(
        "POST",
        &format!("/files/{id}/relationships/referenced_by"),
        json!({"data": {"type": "io.cozy.bills", "id": "b1"}}),
    );
    assert_eq!(by_file.json()["meta"]["count"], 2);

    // Files _find sees the CouchDB documents.
    let found = f
        .json(
            "POST",
            "/files/_find",
            json!({"selector": {"name": "c.pdf", "referenced_by": {"$exists": true}}}),
        )
        .json();
    assert_eq!(
        (found["meta"]["count"].as_u64(), &found["data"][0]["id"]),
        (Some(1), &json!(id))
    );

    let trashed = f.send("DELETE", &format!("/files/{id}"), &[], "");
    assert_eq!(trashed.status, StatusCode::OK);
    assert_eq!(trashed.json()["data"]["attributes"]["trashed"], true);
    assert!(f.data().join(".cozy_trash/c.pdf").exists());
    assert_eq!(
        f.send("GET", "/files/metadata?Path=/Old/c.pdf", &[], "")
            .status,
        StatusCode::NOT_FOUND
    );
    let destroyed = patch(json!({"permanent_delete": true}));
    assert_eq!(destroyed.status, StatusCode::OK);
    assert!(!f.data().join(".cozy_trash/c.pdf").exists());
    assert_eq!(
        f.send("GET", &format!("/files/{id}"), &[], "").status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn upload_metadata_goes_with_the_file_that_names_it() {
    let f = Fixture::new();
    let meta = f.json(
        "POST",
        "/files/upload/metadata",
        json!({"data": {"type": "io.cozy.files.metadata", "attributes": {"carbonCopy": true}}}),
    );
    assert_eq!(meta.status, StatusCode::CREATED);
    let meta_id = meta.json()["data"]["id"].as_str().unwrap().to_owned();
    let created = f.send(
        "POST",
        &format!("/files/?Type=file&Name=x.txt&MetadataID={meta_id}"),
        &[("content-type", "text/plain")],
        "x",
    );
    assert_eq!(
        created.json()["data"]["attributes"]["metadata"],
        json!({"carbonCopy": true})
    );
    assert_eq!(created.json()["data"]["attributes"]["class"], "text");
    let unknown = f.send(
        "POST",
        "/files/?Type=file&Name=y.txt&MetadataID=nope",
        &[],
        "y",
    );
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[test]
fn a_job_is_prepared_in_memory_and_written_with_the_first_save() {
    let f = Fixture::new();
    let job = KonnectorJob {
        slug: "edf".into(),
        name: "EDF".into(),
        fields: json!({"login": "ada"}).as_object().unwrap().clone(),
    };
    let fields = f.cozy.prepare(&job).unwrap();
    assert_eq!(fields["login"], "ada");
    assert_eq!(fields["konnector"], "edf");
    assert!(!f.data().exists(), "nothing saved, nothing written");
    let account = f
        .send(
            "GET",
            &format!(
                "/data/io.cozy.accounts/{}",
                fields["account"].as_str().unwrap()
            ),
            &[],
            "",
        )
        .json();
    assert_eq!(
        (&account["account_type"], &account["auth"]["login"]),
        (&json!("edf"), &json!("ada"))
    );
    let folder = f
        .send(
            "GET",
            &format!("/files/{}", fields["folder_to_save"].as_str().unwrap()),
            &[],
            "",
        )
        .json();
    assert_eq!(folder["data"]["attributes"]["path"], "/Administrative/EDF");

    // The first save writes the account and the folder with it; a second run finds them.
    f.upload(fields["folder_to_save"].as_str().unwrap(), "a.pdf", b"A");
    assert!(f.data().join("Administrative/EDF/a.pdf").exists());
    assert_eq!(f.imported()["io.cozy.accounts"][0]["auth"]["login"], "ada");
    let again = LocalCozy::open(f.data(), "http://cozy.localhost:8080/").unwrap();
    let second = again.prepare(&job).unwrap();
    assert_eq!(
        (&second["account"], &second["folder_to_save"]),
        (&fields["account"], &fields["folder_to_save"])
    );
    assert!(f.data().join(INDEX).exists());
}

/// The folder may come with the konnector: nothing in it leads outside.
#[test]
fn a_shipped_folder_cannot_lead_outside() {
    let open = |dir: &std::path::Path| {
        LocalCozy::open(dir, "http://cozy.localhost:8080/")
            .map(drop)
            .map_err(|e| e.to_string())
    };
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("victim");
    std::fs::create_dir(&outside).unwrap();

    // An index naming `..` is refused before anything is served.
    let data = top.path().join("evil");
    std::fs::create_dir(&data).unwrap();
    let index = json!({"files": {"leak": {"rev": "1-a", "type": "file",
        "name": "../victim/secret.txt", "dir_id": ROOT_ID,
        "created_at": "t", "updated_at": "t"}}});
    std::fs::write(data.join(INDEX), index.to_string()).unwrap();
    let error = open(&data).unwrap_err();
    assert!(error.contains("not a file name"), "{error}");

    // The folder itself as a link, or a link inside it, is never followed.
    let link = top.path().join("link");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let error = open(&link).unwrap_err();
    assert!(error.contains("is a symbolic link"), "{error}");

    let f = Fixture::new();
    let dir = f.mkdir(ROOT_ID, "Bills");
    std::fs::remove_dir(f.data().join("Bills")).unwrap();
    std::os::unix::fs::symlink(&outside, f.data().join("Bills")).unwrap();
    let answer = f.upload(&dir, "a.pdf", b"A");
    assert_ne!(answer.status, StatusCode::CREATED);
    assert!(!outside.join("a.pdf").exists(), "written through the link");

    // The store's own files cannot be taken by a rename either.
    let id = f.upload(ROOT_ID, "a.pdf", b"A").json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let attrs = json!({"name": DOCUMENTS});
    let body = json!({"data": {"type": "io.cozy.files", "id": id, "attributes": attrs}});
    let answer = f.json("PATCH", &format!("/files/{id}"), body);
    assert_eq!(answer.status, StatusCode::CONFLICT);
}
