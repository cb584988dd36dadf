//! A minimal static HTTP/1.1 responder for the benchmarks, so the server is never the bottleneck.
//!
//! Usage: `bench-server <sms_response.json> <page_response.json>`. The bodies are real responses
//! captured from the simulator by the harness. Routes: `POST /v2/notifications/sms` → 201 with
//! the first body; `GET /v2/notifications[?...]` → 200 with the second; anything else → 404.
//! Keep-alive, Content-Length request bodies, one thread (current-thread Tokio runtime).
//! Prints `{"base_url": "http://127.0.0.1:PORT"}` once listening. No authentication is checked.

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn response(status: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

struct Routes {
    sms: Vec<u8>,
    page: Vec<u8>,
    not_found: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

async fn serve(mut sock: TcpStream, routes: Arc<Routes>) -> std::io::Result<()> {
    let _ = sock.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = vec![0u8; 16384];
    loop {
        // Parse as many complete requests as the buffer holds.
        while let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = &buf[..end];
            let text = String::from_utf8_lossy(head);
            let mut lines = text.split("\r\n");
            let request_line = lines.next().unwrap_or("");
            let mut content_length = 0usize;
            let mut close = false;
            for line in lines {
                if let Some((name, value)) = line.split_once(':') {
                    let name = name.trim();
                    if name.eq_ignore_ascii_case("content-length") {
                        content_length = value.trim().parse().unwrap_or(0);
                    } else if name.eq_ignore_ascii_case("connection")
                        && value.trim().eq_ignore_ascii_case("close")
                    {
                        close = true;
                    }
                }
            }
            let total = end + 4 + content_length;
            if buf.len() < total {
                break; // wait for the rest of the body
            }
            let mut parts = request_line.split(' ');
            let method = parts.next().unwrap_or("");
            let path = parts.next().unwrap_or("");
            let path_only = path.split('?').next().unwrap_or("");
            let out = match (method, path_only) {
                ("POST", "/v2/notifications/sms") => &routes.sms,
                ("GET", "/v2/notifications") => &routes.page,
                _ => &routes.not_found,
            };
            sock.write_all(out).await?;
            buf.drain(..total);
            if close {
                return Ok(());
            }
        }
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let read = |i: usize| std::fs::read(args.get(i).map(String::as_str).unwrap_or(""));
    let routes = Arc::new(Routes {
        sms: response("201 CREATED", &read(1)?),
        page: response("200 OK", &read(2)?),
        not_found: response(
            "404 NOT FOUND",
            br#"{"errors":[{"error":"NotFound","message":"Not found"}],"status_code":404}"#,
        ),
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        #[allow(clippy::print_stdout)]
        {
            println!("{{\"base_url\": \"http://{addr}\"}}");
        }
        loop {
            let (sock, _) = listener.accept().await?;
            let routes = routes.clone();
            tokio::spawn(async move {
                let _ = serve(sock, routes).await;
            });
        }
    })
}
