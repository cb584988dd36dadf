//! The `govuk-notify-simulator` command line: flags, start-up banner, signals. The binary
//! (`src/main.rs`) and the commands installed with the Python wheel and the npm package (so a
//! Python or Node team can run the simulator without a Rust toolchain) all call [`main`].

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};

use crate::templates::parse_templates_json;
use crate::{ApiKeyConfig, Config, KeyKind, Simulator};

const USAGE: &str = "\
Usage: govuk-notify-simulator [OPTIONS]

A local GOV.UK Notify API v2 server.

Options:
  --host HOST                  Address to listen on (default 127.0.0.1)
  --port PORT                  Port (default 6011; 0 = any free port)
  --json                       Print one JSON line with the URLs, keys and ids first
  --config FILE                JSON configuration file (flags override it)
  --templates FILE             JSON templates file (replaces the built-in set)
  --rate-limit N               Send requests per key type per minute (default 3000)
  --rate-limit-window-secs N   The rate limit's window in seconds (default 60)
  --daily-limit N              Emails and text messages per day each (default 250000)
  --daily-letter-limit N       Letters per day (default 20000)
  --page-size N                Page size of list endpoints (default 250)
  --status-delay-ms N          created -> sending after N ms, final after 2N (default 1000; 0 = immediately final)
  --pdf-delay-ms N             Letter PDFs are not ready for N ms (default 2000)
  --callback-url URL           Delivery-receipt callback URL (http://)
  --callback-token TOKEN       Bearer token for callbacks
  --inbound-callback-url URL   Received-text callback URL (http://)
  --inbound-callback-token T   Bearer token for received-text callbacks (default: --callback-token)
  --callback-retries N         Retries after a failed callback (default 5)
  --callback-backoff-ms N      Delay between callback attempts (default 500)
  --service-id UUID            Service id
  --test-key-secret S          Secret of the test key
  --team-key-secret S          Secret of the team key
  --live-key-secret S          Secret of the live key
  --team-phone NUMBER          Team member phone number (repeatable; replaces the default)
  --team-email ADDRESS         Team member email address (repeatable; replaces the default)
  --verbose                    Log one line per request to stderr
  -h, --help                   Show this help
  -V, --version                Show the version
";

#[derive(Default)]
struct Args {
    host: Option<String>,
    port: Option<u16>,
    json: bool,
    config: Option<String>,
    templates: Option<String>,
    rate_limit: Option<u32>,
    rate_limit_window_secs: Option<u64>,
    daily_limit: Option<u64>,
    daily_letter_limit: Option<u64>,
    page_size: Option<usize>,
    status_delay_ms: Option<u64>,
    pdf_delay_ms: Option<u64>,
    callback_url: Option<String>,
    callback_token: Option<String>,
    inbound_callback_url: Option<String>,
    inbound_callback_token: Option<String>,
    callback_retries: Option<u32>,
    callback_backoff_ms: Option<u64>,
    service_id: Option<String>,
    test_secret: Option<String>,
    team_secret: Option<String>,
    live_secret: Option<String>,
    team_phones: Vec<String>,
    team_emails: Vec<String>,
    verbose: bool,
}

enum Parsed {
    Run(Box<Args>),
    Exit(String),
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag}: {value:?} is not a valid number"))
}

fn parse_args(raw: Vec<String>) -> Result<Parsed, String> {
    let mut args = Args::default();
    let mut it = raw.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let value = |it: &mut std::vec::IntoIter<String>| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it.next().ok_or_else(|| format!("{flag} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Exit(USAGE.to_owned())),
            "-V" | "--version" => {
                return Ok(Parsed::Exit(format!(
                    "govuk-notify-simulator {}\n",
                    env!("CARGO_PKG_VERSION")
                )))
            }
            "--json" => args.json = true,
            "--verbose" => args.verbose = true,
            "--host" => args.host = Some(value(&mut it)?),
            "--port" => args.port = Some(number("--port", &value(&mut it)?)?),
            "--config" => args.config = Some(value(&mut it)?),
            "--templates" => args.templates = Some(value(&mut it)?),
            "--rate-limit" => args.rate_limit = Some(number("--rate-limit", &value(&mut it)?)?),
            "--rate-limit-window-secs" => {
                args.rate_limit_window_secs =
                    Some(number("--rate-limit-window-secs", &value(&mut it)?)?)
            }
            "--daily-limit" => args.daily_limit = Some(number("--daily-limit", &value(&mut it)?)?),
            "--daily-letter-limit" => {
                args.daily_letter_limit = Some(number("--daily-letter-limit", &value(&mut it)?)?)
            }
            "--page-size" => args.page_size = Some(number("--page-size", &value(&mut it)?)?),
            "--status-delay-ms" => {
                args.status_delay_ms = Some(number("--status-delay-ms", &value(&mut it)?)?)
            }
            "--pdf-delay-ms" => {
                args.pdf_delay_ms = Some(number("--pdf-delay-ms", &value(&mut it)?)?)
            }
            "--callback-url" => args.callback_url = Some(value(&mut it)?),
            "--callback-token" => args.callback_token = Some(value(&mut it)?),
            "--inbound-callback-url" => args.inbound_callback_url = Some(value(&mut it)?),
            "--inbound-callback-token" => args.inbound_callback_token = Some(value(&mut it)?),
            "--callback-retries" => {
                args.callback_retries = Some(number("--callback-retries", &value(&mut it)?)?)
            }
            "--callback-backoff-ms" => {
                args.callback_backoff_ms = Some(number("--callback-backoff-ms", &value(&mut it)?)?)
            }
            "--service-id" => args.service_id = Some(value(&mut it)?),
            "--test-key-secret" => args.test_secret = Some(value(&mut it)?),
            "--team-key-secret" => args.team_secret = Some(value(&mut it)?),
            "--live-key-secret" => args.live_secret = Some(value(&mut it)?),
            "--team-phone" => args.team_phones.push(value(&mut it)?),
            "--team-email" => args.team_emails.push(value(&mut it)?),
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(Parsed::Run(Box::new(args)))
}

fn set_secret(config: &mut Config, kind: KeyKind, secret: Option<String>) {
    let Some(secret) = secret else { return };
    let Some(service) = config.services.first_mut() else {
        return;
    };
    match service.api_keys.iter_mut().find(|k| k.kind == kind) {
        Some(key) => key.secret = secret,
        None => service.api_keys.push(ApiKeyConfig::new(kind, &secret)),
    }
}

fn build_config(args: Args) -> Result<(Config, bool), String> {
    let mut config = match &args.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("--config {path}: {e}"))?;
            Config::from_json(&text).map_err(|e| format!("--config {path}: {e}"))?
        }
        None => Config::default(),
    };
    if let Some(path) = &args.templates {
        let text = std::fs::read_to_string(path).map_err(|e| format!("--templates {path}: {e}"))?;
        config.templates =
            parse_templates_json(&text).map_err(|e| format!("--templates {path}: {e}"))?;
    }
    let host = args.host.clone().unwrap_or_else(|| "127.0.0.1".to_owned());
    let ip: IpAddr = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .map_err(|_| format!("--host: {host:?} is not an IP address"))?;
    if args.host.is_some() || args.port.is_some() || args.config.is_none() {
        let port = args.port.unwrap_or(if args.config.is_some() {
            config.bind.port()
        } else {
            6011
        });
        config.bind = SocketAddr::new(ip, port);
    }
    macro_rules! set {
        ($field:ident, $value:expr) => {
            if let Some(v) = $value {
                config.$field = v;
            }
        };
    }
    set!(rate_limit, args.rate_limit);
    set!(rate_limit_window_secs, args.rate_limit_window_secs);
    set!(daily_limit, args.daily_limit);
    set!(daily_letter_limit, args.daily_letter_limit);
    set!(page_size, args.page_size);
    set!(status_delay_ms, args.status_delay_ms);
    set!(pdf_delay_ms, args.pdf_delay_ms);
    set!(callback_retries, args.callback_retries);
    set!(callback_retry_backoff_ms, args.callback_backoff_ms);
    if args.callback_url.is_some() {
        config.callback_url = args.callback_url;
    }
    if args.callback_token.is_some() {
        config.callback_token = args.callback_token;
    }
    if args.inbound_callback_url.is_some() {
        config.inbound_callback_url = args.inbound_callback_url;
    }
    if args.inbound_callback_token.is_some() {
        config.inbound_callback_token = args.inbound_callback_token;
    }
    if let Some(id) = args.service_id {
        if let Some(service) = config.services.first_mut() {
            service.id = id;
        }
    }
    set_secret(&mut config, KeyKind::Test, args.test_secret);
    set_secret(&mut config, KeyKind::Team, args.team_secret);
    set_secret(&mut config, KeyKind::Live, args.live_secret);
    if let Some(service) = config.services.first_mut() {
        if !args.team_phones.is_empty() {
            service.team_phone_numbers = args.team_phones;
        }
        if !args.team_emails.is_empty() {
            service.team_email_addresses = args.team_emails;
        }
    }
    if args.verbose {
        config.verbose = true;
    }
    config.validate()?;
    Ok((config, args.json))
}

