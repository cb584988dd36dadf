//! Benchmark driver for the Rust core (`govuk_notify::Client` on the core's process-wide runtime).
//!
//! Usage: `bench-core <scenario> <n> <warmup> <concurrency>` with the server and key in the
//! environment (`BENCH_BASE_URL`, `BENCH_API_KEY`, `BENCH_TEMPLATE_ID`, `BENCH_PHONE`).
//! Scenarios: `seq`, `conc`, `page`, `jwt`, `rss`, `cold`, `none` (and the experiments `seq_local` and `seq_spawn`, see
//! below). Prints one JSON line.
//! Client CPU is getrusage(RUSAGE_SELF) (every thread of the process) around the timed part.

use std::sync::Arc;
use std::time::Instant;

use govuk_notify::{Client, ListNotifications, Personalisation, SendSms};
use serde_json::{json, Value};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}

/// VmHWM of this process in KiB (not ru_maxrss, which on Linux includes the parent's RSS at fork).
fn peak_rss_kb() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(-1)
}

/// User + system CPU of the whole process, in seconds, and the peak RSS in KiB.
fn rusage() -> (f64, i64) {
    // SAFETY: getrusage only writes into the zeroed struct we own.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (secs(ru.ru_utime) + secs(ru.ru_stime), peak_rss_kb())
}

fn client() -> Result<Client, String> {
    Client::builder(&env("BENCH_API_KEY"))
        .base_url(env("BENCH_BASE_URL"))
        .build()
        .map_err(|e| e.to_string())
}

