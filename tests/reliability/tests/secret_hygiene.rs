//! Secret hygiene: the API key's secret and every token the client issues must never appear in
//! anything a user or an operator can see.
//!
//! Every core operation and every error path (argument, auth, clock skew, 4xx, 429, 5xx, HTML and
//! non-JSON bodies, oversized body, timeout, connection refused, dropped and reset connections,
//! proxy failure, pager failure, blocking facade misuse) runs against the in-process simulator
//! while a TRACE-level `tracing` subscriber (which also receives `log` records from reqwest and
//! hyper) and a panic hook capture all output. Then the Display, `Debug`, `{:#?}`, `to_json()`,
//! message, body, headers and source chain of every error, the `Debug` of every client, builder,
//! key, pager, request and response, and the messages of deliberately forced panics are searched
//! for: each key's secret, every token the simulator received (taken from its recorded
//! `authorization` headers), each token's signature, any JWT at all (the fixed header every token
//! starts with), the secret-shaped tail of refused keys, and a proxy password.

// A test: failing loudly on the unexpected is the point, and the forced panics are deliberate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use govuk_notify::requests::{
    GetTemplate, ListNotifications, Operation, PreviewTemplate, SendEmail, SendLetter,
    SendPrecompiledLetter, SendSms,
};
use govuk_notify::{
    blocking, create_token, prepare_upload, ApiKey, Client, ClientBuilder, Error, Personalisation,
    RetryPolicy, UploadOptions,
};
use govuk_notify_reliability::{capture, catch_expected_panic, Exhibits};
use govuk_notify_simulator::{Config, Fault, KeyKind, ReceivedTextSeed, Simulator};
use serde_json::json;

/// base64url of `{"alg":"HS256","typ":"JWT"}`: the start of every token the client makes.
const JWT_HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
const PROXY_PASSWORD: &str = "pr0xy-pa55w0rd-7c1e";
/// A well-formed key for the simulator's service with a secret the server does not know.
const WRONG_SECRET: &str = "0b6e8e2a-9f4c-4d51-8a7e-5c3f2d1e0a9b";
const NOWHERE: &str = "8fef167e-9229-481d-97bb-59e41a2dbc60";

fn secret_of(key: &str) -> String {
    key[key.len() - 36..].to_owned()
}

fn fault(v: serde_json::Value) -> Fault {
    serde_json::from_value(v).expect("a valid fault")
}

/// A port that was free a moment ago: connections to it are refused.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Everything an error shows, in every form.
fn show_error(ex: &mut Exhibits, label: &str, e: &Error) {
    ex.add(format!("{label}: Display"), e.to_string());
    ex.add(format!("{label}: Debug"), format!("{e:?}"));
    ex.add(format!("{label}: Debug#"), format!("{e:#?}"));
    ex.add(format!("{label}: to_json"), e.to_json().to_string());
    ex.add(format!("{label}: message"), e.message().to_owned());
    ex.add(format!("{label}: kind"), e.kind().as_str());
    ex.add(format!("{label}: errors"), format!("{:?}", e.errors()));
    if let Some(j) = e.errors_json() {
        ex.add(format!("{label}: errors_json"), j.to_string());
    }
    if let Some(b) = e.body() {
        ex.add(format!("{label}: body"), b.to_owned());
    }
    ex.add(format!("{label}: headers"), format!("{:?}", e.headers()));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        ex.add(format!("{label}: source"), format!("{s} / {s:?}"));
        source = s.source();
    }
}

/// Records the outcome of a call that must fail, and returns the error's kind name.
fn expect_err<T: std::fmt::Debug>(ex: &mut Exhibits, label: &str, r: Result<T, Error>) -> String {
    match r {
        Ok(v) => {
            ex.add(format!("{label}: unexpected Ok"), format!("{v:?}"));
            panic!("{label}: expected an error, got {v:?}");
        }
        Err(e) => {
            show_error(ex, label, &e);
            e.kind().as_str().to_owned()
        }
    }
}

