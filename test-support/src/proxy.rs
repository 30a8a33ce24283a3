//! A small forwarding proxy on 127.0.0.1 for the tests: `CONNECT host:port` opens a tunnel, each
//! request in absolute form (`GET http://host:port/path`) is forwarded in origin form (messages
//! framed by `Content-Length`, as the test servers answer). It
//! records each request's first line and `Proxy-Authorization`, and answers 407 when it
//! requires credentials that did not come.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    /// The request line, as sent (`CONNECT 127.0.0.1:1234 HTTP/1.1`).
    pub line: String,
    pub authorization: Option<String>,
}

pub struct Proxy {
    /// `http://127.0.0.1:port`.
    pub url: String,
    asked: Arc<Mutex<Vec<Asked>>>,
}

impl Proxy {
    /// Starts the proxy on its own thread and runtime, so that it serves blocking callers too;
    /// with `required`, requests without exactly that `Proxy-Authorization` get 407.
    pub fn start(required: Option<&str>) -> Proxy {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let required = required.map(str::to_owned);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).unwrap();
                loop {
                    let Ok((client, _)) = listener.accept().await else {
                        return;
                    };
                    let (log, required) = (log.clone(), required.clone());
                    tokio::spawn(async move {
                        let _ = serve(client, log, required).await;
                    });
                }
            });
        });
        Proxy { url, asked }
    }

    pub fn asked(&self) -> Vec<Asked> {
        self.asked.lock().unwrap().clone()
    }
}

/// Reads one request or response head from `stream` into `buffer` (which may already hold the
/// start of it); the head's length, or `None` at the end of the stream.
async fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<Option<usize>> {
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(index) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            return Ok(Some(index + 4));
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

/// The `Content-Length` of a head (0 when it has none).
fn content_length(head: &str) -> usize {
    head.split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

/// Moves one message (head and `Content-Length` body, the head rewritten by `rewrite`) from
/// `buffer`/`from` to `to`; `false` at the end of the stream.
async fn relay(
    from: &mut TcpStream,
    buffer: &mut Vec<u8>,
    to: &mut TcpStream,
    head_end: usize,
    rewritten: &str,
) -> std::io::Result<()> {
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let total = head_end + content_length(&head);
    let mut chunk = [0u8; 4096];
    while buffer.len() < total {
        let n = from.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    to.write_all(rewritten.as_bytes()).await?;
    to.write_all(&buffer[head_end..total]).await?;
    buffer.drain(..total);
    Ok(())
}

async fn serve(
    mut client: TcpStream,
    log: Arc<Mutex<Vec<Asked>>>,
    required: Option<String>,
) -> std::io::Result<()> {
    let mut from_client = Vec::new();
    let mut server: Option<TcpStream> = None;
    loop {
        let Some(head_end) = read_head(&mut client, &mut from_client).await? else {
            return Ok(());
        };
        let head = String::from_utf8_lossy(&from_client[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let line = lines.next().unwrap_or_default().to_owned();
        let authorization = lines
            .clone()
            .filter_map(|l| l.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("proxy-authorization"))
            .map(|(_, value)| value.trim().to_owned());
        log.lock().unwrap().push(Asked {
            line: line.clone(),
            authorization: authorization.clone(),
        });
        if required.is_some() && authorization != required {
            client
                .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .await?;
            return Ok(());
        }
        let mut parts = line.split(' ');
        let (method, target) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        if method == "CONNECT" {
            let mut tunnel = TcpStream::connect(target).await?;
            client
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await?;
            tunnel.write_all(&from_client[head_end..]).await?;
            tokio::io::copy_bidirectional(&mut client, &mut tunnel).await?;
            return Ok(());
        }
        // Absolute form: the request goes to the named host in origin form, without the
        // proxy's own header; the answer comes back whole.
        let rest = target.strip_prefix("http://").unwrap_or(target);
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut forwarded = format!(
            "{method} {} HTTP/1.1\r\n",
            if path.is_empty() { "/" } else { path }
        );
        for header in lines.filter(|l| !l.is_empty()) {
            if !header
                .to_ascii_lowercase()
                .starts_with("proxy-authorization:")
            {
                forwarded.push_str(header);
                forwarded.push_str("\r\n");
            }
        }
        forwarded.push_str("\r\n");
        if server.is_none() {
            server = Some(TcpStream::connect(authority).await?);
        }
        let Some(upstream) = server.as_mut() else {
            return Ok(());
        };
        relay(
            &mut client,
            &mut from_client,
            upstream,
            head_end,
            &forwarded,
        )
        .await?;
        let mut from_server = Vec::new();
        let Some(answer_end) = read_head(upstream, &mut from_server).await? else {
            return Ok(());
        };
        let answer_head = String::from_utf8_lossy(&from_server[..answer_end]).into_owned();
        relay(
            upstream,
            &mut from_server,
            &mut client,
            answer_end,
            &answer_head,
        )
        .await?;
    }
}
