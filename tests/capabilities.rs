//! Denied capabilities (DESIGN §3, issue 4): the modules load, their entry points throw
//! `ERR_ACCESS_DENIED` naming the capability. kvm-only: node's behaviour differs by design.

mod common;

use common::KvmCmd;

#[test]
fn denied_modules_load_and_every_entry_point_is_refused() {
    let script = common::fixture("denied_calls.js");
    let expected = std::fs::read_to_string(common::fixture("denied_calls.expected")).unwrap();
    let run = KvmCmd::new().arg(&script).output();
    run.assert_code(0);
    let actual = run.messages();
    assert!(
        actual == expected,
        "{}",
        actual
            .lines()
            .zip(expected.lines())
            .find(|(a, e)| a != e)
            .map(|(a, e)| format!("kvm:      {a}\nexpected: {e}"))
            .unwrap_or_else(|| "different line counts".into())
    );
}

#[test]
fn denied_errors_name_the_capability() {
    let dir = common::Dir::new();
    let script = dir.write(
        "spawn.js",
        r#"
        try { require('child_process').spawn('ls'); }
        catch (e) { console.log(e.code, e.message); }
        try { process.binding('fs'); } catch (e) { console.log(e.code); }
        try { process.kill(1, 'SIGKILL'); } catch (e) { console.log(e.code, e.message.split(':')[1]); }
        try { process.chdir('/'); } catch (e) { console.log(e.code); }
        class MySocket extends require('net').Socket {}
        console.log(typeof MySocket, require('worker_threads').isMainThread);
        "#,
    );
    let run = KvmCmd::new().arg(&script).output();
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "ERR_ACCESS_DENIED child_process.spawn is not available in kvm: konnectors cannot spawn processes (capability \"child_process\" is not granted)\nERR_ACCESS_DENIED\nERR_ACCESS_DENIED  konnectors cannot send signals to processes (capability \"signals\" is not granted)\nERR_ACCESS_DENIED\nfunction true\n"
    );
}
