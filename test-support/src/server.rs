//! A scripted HTTP/1.1 server on 127.0.0.1, plain or (feature `tls`) behind TLS: it reads each
//! request whole (head and `Content-Length` body), keeps it, and answers with the next step of
//! its script, whichever connection the request arrives on; the last step repeats. It counts the
//! connections it accepts. Threads, not a runtime, so synchronous and asynchronous tests share it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Step {
    /// A response with these headers (`Content-Length` added) and body.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// These bytes exactly, as the response (framing and all).
    Raw(&'static str),
    /// Close the connection without answering.
    Reset,
    /// Write these bytes (the start of a response), then close the connection.
    Broken(&'static str),
    /// Wait, then close the connection without answering.
    Stall(Duration),
}

/// A JSON response.
pub fn respond(status: u16, body: &str) -> Step {
    Step::Respond {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("x-amzn-RequestId".into(), "req-1234".into()),
        ],
        body: body.to_owned(),
    }
}

/// An error response of the service, its code in `X-Amzn-ErrorType`.
pub fn error(status: u16, code: &str, message: &str) -> Step {
    Step::Respond {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("x-amzn-RequestId".into(), "req-err".into()),
            (
                "X-Amzn-ErrorType".into(),
                format!("{code}:http://internal.amazon.com/coral/"),
            ),
        ],
        body: format!("{{\"Message\": \"{message}\"}}"),
    }
}

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/contact/create-contact?a=1`).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Request {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The script and what the server saw, shared with its threads.
#[derive(Default)]
struct State {
    script: Vec<Step>,
    next: usize,
    received: Vec<Request>,
}

/// A running server; it stops serving when the test process ends.
pub struct Server {
    /// `http://127.0.0.1:<port>` (or `https://`).
    pub url: String,
    state: Arc<Mutex<State>>,
    connections: Arc<AtomicUsize>,
    /// Requests read and not yet done with (answered, or the connection closed after them).
    busy: Arc<AtomicUsize>,
}

/// How a connection is wrapped before it is served.
type Wrap = Arc<dyn Fn(TcpStream) -> Option<Box<dyn Stream>> + Send + Sync>;

/// A connection the server reads and writes.
pub trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

impl Server {
    /// A plain HTTP server playing `script`.
    pub fn start(script: Vec<Step>) -> Server {
        Server::with(script, "http", usize::MAX, Arc::new(|s| Some(Box::new(s))))
    }

    /// As [`Server::start`], each connection closed after it answered `answers` requests.
    pub fn closing_after(script: Vec<Step>, answers: usize) -> Server {
        Server::with(script, "http", answers, Arc::new(|s| Some(Box::new(s))))
    }

    /// The same server behind TLS, presenting `identity`'s certificate.
    #[cfg(feature = "tls")]
    pub fn start_tls(script: Vec<Step>, identity: &tls::Identity) -> Server {
        let config = identity.server_config();
        let wrap: Wrap = Arc::new(move |socket| {
            let connection = rustls::ServerConnection::new(config.clone()).ok()?;
            let mut stream = rustls::StreamOwned::new(connection, socket);
            // A client that does not trust the certificate ends the handshake here.
            while stream.conn.is_handshaking() {
                stream.conn.complete_io(&mut stream.sock).ok()?;
            }
            Some(Box::new(stream))
        });
        Server::with(script, "https", usize::MAX, wrap)
    }

