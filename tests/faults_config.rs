//! Configuration and roster files under faults (issue 26), through the
//! real binary, CLI and server: a folder, FIFO, device or `/dev/stdin`
//! named as configuration or roster (`--config`, `notelint.toml`'s
//! `roster`, the server's `configPath`) is a configuration error naming
//! it, never a hang or a read without end; so is a configuration file over
//! the size cap. The server still answers `initialize` and keeps serving.

mod cli_support;
#[path = "common/lsp_client.rs"]
mod lsp_client;
use cli_support::*;
use lsp_client::{file_uri, temp_dir, LspClient};
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const TIDY: &str = " A Talk\nby Ann Lee\nWeb, Beginner\n\nDescription: words\n";
const LIMIT: Duration = Duration::from_secs(60);

/// Run with a bounded wait: a hang is a failure, not a stuck test run.
fn run_bounded(c: Command) -> Run {
    run_bounded_cmd(c, LIMIT)
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_bounded(command(dir, args))
}

#[test]
fn a_folder_named_notelint_toml_is_a_configuration_error() {
    let d = tmp();
    write(d.path(), "a.talk", TIDY);
    std::fs::create_dir(d.path().join("notelint.toml")).unwrap();
    for args in [
        &["check", "."][..],
        &["check", "--config", "notelint.toml", "."],
    ] {
        let r = run_in(d.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(
            r.stderr.contains("notelint.toml: is a directory"),
            "{args:?}: {r:?}"
        );
    }
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().unwrap();
    assert!(ok.success());
}

#[test]
fn devices_and_fifos_are_refused_as_config_or_roster() {
    let d = tmp();
    write(d.path(), "a.talk", TIDY);
    mkfifo(&d.path().join("pipe.toml"));
    for target in ["/dev/zero", "/dev/urandom", "pipe.toml"] {
        let r = run_in(d.path(), &["check", "--config", target, "a.talk"]);
        assert_eq!(r.code, 2, "--config {target}: {r:?}");
        assert!(
            r.stderr.contains(&format!("{target}: not a regular file")),
            "--config {target}: {r:?}"
        );
        write(
            d.path(),
            "notelint.toml",
            format!("roster = \"{target}\"\n"),
        );
        let r = run_in(d.path(), &["check", "a.talk"]);
        assert_eq!(r.code, 2, "roster {target}: {r:?}");
        assert!(
            r.stderr.contains("notelint.toml:")
                && r.stderr.contains("`roster`: roster `")
                && r.stderr.contains(&format!("{target}`: not a regular file")),
            "roster {target}: {r:?}"
        );
    }
}

#[test]
fn a_configuration_file_over_the_cap_is_refused() {
    let d = tmp();
    write(d.path(), "a.talk", TIDY);
    // 11 MiB of comments: valid TOML, but no configuration is that big.
    let line = "# a comment line to make the roster big\n";
    write(
        d.path(),
        "people.toml",
        line.repeat((11 << 20) / line.len()),
    );
    write(d.path(), "notelint.toml", "roster = \"people.toml\"\n");
    let r = run_in(d.path(), &["check", "a.talk"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("over the 10485760-byte limit"), "{r:?}");
}

/// Start the server on `root` with `initializationOptions`; `initialize`
/// must be answered, and a config error shown, naming `what`.
fn server_refuses(root: &Path, options: serde_json::Value, what: &str) {
    let mut c = LspClient::spawn_in(Some(root));
    let uri = file_uri(root);
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri, "capabilities": {},
               "workspaceFolders": [{"uri": uri, "name": "root"}],
               "initializationOptions": options}),
    );
    assert!(r["capabilities"].is_object(), "{r}");
    c.notify("initialized", json!({}));
    let shown = c.wait_for("showMessage for the refused file", |m| {
        m["method"] == "window/showMessage"
    });
    let msg = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains(what) && msg.contains("not a regular file"),
        "{shown}"
    );
    // Still serving.
    let note = root.join("a.talk");
    c.open(&file_uri(&note), TIDY, 1);
    c.wait_for("diagnostics for a.talk", |m| {
        m["method"] == "textDocument/publishDiagnostics"
    });
    c.shutdown_exit();
}

#[test]
fn the_server_answers_with_a_device_fifo_or_stdin_as_config_path() {
    let root = temp_dir("faults-config");
    mkfifo(&root.join("pipe.toml"));
    let fifo = root.join("pipe.toml").display().to_string();
    for target in ["/dev/zero", fifo.as_str(), "/dev/stdin"] {
        server_refuses(&root, json!({"configPath": target}), target);
    }
}

#[test]
fn the_server_answers_with_a_device_fifo_or_stdin_as_roster() {
    let root = temp_dir("faults-roster");
    mkfifo(&root.join("pipe.toml"));
    for target in ["/dev/zero", "pipe.toml", "/dev/stdin"] {
        std::fs::write(
            root.join("notelint.toml"),
            format!("roster = \"{target}\"\n"),
        )
        .unwrap();
        server_refuses(&root, json!({}), target);
    }
}

#[test]
fn the_server_answers_when_the_config_path_setting_names_a_fifo() {
    let root = temp_dir("faults-setting");
    mkfifo(&root.join("pipe.toml"));
    let mut c = LspClient::spawn_in(Some(&root));
    c.initialize(json!({}), Some(&file_uri(&root)));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"notelint": {"configPath": root.join("pipe.toml")}}}),
    );
    let shown = c.wait_for("showMessage for the FIFO", |m| {
        m["method"] == "window/showMessage"
    });
    let msg = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("pipe.toml: not a regular file"), "{shown}");
    c.shutdown_exit();
}
