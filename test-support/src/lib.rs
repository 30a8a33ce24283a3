//! What the workspace's tests share, so that each thing exists once: a scripted HTTP/1.1 server on
//! loopback ([`server`]), a forwarding proxy ([`proxy`]), scratch directories ([`scratch`]), an address that refuses connections
//! ([`refusing_address`]), seeded randomness that names its seed when a test fails ([`Rng`]), and
//! (feature `signatures`) the SigV4 check of a captured request, on the local service's verifier.

pub mod proxy;
pub mod server;

use std::path::PathBuf;

/// The workspace's target directory (`CARGO_TARGET_DIR`, else `target/` of the workspace).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")))
}

/// An empty directory for a test's files, `target/scratch/<name>`: inside the build directory
/// (not the system's temporary directory, where nothing would clean it), emptied when a test
/// asks for it again. Names are per test, so tests running at once never share one.
pub fn scratch(name: &str) -> PathBuf {
    let dir = target_dir().join("scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// A loopback address nothing will answer: a socket bound to a port but not listening, so a
/// connection is refused, and the port stays taken (no other test can start listening on it)
/// while the value lives.
pub struct Refusing {
    _socket: socket2::Socket,
    pub address: std::net::SocketAddr,
}

impl Refusing {
    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// `https://127.0.0.1:<port>`.
    pub fn https_url(&self) -> String {
        format!("https://{}", self.address)
    }
}

/// An address on 127.0.0.1 that refuses connections, for as long as the value lives.
pub fn refusing_address() -> Refusing {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a socket");
    let any = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    socket.bind(&any.into()).expect("bind 127.0.0.1");
    let address = socket
        .local_addr()
        .ok()
        .and_then(|a| a.as_socket())
        .expect("the bound address");
    Refusing {
        _socket: socket,
        address,
    }
}

/// A small seeded generator (xorshift64) for random test cases. The seed is the one given, or
/// `CONNECT_TEST_SEED` when set (hex or decimal); a test that panics while one is alive prints it,
/// so the same cases can be run again.
pub struct Rng {
    seed: u64,
    state: u64,
}

impl Rng {
    /// A generator from `seed`, unless `CONNECT_TEST_SEED` names another.
    pub fn seeded(seed: u64) -> Rng {
        let seed = std::env::var("CONNECT_TEST_SEED")
            .ok()
            .and_then(|text| {
                let text = text.trim();
                match text.strip_prefix("0x") {
                    Some(hex) => u64::from_str_radix(hex, 16).ok(),
                    None => text.parse().ok(),
                }
            })
            .unwrap_or(seed);
        Rng {
            seed,
            state: seed.max(1),
        }
    }

    /// The seed the cases come from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// A draw in `0..n` (`n` must not be 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

impl Drop for Rng {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "random cases from seed {:#x}; CONNECT_TEST_SEED={:#x} runs them again",
                self.seed, self.seed
            );
        }
    }
}

/// Whether `request` carries a valid SigV4 signature of `secret` under `access_key`, checked by
/// the local service's verifier (the same code that checks every request it serves).
#[cfg(feature = "signatures")]
pub fn signature_is_valid(request: &server::Request, access_key: &str, secret: &str) -> bool {
    use connect_local::signature::Authorization;
    use connect_runtime::sigv4::SigningSettings;
    let Some(parsed) = request
        .header("authorization")
        .and_then(Authorization::parse)
    else {
        return false;
    };
    parsed.access_key_id == access_key
        && parsed.expected_signature(
            &request.method,
            &request.target,
            &request.headers,
            &request.body,
            secret,
            SigningSettings::default(),
        ) == parsed.signature
}
