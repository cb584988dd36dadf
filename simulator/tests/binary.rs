//! The `govuk-notify-simulator` binary: the `--json` first line, the banner,
//! flags, and a clean exit on SIGTERM.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_govuk-notify-simulator");

fn spawn(args: &[&str]) -> (Child, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (child, stdout)
}

fn http_get(base_url: &str, path: &str) -> (u16, String) {
    let addr = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    let status = out.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = out.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

fn terminate(mut child: Child) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("simulator did not exit on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn json_first_line_describes_the_server_and_sigterm_exits_cleanly() {
    let (child, mut stdout) = spawn(&["--port", "0", "--json", "--page-size", "3"]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(&line).expect("first line is JSON");
    let base = info["base_url"].as_str().unwrap().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(!base.ends_with(":0"));
    assert_eq!(info["service_id"], "26785a09-ab16-4eb0-8407-a37497a57506");
    assert_eq!(
        info["keys"]["test"],
        "simulator_test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
    );
    assert_eq!(
        info["keys"]["team"],
        "simulator_team_key-26785a09-ab16-4eb0-8407-a37497a57506-a1b2c3d4-1111-4222-8333-944455556666"
    );
    assert_eq!(
        info["keys"]["live"],
        "simulator_live_key-26785a09-ab16-4eb0-8407-a37497a57506-f0e1d2c3-7777-4888-9999-aaaabbbbcccc"
    );
    assert_eq!(
        info["templates"]["sms"],
        "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    );
    assert_eq!(
        info["templates"]["email"],
        "5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8"
    );
    assert_eq!(
        info["templates"]["email_file"],
        "6f3e5d7c-8b9a-4c0d-b2e3-f4a5b6c7d8e9"
    );
    assert_eq!(
        info["templates"]["letter"],
        "7a4f6e8d-9cab-4d1e-83f4-a5b6c7d8e9f0"
    );
    assert_eq!(
        info["templates"]["sms_versioned"],
        "9b5a7f0e-1dbc-4e2f-94a5-b6c7d8e9f0a1"
    );
    assert_eq!(
        info["sms_sender_id"],
        "b0c6f7e2-3a4d-4e5f-8a9b-0c1d2e3f4a5b"
    );
    assert_eq!(
        info["email_reply_to_id"],
        "c1d7a8f3-4b5e-4f6a-9b0c-1d2e3f4a5b6c"
    );
    assert_eq!(info["control_url"], format!("{base}/_simulator"));

    let (status, body) = http_get(&base, "/_simulator/health");
    assert_eq!((status, body.as_str()), (200, r#"{"status":"ok"}"#));
    let (status, _) = http_get(&base, "/v2/templates");
    assert_eq!(status, 401);

    let exit = terminate(child);
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn human_banner_lists_keys_and_templates() {
    let (child, mut stdout) = spawn(&["--port", "0", "--status-delay-ms", "0"]);
    let mut banner = String::new();
    for _ in 0..16 {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        banner.push_str(&line);
    }
    assert!(
        banner.starts_with("GOV.UK Notify simulator listening on http://127.0.0.1:"),
        "{banner}"
    );
    for expected in [
        "26785a09-ab16-4eb0-8407-a37497a57506",
        "simulator_test_key-",
        "simulator_team_key-",
        "simulator_live_key-",
        "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "9b5a7f0e-1dbc-4e2f-94a5-b6c7d8e9f0a1",
        "/_simulator",
    ] {
        assert!(
            banner.contains(expected),
            "{expected} missing from:\n{banner}"
        );
    }
    assert!(terminate(child).success());
}

#[test]
fn flags_are_applied() {
    let dir = std::env::temp_dir().join(format!("sim-flags-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    std::fs::write(
        &config,
        r#"{"services": [{"id": "0f0e0d0c-0b0a-4909-8807-060504030201", "api_keys": [{"name": "k", "type": "test", "secret": "s3cr3t"}]}]}"#,
    )
    .unwrap();
    let templates = dir.join("templates.json");
    std::fs::write(
        &templates,
        r#"[{"id": "12345678-1234-4234-8234-123456789012", "name": "Only", "type": "sms", "body": "Hi"}]"#,
    )
    .unwrap();
    let (child, mut stdout) = spawn(&[
        "--port",
        "0",
        "--json",
        "--config",
        config.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
        "--team-key-secret",
        "team-secret",
    ]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(info["service_id"], "0f0e0d0c-0b0a-4909-8807-060504030201");
    assert_eq!(
        info["keys"]["test"],
        "k-0f0e0d0c-0b0a-4909-8807-060504030201-s3cr3t"
    );
    assert_eq!(
        info["keys"]["team"],
        "simulator_team_key-0f0e0d0c-0b0a-4909-8807-060504030201-team-secret"
    );
    assert_eq!(info["keys"]["live"], Value::Null);
    assert!(terminate(child).success());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_and_bad_arguments() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--port",
        "--json",
        "--rate-limit",
        "--callback-url",
        "--pdf-delay-ms",
    ] {
        assert!(help.contains(flag), "{flag}");
    }
    let out = Command::new(BIN).arg("--no-such-flag").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--no-such-flag"));
    let out = Command::new(BIN)
        .args(["--port", "banana"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN)
        .args(["--port", "0", "--callback-url", "https://example.com/cb"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "https callbacks are refused");
}