fn sms() -> SendSms {
    let mut p = Personalisation::new();
    p.insert("name".into(), "Amala".into());
    SendSms::new(env("BENCH_PHONE"), env("BENCH_TEMPLATE_ID")).personalisation(p)
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn run(scenario: &str, n: usize, warmup: usize, conc: usize) -> Result<Value, String> {
    let rt = || govuk_notify::runtime::runtime().map_err(|e| e.to_string());
    match scenario {
        "none" => Ok(json!({"maxrss_kb": peak_rss_kb()})),
        "cold" => {
            let _c = client()?;
            Ok(json!({"maxrss_kb": peak_rss_kb()}))
        }
        "jwt" => {
            let key = env("BENCH_API_KEY");
            let iat = 1_700_000_000;
            for _ in 0..warmup {
                govuk_notify::create_token(&key, iat).map_err(|e| e.to_string())?;
            }
            let (c0, _) = rusage();
            let t0 = Instant::now();
            for _ in 0..n {
                govuk_notify::create_token(&key, iat).map_err(|e| e.to_string())?;
            }
            let wall = t0.elapsed().as_secs_f64();
            let (c1, rss) = rusage();
            Ok(json!({"wall_s": wall, "cpu_s": c1 - c0, "maxrss_kb": rss}))
        }
        "seq" | "rss" | "seq_local" => {
            let c = client()?;
            let req = sms();
            let record = scenario != "rss";
            // seq_local (not run by the harness): the same loop on a current-thread runtime, to
            // measure what the multi-thread runtime's cross-thread wake-ups cost per call.
            let local;
            let rt = if scenario == "seq_local" {
                local = Arc::new(
                    tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| e.to_string())?,
                );
                local
            } else {
                rt()?
            };
            rt.block_on(async {
                for _ in 0..warmup {
                    c.send_sms(&req).await.map_err(|e| e.to_string())?;
                }
                let mut lat = Vec::with_capacity(if record { n } else { 0 });
                let (c0, _) = rusage();
                let t0 = Instant::now();
                for _ in 0..n {
                    let t = Instant::now();
                    c.send_sms(&req).await.map_err(|e| e.to_string())?;
                    if record {
                        lat.push(t.elapsed().as_secs_f64() * 1e6);
                    }
                }
                let wall = t0.elapsed().as_secs_f64();
                let (c1, rss) = rusage();
                let mut out = json!({"wall_s": wall, "cpu_s": c1 - c0, "maxrss_kb": rss});
                if record {
                    let mean = lat.iter().sum::<f64>() / lat.len().max(1) as f64;
                    lat.sort_by(f64::total_cmp);
                    out["lat_mean_us"] = json!(mean);
                    out["lat_p50_us"] = json!(percentile(&lat, 0.50));
                    out["lat_p99_us"] = json!(percentile(&lat, 0.99));
                }
                Ok(out)
            })
        }
        "seq_spawn" => {
            // Not run by the harness: the shape of a binding's async call (the caller's thread
            // spawns the request onto a runtime and sleeps until a channel delivers the result, as
            // napi-rs and the asyncio bridge do), on a runtime with BENCH_WORKERS workers.
            let workers = std::env::var("BENCH_WORKERS")
                .ok()
                .and_then(|w| w.parse().ok())
                .unwrap_or(2);
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(workers)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            let c = client()?;
            let req = Arc::new(sms());
            let one = |c: Client, req: Arc<SendSms>| {
                let (tx, rx) = std::sync::mpsc::sync_channel(1);
                rt.spawn(async move {
                    let _ = tx.send(
                        c.send_sms(&req)
                            .await
                            .map(|_| ())
                            .map_err(|e| e.to_string()),
                    );
                });
                rx.recv().map_err(|e| e.to_string())?
            };
            for _ in 0..warmup {
                one(c.clone(), req.clone())?;
            }
            let (c0, _) = rusage();
            let t0 = Instant::now();
            for _ in 0..n {
                one(c.clone(), req.clone())?;
            }
            let wall = t0.elapsed().as_secs_f64();
            let (c1, rss) = rusage();
            Ok(json!({"wall_s": wall, "cpu_s": c1 - c0, "maxrss_kb": rss, "workers": workers}))
        }
        "conc" => {
            let c = client()?;
            let req = Arc::new(sms());
            rt()?.block_on(async {
                for _ in 0..warmup {
                    c.send_sms(&req).await.map_err(|e| e.to_string())?;
                }
                let (c0, _) = rusage();
                let t0 = Instant::now();
                let mut tasks = Vec::with_capacity(conc);
                for w in 0..conc {
                    let share = n / conc + usize::from(w < n % conc);
                    let (c, req) = (c.clone(), req.clone());
                    tasks.push(tokio::spawn(async move {
                        for _ in 0..share {
                            c.send_sms(&req).await.map_err(|e| e.to_string())?;
                        }
                        Ok::<(), String>(())
                    }));
                }
                for t in tasks {
                    t.await.map_err(|e| e.to_string())??;
                }
                let wall = t0.elapsed().as_secs_f64();
                let (c1, rss) = rusage();
                Ok(json!({"wall_s": wall, "cpu_s": c1 - c0, "maxrss_kb": rss}))
            })
        }
        "page" => {
            let c = client()?;
            let req = ListNotifications::default();
            rt()?.block_on(async {
                let mut items = 0;
                for _ in 0..warmup.max(1) {
                    items = c
                        .list_notifications(&req)
                        .await
                        .map_err(|e| e.to_string())?
                        .notifications
                        .len();
                }
                let (c0, _) = rusage();
                let t0 = Instant::now();
                for _ in 0..n {
                    let page = c
                        .list_notifications(&req)
                        .await
                        .map_err(|e| e.to_string())?;
                    std::hint::black_box(page);
                }
                let wall = t0.elapsed().as_secs_f64();
                let (c1, rss) = rusage();
                Ok(json!({"wall_s": wall, "cpu_s": c1 - c0, "maxrss_kb": rss, "items": items}))
            })
        }
        other => Err(format!("unknown scenario {other}")),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let scenario = args.get(1).cloned().unwrap_or_default();
    let (n, warmup, conc) = (arg(2, 1000), arg(3, 100), arg(4, 1).max(1));
    let out = match run(&scenario, n, warmup, conc) {
        Ok(mut v) => {
            v["ok"] = json!(true);
            v["n"] = json!(n);
            v
        }
        Err(e) => json!({"ok": false, "error": e}),
    };
    #[allow(clippy::print_stdout)]
    {
        println!("{out}");
    }
    std::process::exit(if out["ok"] == json!(true) { 0 } else { 1 });
}
