//! CreateContact throughput and latency of `connect-local` (SigV4 checked, contacts stored in a
//! SQLite file), side by side in one run with a bare hyper server that answers a constant 200 to
//! the same load: the ceiling of the HTTP stack on this machine. Client and server share the
//! machine, and run on the allocator `connect-local` runs on. Run with
//! `cargo bench -p connect-local --bench throughput`.

use bytes::Bytes;
use connect_local::config::{Options, DEFAULT_ACCESS_KEY, DEFAULT_INSTANCE, DEFAULT_SECRET_KEY};
use connect_local::service::Service;
use connect_local::store::Store;
use connect_runtime::credentials::Credentials;
use connect_runtime::primitives::DateTime;
use connect_runtime::sigv4::{Signer, SigningSettings};
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How many connections the load keeps open, each sending one request after another: each
/// server's peak is the best of these, since too few connections leave a server waiting on the
/// round trips rather than busy.
const CONNECTIONS: [usize; 3] = [8, 32, 64];
/// How many times each server is measured at each connection count.
const ROUNDS: usize = 2;
/// How long each measurement runs.
const PERIOD: Duration = Duration::from_secs(3);

/// A signed CreateContact request for `address`.
fn create_request(
    address: &str,
    signer: &Signer,
    credentials: &Credentials,
    index: usize,
) -> Vec<u8> {
    let body = format!(
        r#"{{"InstanceId": "{DEFAULT_INSTANCE}", "Channel": "TASK", "InitiationMethod": "API", "Name": "bench {index}"}}"#
    );
    let mut headers = vec![
        ("Host".to_owned(), address.to_owned()),
        ("Content-Type".to_owned(), "application/json".to_owned()),
    ];
    let now = DateTime::from(SystemTime::now());
    signer.sign(
        "PUT",
        "/contact/create-contact",
        &mut headers,
        body.as_bytes(),
        credentials,
        now,
    );
    let mut text = "PUT /contact/create-contact HTTP/1.1\r\n".to_owned();
    for (name, value) in &headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    text.into_bytes()
}

/// Reads one response; its status.
async fn read_response(reader: &mut BufReader<TcpStream>) -> Option<u16> {
    let mut line = String::new();
    reader.read_line(&mut line).await.ok()?;
    let status = line.split_whitespace().nth(1)?.parse().ok()?;
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line).await.ok()?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some(status)
}