    fn with(script: Vec<Step>, scheme: &str, answers: usize, wrap: Wrap) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("{scheme}://{}", listener.local_addr().expect("address"));
        let state = Arc::new(Mutex::new(State {
            script,
            ..State::default()
        }));
        let connections = Arc::new(AtomicUsize::new(0));
        let busy = Arc::new(AtomicUsize::new(0));
        let (shared, counted, working) = (state.clone(), connections.clone(), busy.clone());
        std::thread::spawn(move || {
            for socket in listener.incoming() {
                let Ok(socket) = socket else { return };
                let _ = socket.set_nodelay(true);
                counted.fetch_add(1, Ordering::SeqCst);
                let (state, wrap, busy) = (shared.clone(), wrap.clone(), working.clone());
                std::thread::spawn(move || {
                    if let Some(stream) = wrap(socket) {
                        serve(stream, &state, answers, &busy);
                    }
                });
            }
        });
        Server {
            url,
            state,
            connections,
            busy,
        }
    }

    /// Waits until the server is done with every request it read: answered, and the connection
    /// closed where the script closes it. A client that sends next meets the same server state
    /// on every run. Panics after ten seconds.
    pub fn wait_until_settled(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.busy.load(Ordering::SeqCst) > 0 {
            assert!(
                Instant::now() < deadline,
                "the server is still busy after 10 s"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.lock().received.clone()
    }

    /// The requests received since the last call (or [`Server::prepare`]), taken away.
    pub fn taken(&self) -> Vec<Request> {
        std::mem::take(&mut self.lock().received)
    }

    /// Plays `script` from its start for the requests to come, forgetting those received.
    pub fn prepare(&self, script: Vec<Step>) {
        let mut state = self.lock();
        state.script = script;
        state.next = 0;
        state.received.clear();
    }

    /// How many connections the server has accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Serves one connection: a request, the next step, until the step closes it or `answers`
/// requests were answered. A request counts as busy until it is answered and, when the
/// connection ends after it, until the connection is closed.
fn serve(stream: Box<dyn Stream>, state: &Mutex<State>, answers: usize, busy: &AtomicUsize) {
    let mut reader = BufReader::new(stream);
    for answered in 1..=answers {
        let Some(request) = read_request(&mut reader) else {
            return;
        };
        busy.fetch_add(1, Ordering::SeqCst);
        let open = answer(&mut reader, request, state) && answered < answers;
        if !open {
            drop(reader);
            busy.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Plays the next step for `request`; whether the connection stays open.
fn answer(reader: &mut BufReader<Box<dyn Stream>>, request: Request, state: &Mutex<State>) -> bool {
    {
        let step = {
            let mut state = state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let step = state
                .script
                .get(state.next)
                .or(state.script.last())
                .cloned();
            state.next += 1;
            state.received.push(request);
            step
        };
        let stream = reader.get_mut();
        match step {
            None | Some(Step::Reset) => return false,
            Some(Step::Broken(start)) => {
                let _ = stream.write_all(start.as_bytes());
                let _ = stream.flush();
                return false;
            }
            Some(Step::Stall(duration)) => {
                std::thread::sleep(duration);
                return false;
            }
            Some(Step::Raw(bytes)) => {
                if stream.write_all(bytes.as_bytes()).is_err() {
                    return false;
                }
            }
            Some(Step::Respond {
                status,
                headers,
                body,
            }) => {
                let mut text = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
                for (name, value) in headers {
                    text.push_str(&format!("{name}: {value}\r\n"));
                }
                text.push_str("\r\n");
                text.push_str(&body);
                if stream.write_all(text.as_bytes()).is_err() {
                    return false;
                }
            }
        }
        stream.flush().is_ok()
    }
}

/// Reads one request: its head and a `Content-Length` body. `None` at the end of the stream or
/// for a request that cannot be read.
fn read_request(reader: &mut BufReader<Box<dyn Stream>>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v): &(String, String)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        target,
        headers,
        body,
        at: Instant::now(),
    })
}

/// A certificate authority and a server certificate for 127.0.0.1 that it signed.
#[cfg(feature = "tls")]
pub mod tls {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use std::sync::Arc;

    pub struct Identity {
        /// The authority's certificate, PEM-encoded: what a client must trust.
        pub authority_pem: String,
        certificate: CertificateDer<'static>,
        private_key: PrivateKeyDer<'static>,
    }

    impl Default for Identity {
        fn default() -> Self {
            Identity::new()
        }
    }

    impl Identity {
        pub fn new() -> Identity {
            let mut authority = CertificateParams::new(Vec::new()).expect("parameters");
            authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            authority
                .distinguished_name
                .push(DnType::CommonName, "connect test authority");
            let authority_key = KeyPair::generate().expect("a key");
            let authority = authority
                .self_signed(&authority_key)
                .expect("the authority");
            let server_key = KeyPair::generate().expect("a key");
            let server = CertificateParams::new(vec!["127.0.0.1".to_owned()])
                .expect("parameters")
                .signed_by(&server_key, &authority, &authority_key)
                .expect("the server certificate");
            Identity {
                authority_pem: authority.pem(),
                certificate: server.der().clone(),
                private_key: PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
            }
        }

        /// A server configuration presenting the certificate, on the runtime's crypto provider.
        pub(crate) fn server_config(&self) -> Arc<rustls::ServerConfig> {
            let config = rustls::ServerConfig::builder_with_provider(Arc::new(
                connect_runtime::crypto::tls_provider(),
            ))
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(vec![self.certificate.clone()], self.private_key.clone_key())
            .expect("the certificate");
            Arc::new(config)
        }
    }
}