fn banner(sim: &Simulator) -> String {
    let info = sim.info();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    format!(
        "GOV.UK Notify simulator listening on {base}\n\
         \n\
         Service id:         {sid}\n\
         API keys:\n\
         \x20 test:             {test}\n\
         \x20 team:             {team}\n\
         \x20 live:             {live}\n\
         Templates:\n\
         \x20 sms:              {sms}\n\
         \x20 email:            {email}\n\
         \x20 email with file:  {email_file}\n\
         \x20 letter:           {letter}\n\
         \x20 sms (2 versions): {sms_versioned}\n\
         SMS sender id:      {sender}\n\
         Email reply-to id:  {reply_to}\n\
         Control API:        {control}\n",
        base = s(&info["base_url"]),
        sid = s(&info["service_id"]),
        test = s(&info["keys"]["test"]),
        team = s(&info["keys"]["team"]),
        live = s(&info["keys"]["live"]),
        sms = s(&info["templates"]["sms"]),
        email = s(&info["templates"]["email"]),
        email_file = s(&info["templates"]["email_file"]),
        letter = s(&info["templates"]["letter"]),
        sms_versioned = s(&info["templates"]["sms_versioned"]),
        sender = s(&info["sms_sender_id"]),
        reply_to = s(&info["email_reply_to_id"]),
        control = s(&info["control_url"]),
    )
}