/// Sends requests on `connections` connections for `PERIOD`: as fast as answers come back, or
/// at `rate` requests a second in all. The latencies of the answers.
async fn load(
    address: SocketAddr,
    requests: &[Vec<u8>],
    connections: usize,
    rate: Option<f64>,
) -> Vec<Duration> {
    let deadline = Instant::now() + PERIOD;
    let mut workers = Vec::new();
    for worker in 0..connections {
        let mine: Vec<Vec<u8>> = requests
            .iter()
            .skip(worker)
            .step_by(connections)
            .cloned()
            .collect();
        workers.push(tokio::spawn(async move {
            let stream = TcpStream::connect(address).await.expect("connect");
            let _ = stream.set_nodelay(true);
            let mut reader = BufReader::new(stream);
            let interval = rate.map(|r| Duration::from_secs_f64(connections as f64 / r));
            let mut next = Instant::now() + Duration::from_micros(worker as u64 * 97);
            let mut latencies = Vec::new();
            for request in mine.iter().cycle() {
                if let Some(interval) = interval {
                    tokio::time::sleep_until(next.into()).await;
                    next += interval;
                }
                if Instant::now() >= deadline {
                    break;
                }
                let started = Instant::now();
                if reader.get_mut().write_all(request).await.is_err() {
                    break;
                }
                match read_response(&mut reader).await {
                    Some(status) if status < 500 => latencies.push(started.elapsed()),
                    _ => break,
                }
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.unwrap_or_default());
    }
    all
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
}

/// A server that answers every request with a constant 200.
async fn bare_hyper(listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let service = service_fn(|_request| async {
                Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::from_static(b"{}"))))
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The allocator the `connect-local` program runs on (both servers and the load share it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("server")
        .enable_all()
        .build()
        .expect("server runtime");
    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("load")
        .enable_all()
        .build()
        .expect("client runtime");
    let data = std::env::temp_dir().join(format!("connect-local-bench-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&data);
    let (local_address, bare_address) = server_runtime.block_on(async {
        let options = Options {
            data: Some(data.clone()),
            instances: connect_local::config::parse(&[])
                .expect("defaults")
                .instances,
            ..Options::default()
        };
        let store = Store::open(options.data.as_deref()).expect("store");
        let service = Service::new(options, store);
        let local = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let bare = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addresses = (local.local_addr().unwrap(), bare.local_addr().unwrap());
        let (_stop, stop) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            let _keep = _stop;
            connect_local::server::run(local, service, stop).await;
        });
        tokio::spawn(bare_hyper(bare));
        addresses
    });
    let signer = Signer::new("us-east-1", "connect", SigningSettings::default());
    let credentials = Credentials::new(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, None, None, "bench");
    let local_requests: Vec<Vec<u8>> = (0..4_000)
        .map(|i| create_request(&local_address.to_string(), &signer, &credentials, i))
        .collect();
    let bare_requests: Vec<Vec<u8>> = (0..4_000)
        .map(|i| create_request(&bare_address.to_string(), &signer, &credentials, i))
        .collect();

    // Each server's peak: the best requests per second over the connection counts and rounds,
    // with the count that gave it. The two servers take turns at each count, so that a change in
    // the machine's speed during the run falls on both.
    let mut bare_best = (0.0, 0);
    let mut local_best = (0.0, 0);
    for _ in 0..ROUNDS {
        for connections in CONNECTIONS {
            for (name, address, requests, best) in [
                ("bare hyper", bare_address, &bare_requests, &mut bare_best),
                (
                    "local service",
                    local_address,
                    &local_requests,
                    &mut local_best,
                ),
            ] {
                let before = cpu_seconds();
                let answered = client_runtime
                    .block_on(load(address, requests, connections, None))
                    .len();
                let rate = answered as f64 / PERIOD.as_secs_f64();
                let per_request = match (before, cpu_seconds()) {
                    (Some(before), Some(after)) if answered > 0 => {
                        format!("{:.1} us", (after - before) * 1e6 / answered as f64)
                    }
                    _ => "unknown".to_owned(),
                };
                println!(
                    "  {name}, {connections} connections: {rate:.0} req/s, CPU per request (server and load) {per_request}"
                );
                if rate > best.0 {
                    *best = (rate, connections);
                }
            }
        }
    }
    let (bare_peak, bare_connections) = bare_best;
    let (local_peak, local_connections) = local_best;
    let half = local_peak / 2.0;
    let mut latencies = client_runtime.block_on(load(
        local_address,
        &local_requests,
        local_connections,
        Some(half),
    ));
    latencies.sort();
    let (p50, p99) = (percentile(&latencies, 0.50), percentile(&latencies, 0.99));
    println!(
        "bare hyper: {bare_peak:.0} req/s (constant 200, peak at {bare_connections} connections)"
    );
    println!("local service peak at {local_connections} connections");
    println!(
        "at 50% of peak ({half:.0} req/s on {local_connections} connections): p50 {:.2} ms, p99 {:.2} ms over {} requests",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        latencies.len()
    );
    println!(
        "local service: {local_peak:.0} req/s ({:.2} of bare hyper), p99 {:.2} ms",
        local_peak / bare_peak,
        p99.as_secs_f64() * 1e3
    );
    drop(server_runtime);
    let _ = std::fs::remove_file(&data);
    let _ = std::fs::remove_file(data.with_extension("db-wal"));
    let _ = std::fs::remove_file(data.with_extension("db-shm"));
}

/// The CPU time the whole process has used, from `/proc/self/stat` (Linux; its clock ticks are
/// hundredths of a second), or `None` where that cannot be read.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // utime and stime, the 14th and 15th fields of the line.
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}
