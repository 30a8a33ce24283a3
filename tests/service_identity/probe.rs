//! Runs inside a crate generated from `models/fixtures/service-identity.json` (sdkId
//! `Weather Forecast`, signing name `weather`): calls the service over loopback with its endpoint
//! taken from the service's own environment variable and from its key in the profile's `services`
//! section, and prints one line per check.

use connect_runtime::service::ServiceInfo;
use connect_runtime::env::Env;
use connect_runtime::config::Config;
use connect_runtime::credentials::Credentials;
use connect_runtime::endpoint::rules::RuleSet;
use connect_runtime::endpoint::{self, EndpointParams};
use service_identity_probe::client::{Client, SERVICE};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

const BODY: &str = r#"{"Summary":"sunny","TemperatureCelsius":21}"#;

/// Answers every connection with a forecast and keeps each request's head.
fn serve(listener: TcpListener, seen: Arc<Mutex<Vec<String>>>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        seen.lock().unwrap().push(String::from_utf8_lossy(&head).into_owned());
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{BODY}",
            BODY.len()
        );
        let _ = stream.write_all(answer.as_bytes());
    }
}

fn config(home: &std::path::Path, vars: &[(&str, &str)]) -> Config {
    let home = home.display().to_string();
    let mut pairs = vec![("HOME", home.as_str())];
    pairs.extend_from_slice(vars);
    Config::builder()
        .env(Env::from_pairs(pairs))
        .credentials(Credentials::new("AKIDPROBE", "secret", None, None, "probe"))
        .build()
        .expect("configuration")
}

async fn call(config: &Config) -> String {
    let output = Client::new(config)
        .get_forecast()
        .city("Paris")
        .days(3)
        .send()
        .await
        .expect("the call succeeds");
    format!(
        "{}/{}",
        output.summary.unwrap_or_default(),
        output.temperature_celsius.unwrap_or_default()
    )
}

fn check(name: &str, ok: bool, detail: &str) {
    println!("{} {name}: {detail}", if ok { "PASS" } else { "FAIL" });
}

fn identity(service: &ServiceInfo) -> String {
    format!(
        "{} {} {} {}",
        service.sdk_id, service.signing_name, service.env_name, service.config_key
    )
}

fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    std::thread::spawn({
        let seen = seen.clone();
        move || serve(listener, seen)
    });
    let home = std::env::temp_dir().join(format!("service-identity-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(
        home.join(".aws/config"),
        format!(
            "[default]\nregion = eu-west-1\nservices = local\n\n[services local]\n\
             weather_forecast =\n  endpoint_url = http://127.0.0.1:{port}/profile\n\
             connect =\n  endpoint_url = http://127.0.0.1:1/not-this-service\n"
        ),
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let last = |seen: &Arc<Mutex<Vec<String>>>| seen.lock().unwrap().last().cloned().unwrap_or_default();

    let shown = identity(&SERVICE);
    check(
        "identity",
        shown == "Weather Forecast weather WEATHER_FORECAST weather_forecast",
        &shown,
    );

    let from_env = config(
        &home,
        &[
            ("AWS_ENDPOINT_URL_WEATHER_FORECAST", &format!("http://127.0.0.1:{port}/env")),
            ("AWS_ENDPOINT_URL_CONNECT", "http://127.0.0.1:1/not-this-service"),
        ],
    );
    let output = runtime.block_on(call(&from_env));
    let head = last(&seen);
    check("variable output", output == "sunny/21", &output);
    check(
        "variable request line",
        head.starts_with("GET /env/forecast/Paris?days=3 HTTP/1.1"),
        head.lines().next().unwrap_or(""),
    );
    let scope = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
        .unwrap_or("");
    check(
        "signing scope",
        scope.contains("/eu-west-1/weather/aws4_request"),
        scope,
    );
    check(
        "host",
        head.to_ascii_lowercase().contains(&format!("host: 127.0.0.1:{port}")),
        "the Host header names the loopback endpoint",
    );

    let from_profile = config(&home, &[]);
    let output = runtime.block_on(call(&from_profile));
    let head = last(&seen);
    check("profile output", output == "sunny/21", &output);
    check(
        "profile request line",
        head.starts_with("GET /profile/forecast/Paris?days=3 HTTP/1.1"),
        head.lines().next().unwrap_or(""),
    );

    let resolved = |vars: &[(&str, &str)]| {
        config(&home, vars)
            .endpoint_url(&SERVICE)
            .unwrap_or_else(|e| format!("error: {e}"))
    };
    let plain = resolved(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]);
    check(
        "rules",
        plain == "https://forecast.eu-west-1.amazonaws.com",
        &plain,
    );
    let fips = resolved(&[
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ("AWS_USE_FIPS_ENDPOINT", "true"),
    ]);
    check(
        "rules with FIPS",
        fips == "https://forecast-secure.eu-west-1.amazonaws.com",
        &fips,
    );
    let dual = resolved(&[
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ("AWS_USE_DUALSTACK_ENDPOINT", "true"),
    ]);
    check(
        "rules refusing dual-stack",
        dual == "error: The weather service has no dual-stack endpoints",
        &dual,
    );
    let rules = RuleSet::parse(SERVICE.endpoint_rules).expect("the rules read");
    let params = |fips: bool| EndpointParams {
        region: Some("us-gov-west-1".to_owned()),
        use_fips: fips,
        ..EndpointParams::default()
    };
    let regular = endpoint::resolve(&rules, &params(false)).expect("an endpoint");
    check(
        "endpoint headers",
        regular.headers == [("x-weather-route".to_owned(), vec!["aws-us-gov".to_owned()])],
        &format!("{:?}", regular.headers),
    );
    let secure = endpoint::resolve(&rules, &params(true)).expect("an endpoint");
    let overrides = secure.sigv4_overrides();
    check(
        "signing overrides",
        overrides == (Some("weather-secure"), Some("us-gov-west-1")),
        &format!("{overrides:?}"),
    );
    let _ = std::fs::remove_dir_all(&home);
}