/// Installs the SIGTERM/SIGINT handlers now (before the start-up line is
/// printed, so a harness may signal as soon as it has read it) and returns a
/// future that completes on the first signal.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term =
            signal(SignalKind::terminate()).map_err(|e| format!("cannot handle SIGTERM: {e}"))?;
        let mut int =
            signal(SignalKind::interrupt()).map_err(|e| format!("cannot handle SIGINT: {e}"))?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

async fn run(config: Config, json: bool, handle_signals: bool) -> Result<(), String> {
    let signal: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> = if handle_signals {
        Box::pin(shutdown_signal()?)
    } else {
        // Embedded in another runtime's process (Node): that process's own signal handling ends
        // it, as for any program it runs.
        Box::pin(std::future::pending())
    };
    let sim = Simulator::start(config)
        .await
        .map_err(|e| format!("cannot start: {e}"))?;
    let mut out = std::io::stdout().lock();
    let write_result = if json {
        writeln!(out, "{}", sim.info())
    } else {
        write!(out, "{}", banner(&sim))
    };
    write_result
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    drop(out);
    signal.await;
    sim.shutdown().await;
    Ok(())
}

/// Runs the simulator with these command-line arguments (without the program name) until SIGINT
/// or SIGTERM, and returns the process exit status: 0 after a clean shutdown or `--help`, 2 for a
/// bad flag, 1 when it cannot start. Messages go to stdout and stderr as the binary's do.
pub fn main(args: Vec<String>) -> u8 {
    main_with(args, true)
}

/// [`main`] for a process whose runtime owns the signals (Node, whose own SIGINT/SIGTERM handling
/// must end the process): no handlers are installed, and the simulator serves until the process
/// ends. A shutdown by signal handler inside Node left the process spinning instead of exiting.
pub fn main_embedded(args: Vec<String>) -> u8 {
    main_with(args, false)
}

fn main_with(args: Vec<String>, handle_signals: bool) -> u8 {
    let args = match parse_args(args) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Exit(text)) => {
            let _ = write!(std::io::stdout(), "{text}");
            return 0;
        }
        Err(e) => {
            eprintln!("govuk-notify-simulator: {e}");
            return 2;
        }
    };
    let (config, json) = match build_config(*args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("govuk-notify-simulator: {e}");
            return 2;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("govuk-notify-simulator: cannot start the runtime: {e}");
            return 1;
        }
    };
    match runtime.block_on(run(config, json, handle_signals)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("govuk-notify-simulator: {e}");
            1
        }
    }
}