/// Runs `f`, which must panic, and records the panic message.
fn forced_panic(ex: &mut Exhibits, label: &str, f: impl FnOnce()) {
    let payload = catch_expected_panic(f).expect_err("the closure panics");
    let text = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    assert!(!text.is_empty(), "{label}: no panic message");
    ex.add(format!("{label}: panic payload"), text);
}

fn as_failure(e: Error) -> Result<(), Error> {
    Err(e)
}

fn builder(key: &str, base_url: &str) -> ClientBuilder {
    Client::builder(key)
        .base_url(base_url)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(10),
            ..RetryPolicy::default()
        })
        .binding("reliability")
        .user_agent_suffix("secret-hygiene/1")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_or_token_reaches_logs_errors_debug_json_or_panics() {
    let logs = capture();
    let sim = Simulator::start(Config {
        page_size: 2,
        status_delay_ms: 0,
        pdf_delay_ms: 0,
        ..Config::default()
    })
    .await
    .expect("simulator starts");
    let base = sim.base_url();
    let info = sim.info();
    let tpl = |name: &str| {
        info["templates"][name]
            .as_str()
            .expect("template id")
            .to_owned()
    };
    let test_key = sim.api_key(KeyKind::Test);
    let team_key = sim.api_key(KeyKind::Team);
    let live_key = sim.api_key(KeyKind::Live);
    let service_id = sim.service_id();
    let wrong_key = format!("wrong_secret-{service_id}-{WRONG_SECRET}");
    let mut ex = Exhibits::default();

    // ---- keys, builders, clients ----------------------------------------------------------------
    for k in [&test_key, &team_key, &live_key, &wrong_key] {
        let parsed = ApiKey::parse(k).expect("parses");
        ex.add("ApiKey Debug", format!("{parsed:?} {parsed:#?}"));
        ex.add("ApiKey Display", parsed.to_string());
    }
    let b = builder(&test_key, &base);
    ex.add("ClientBuilder Debug", format!("{b:?} {b:#?}"));
    let client = b.build().expect("client");
    ex.add("Client Debug", format!("{client:?} {client:#?}"));
    ex.add(
        "Client to_builder Debug",
        format!("{:?}", client.to_builder()),
    );
    ex.add("Client user_agent", client.user_agent().to_owned());
    ex.add("RetryPolicy Debug", format!("{:?}", client.retry_policy()));

    // ---- every operation, successfully ----------------------------------------------------------
    let mut name = Personalisation::new();
    name.insert("name".into(), "Amala".into());
    let sms = client
        .send_sms(
            &SendSms::new("07700900123", tpl("sms"))
                .personalisation(name.clone())
                .reference("hygiene")
                .sms_sender_id(govuk_notify_simulator::SMS_SENDER_ID),
        )
        .await
        .expect("send_sms");
    ex.add("SmsResponse", format!("{sms:?}"));
    let file = prepare_upload(
        b"name,score\nA,1\n",
        UploadOptions {
            filename: Some("scores.csv".into()),
            ..UploadOptions::default()
        },
    )
    .expect("upload");
    ex.add("FileUpload Debug", format!("{file:?}"));
    let mut with_file = Personalisation::new();
    with_file.insert("link_to_file".into(), file.to_value());
    let email = client
        .send_email(
            &SendEmail::new("amala@example.com", tpl("email_file"))
                .personalisation(with_file)
                .email_reply_to_id(govuk_notify_simulator::EMAIL_REPLY_TO_ID),
        )
        .await
        .expect("send_email");
    ex.add("EmailResponse", format!("{email:?}"));
    let mut address = name.clone();
    for (k, v) in [
        ("address_line_1", "Amala"),
        ("address_line_2", "1 Street"),
        ("address_line_3", "SW1A 1AA"),
    ] {
        address.insert(k.into(), v.into());
    }
    let letter = client
        .send_letter(&SendLetter::new(tpl("letter"), address.clone()))
        .await
        .expect("send_letter");
    ex.add("LetterResponse", format!("{letter:?}"));
    let pdf = client
        .get_pdf_for_letter(&letter.id)
        .await
        .expect("get_pdf_for_letter");
    ex.add("letter PDF", String::from_utf8_lossy(&pdf).into_owned());
    let precompiled = client
        .send_precompiled_letter(
            &SendPrecompiledLetter::new("hygiene-pdf", &b"%PDF-1.4\n%%EOF\n"[..]).postage("second"),
        )
        .await
        .expect("send_precompiled_letter");
    ex.add("PrecompiledLetterResponse", format!("{precompiled:?}"));
    let n = client
        .get_notification(&sms.id)
        .await
        .expect("get_notification");
    ex.add("Notification", format!("{n:?}"));
    let list = client
        .list_notifications(&ListNotifications::default())
        .await
        .expect("list_notifications");
    ex.add("NotificationList", format!("{list:?}"));
    let mut pager = client.notifications(ListNotifications::default());
    ex.add("Pager Debug", format!("{pager:?}"));
    let mut pages = 0;
    while let Some(page) = pager.next_page().await.expect("page") {
        ex.add("notifications page", format!("{page:?}"));
        pages += 1;
    }
    assert!(pages >= 2, "the walk covers several pages ({pages})");
    let t = client
        .get_template(&tpl("sms"))
        .await
        .expect("get_template");
    ex.add("Template", format!("{t:?}"));
    let tv = client
        .get_template_version(&tpl("sms_versioned"), 1)
        .await
        .expect("get_template_version");
    ex.add("Template version", format!("{tv:?}"));
    let ts = client.list_templates(None).await.expect("list_templates");
    ex.add("TemplateList", format!("{ts:?}"));
    let preview = client
        .preview_template(&PreviewTemplate {
            template_id: tpl("email"),
            personalisation: Some(name.clone()),
        })
        .await
        .expect("preview_template");
    ex.add("TemplatePreview", format!("{preview:?}"));
    sim.seed_received_texts(vec![ReceivedTextSeed::default(); 3]);
    let texts = client
        .list_received_texts(None)
        .await
        .expect("list_received_texts");
    ex.add("ReceivedTextList", format!("{texts:?}"));
    let mut inbox = client.received_texts(None);
    while let Some(page) = inbox.next_page().await.expect("received page") {
        ex.add("received page", format!("{page:?}"));
    }
    let req = GetTemplate {
        template_id: tpl("email"),
    }
    .to_http()
    .expect("request");
    ex.add("HttpRequest Debug", format!("{req:?}"));
    ex.add("url_for", client.url_for(&req).to_string());
    let raw = client.execute(&req).await.expect("execute");
    ex.add("RawResponse Debug", format!("{raw:?}"));

    // ---- argument errors ------------------------------------------------------------------------
    let kind = expect_err(
        &mut ex,
        "bad id",
        client.get_notification("not-a-uuid").await,
    );
    assert_eq!(kind, "argument");
    expect_err(
        &mut ex,
        "empty phone",
        SendSms::new("", tpl("sms")).to_http(),
    );
    // Refused keys: their would-be secrets must not be echoed either.
    let bad_secret = format!("{}g", &WRONG_SECRET[..35]);
    let refused = [
        format!("bad-{service_id}-{bad_secret}"),
        format!("bad-{}-{WRONG_SECRET}", "x".repeat(36)),
        WRONG_SECRET.to_owned(),
        format!("{service_id}é{WRONG_SECRET}"),
    ];
    for k in &refused {
        expect_err(&mut ex, "ApiKey::parse refused", ApiKey::parse(k));
        expect_err(
            &mut ex,
            "Client build refused key",
            Client::builder(k).build(),
        );
        expect_err(&mut ex, "create_token refused key", create_token(k, 0));
    }
    expect_err(
        &mut ex,
        "bad base_url",
        Client::builder(&test_key)
            .base_url("ftp://example.com")
            .build(),
    );

    // ---- auth -----------------------------------------------------------------------------------
    let wrong = builder(&wrong_key, &base)
        .build()
        .expect("wrong-secret client");
    let kind = expect_err(&mut ex, "wrong secret", wrong.list_templates(None).await);
    assert_eq!(kind, "auth");
    let team = builder(&team_key, &base).build().expect("team client");
    let kind = expect_err(
        &mut ex,
        "team key letter",
        team.send_letter(&SendLetter::new(tpl("letter"), address.clone()))
            .await,
    );
    assert_eq!(kind, "auth");
    sim.set_clock_offset(120);
    let kind = expect_err(&mut ex, "clock skew", client.list_templates(None).await);
    assert_eq!(kind, "auth");
    sim.set_clock_offset(0);

    // ---- 4xx, 429, 5xx, odd bodies ------------------------------------------------------------------
    let kind = expect_err(
        &mut ex,
        "validation",
        client
            .send_sms(&SendSms::new("123", tpl("sms")).personalisation(name.clone()))
            .await,
    );
    assert_eq!(kind, "validation");
    let kind = expect_err(&mut ex, "not found", client.get_notification(NOWHERE).await);
    assert_eq!(kind, "not_found");
    let faults = [
        (
            "405",
            json!({"method": "GET", "path_prefix": "/v2/templates", "status": 405, "times": 1}),
            "http",
        ),
        (
            "rate limit",
            json!({"method": "GET", "path_prefix": "/v2/templates", "status": 429, "times": 2,
            "headers": {"retry-after": "0"},
            "body": "{\"status_code\":429,\"errors\":[{\"error\":\"RateLimitError\",\"message\":\"Exceeded rate limit\"}]}"}),
            "rate_limited",
        ),
        (
            "daily limit",
            json!({"method": "GET", "path_prefix": "/v2/templates", "status": 429, "times": 1,
            "body": "{\"status_code\":429,\"errors\":[{\"error\":\"TooManyRequestsError\",\"message\":\"Exceeded send limits (1000) for today\"}]}"}),
            "daily_limit",
        ),
        (
            "500",
            json!({"method": "GET", "path_prefix": "/v2/templates", "status": 500, "times": 2}),
            "server",
        ),
        (
            "502 html",
            json!({"method": "GET", "path_prefix": "/v2/templates", "status": 502, "times": 2,
            "content_type": "text/html", "body": "<html><body>Bad gateway</body></html>"}),
            "server",
        ),
        (
            "200 not json",
            json!({"method": "GET", "path_prefix": "/v2/templates", "status": 200, "times": 1,
            "content_type": "text/plain", "body": "not json"}),
            "invalid_response",
        ),
        (
            "dropped",
            json!({"method": "GET", "path_prefix": "/v2/templates", "action": "drop", "times": 2}),
            "transport",
        ),
        (
            "reset mid body",
            json!({"method": "GET", "path_prefix": "/v2/templates", "action": "reset_mid_body",
            "status": 200, "body": "{\"templates\": [1, 2, 3, 4, 5, 6, 7, 8]}", "times": 2}),
            "transport",
        ),
    ];
    for (label, f, want) in faults {
        sim.add_fault(fault(f));
        let kind = expect_err(&mut ex, label, client.list_templates(None).await);
        sim.clear_faults();
        assert_eq!(kind, want, "{label}");
    }
    // A send that fails with 5xx is not retried; its error still shows nothing secret.
    sim.add_fault(fault(json!({"method": "POST", "path_prefix": "/v2/notifications/sms", "status": 503, "times": 1})));
    expect_err(
        &mut ex,
        "send 503",
        client
            .send_sms(&SendSms::new("07700900123", tpl("sms")).personalisation(name.clone()))
            .await,
    );
    sim.clear_faults();
    // A body over the client's limit.
    let small = builder(&test_key, &base)
        .max_response_bytes(1024)
        .build()
        .expect("small-limit client");
    sim.add_fault(fault(
        json!({"method": "GET", "path_prefix": "/v2/templates", "action": "huge_body",
        "status": 200, "body_bytes": 200000, "times": 1}),
    ));
    let kind = expect_err(&mut ex, "huge body", small.list_templates(None).await);
    sim.clear_faults();
    assert_eq!(kind, "invalid_response");

    // ---- timeout and transport ------------------------------------------------------------------
    let impatient = builder(&test_key, &base)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("impatient client");
    sim.add_fault(fault(
        json!({"method": "GET", "path_prefix": "/v2/templates", "action": "hang",
        "delay_ms": 3000, "times": 1}),
    ));
    let kind = expect_err(&mut ex, "timeout", impatient.list_templates(None).await);
    sim.clear_faults();
    assert_eq!(kind, "timeout");
    let refused_port = format!("http://127.0.0.1:{}", closed_port());
    let unreachable = builder(&test_key, &refused_port)
        .build()
        .expect("unreachable client");
    let kind = expect_err(
        &mut ex,
        "connection refused",
        unreachable.list_templates(None).await,
    );
    assert_eq!(kind, "transport");
    let proxy = format!(
        "http://proxyuser:{PROXY_PASSWORD}@127.0.0.1:{}",
        closed_port()
    );
    let proxied_builder = builder(&test_key, &base).proxy(proxy);
    ex.add(
        "proxied ClientBuilder Debug",
        format!("{proxied_builder:?}"),
    );
    let proxied = proxied_builder.build().expect("proxied client");
    ex.add("proxied Client Debug", format!("{proxied:?}"));
    let kind = expect_err(&mut ex, "proxy refused", proxied.list_templates(None).await);
    assert_eq!(kind, "transport");
    // An unparseable proxy URL that carries a password.
    let bad_proxy = Client::builder(&test_key)
        .base_url(&base)
        .proxy(format!("http://proxyuser:{PROXY_PASSWORD}@[::1"));
    ex.add("bad proxy ClientBuilder Debug", format!("{bad_proxy:?}"));
    if let Err(e) = bad_proxy.build() {
        show_error(&mut ex, "bad proxy", &e);
    }

    // ---- a pager that fails mid-walk, then resumes -----------------------------------------------
    let mut pager = client.notifications(ListNotifications::default());
    pager.next_page().await.expect("first page");
    sim.add_fault(fault(
        json!({"method": "GET", "path_prefix": "/v2/notifications", "status": 500, "times": 2}),
    ));
    expect_err(&mut ex, "pager 500", pager.next_page().await);
    sim.clear_faults();
    ex.add("Pager Debug after error", format!("{pager:?}"));
    while let Some(page) = pager.next_page().await.expect("resumed") {
        ex.add("resumed page", format!("{page:?}"));
    }

    // ---- the blocking facade ----------------------------------------------------------------------
    let sync = blocking::Client::from(client.clone());
    ex.add("blocking Client Debug", format!("{sync:?}"));
    // Misuse: a blocking call inside an async runtime is an error, not a deadlock or a panic.
    let kind = expect_err(
        &mut ex,
        "blocking inside runtime",
        sync.list_templates(None),
    );
    assert_eq!(kind, "internal");
    let sms_template = tpl("sms");
    // A plain thread: tokio's blocking pool still counts as "inside the runtime".
    let worker = std::thread::spawn(move || {
        let mut ex = Exhibits::default();
        let ok = sync.get_template(&sms_template).map(|t| format!("{t:?}"));
        let mut kinds = Vec::new();
        match ok {
            Ok(t) => ex.add("blocking Template", t),
            Err(e) => show_error(&mut ex, "blocking get_template", &e),
        }
        kinds.push(expect_err(
            &mut ex,
            "blocking not found",
            sync.get_notification(NOWHERE),
        ));
        let mut p = sync.notifications(ListNotifications::default());
        ex.add("blocking Pager Debug", format!("{p:?}"));
        while let Ok(Some(page)) = p.next_page() {
            ex.add("blocking page", format!("{page:?}"));
        }
        (ex, kinds)
    });
    let (sync_exhibits, sync_kinds) = tokio::task::spawn_blocking(move || worker.join())
        .await
        .expect("join task")
        .expect("blocking thread");
    assert_eq!(sync_kinds, ["not_found"]);

    // ---- forced panics that print a client, a key and an error --------------------------------------
    forced_panic(&mut ex, "unwrap_err on Ok(client)", || {
        let _ = builder(&test_key, &base).build().unwrap_err();
    });
    forced_panic(&mut ex, "unwrap on Err(auth error)", || {
        let e = Error::from_response(
            403,
            vec![],
            br#"{"errors":[{"error":"AuthError","message":"Invalid token: signature"}]}"#,
        );
        as_failure(e).unwrap();
    });
    forced_panic(&mut ex, "panic formatting a key", || {
        let k = ApiKey::parse(&test_key).expect("parses");
        panic!("key was {k:?} / {k}");
    });
    forced_panic(&mut ex, "panic formatting a client", || {
        panic!("client was {client:?}");
    });

    // ---- collect the secrets and tokens, and search everything -------------------------------------
    let recorded = sim.requests();
    let with_auth = recorded
        .iter()
        .filter(|r| r.headers.contains_key("authorization"))
        .count();
    assert!(
        with_auth >= 30,
        "the simulator recorded the requests ({with_auth})"
    );
    let mut tokens: Vec<String> = recorded
        .iter()
        .filter_map(|r| r.headers.get("authorization"))
        .filter_map(|h| h.strip_prefix("Bearer ").map(str::to_owned))
        .collect();
    tokens.sort();
    tokens.dedup();
    // Tokens minted in the same second for the same key are identical; three keys were used.
    assert!(
        tokens.len() >= 3,
        "the simulator recorded tokens ({} distinct)",
        tokens.len()
    );
    assert!(tokens.iter().all(|t| t.starts_with(JWT_HEADER)));
    let mut secrets = vec![
        ("test key secret".to_owned(), secret_of(&test_key)),
        ("team key secret".to_owned(), secret_of(&team_key)),
        ("live key secret".to_owned(), secret_of(&live_key)),
        ("wrong key secret".to_owned(), WRONG_SECRET.to_owned()),
        ("refused key tail".to_owned(), bad_secret.clone()),
        ("any JWT".to_owned(), JWT_HEADER.to_owned()),
        ("proxy password".to_owned(), PROXY_PASSWORD.to_owned()),
    ];
    for (i, t) in tokens.iter().enumerate() {
        secrets.push((format!("token #{i}"), t.clone()));
        if let Some(sig) = t.rsplit('.').next() {
            secrets.push((format!("signature of token #{i}"), sig.to_owned()));
        }
    }
    ex.extend(sync_exhibits);
    let log_text = logs.text();
    ex.add("captured logs and panic messages", log_text.clone());

    // The capture really saw the library and its HTTP stack, and the forced panics.
    assert!(
        log_text.contains("govuk_notify"),
        "core events were captured"
    );
    assert!(
        log_text.contains("request failed"),
        "core warnings were captured"
    );
    assert!(log_text.contains("retrying"), "retry events were captured");
    assert!(
        log_text.contains("reqwest") || log_text.contains("hyper"),
        "HTTP-stack log records were captured"
    );
    assert!(log_text.contains("PANIC: "), "panic messages were captured");
    // A sanity check that the search would find a leak: the recorded requests do hold the tokens.
    let mut control = Exhibits::default();
    control.add("recorded requests", format!("{recorded:?}"));
    assert!(
        !control.leaks(&secrets).is_empty(),
        "the search finds tokens where they are"
    );

    // GN_HYGIENE_DUMP=<file> writes everything that was searched, to read by eye.
    if let Some(path) = std::env::var_os("GN_HYGIENE_DUMP") {
        ex.dump(std::path::Path::new(&path)).expect("dump written");
    }
    let leaks = ex.leaks(&secrets);
    assert!(
        leaks.is_empty(),
        "{} leak(s) in {} exhibits:\n{}",
        leaks.len(),
        ex.len(),
        leaks.join("\n")
    );
    println!(
        "searched {} exhibits ({} bytes of captured logs) for {} secrets and tokens: none found",
        ex.len(),
        log_text.len(),
        secrets.len()
    );
    sim.shutdown().await;
}
