//! Configuration resolution with temporary profile files and explicit environments.

use connect_runtime::config::{Config, CredentialsSetting};
use connect_runtime::env::Env;
use connect_runtime::retry::RetryMode;
use connect_runtime::service::ServiceInfo;
use std::path::PathBuf;

/// A fresh home directory with `.aws/config` and `.aws/credentials`.
fn make_home(name: &str, config: &str, credentials: &str) -> PathBuf {
    let dir = connect_test_support::scratch(&format!("config-{name}"));
    std::fs::create_dir_all(dir.join(".aws")).unwrap();
    std::fs::write(dir.join(".aws/config"), config).unwrap();
    std::fs::write(dir.join(".aws/credentials"), credentials).unwrap();
    dir
}

fn load(home: &std::path::Path, vars: &[(&str, &str)]) -> Result<Config, String> {
    let home = home.display().to_string();
    let mut pairs: Vec<(&str, &str)> = vec![("HOME", home.as_str())];
    pairs.extend_from_slice(vars);
    Config::builder()
        .env(Env::from_pairs(pairs))
        .build()
        .map_err(|e| e.to_string())
}

fn access_key(config: &Config) -> Option<String> {
    match config.credentials() {
        CredentialsSetting::Provider(provider) => {
            Some(provider.refresh().unwrap().access_key_id().to_owned())
        }
        _ => None,
    }
}

const CONFIG: &str = "[default]\nregion = eu-west-1\n\n[profile dev]\nregion = ap-southeast-2\nmax_attempts = 7\nretry_mode = adaptive\n\
endpoint_url = http://profile.example\n\n[profile local]\nservices = local-services\n\n[services local-services]\nconnect =\n  endpoint_url = http://services.example\n";
const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s2\naws_session_token = t2\n";

#[test]
fn region_comes_from_builder_then_environment_then_profile() {
    let home = make_home("region", CONFIG, CREDENTIALS);
    assert_eq!(load(&home, &[]).unwrap().region(), Some("eu-west-1"));
    assert_eq!(
        load(&home, &[("AWS_PROFILE", "dev")]).unwrap().region(),
        Some("ap-southeast-2")
    );
    assert_eq!(
        load(&home, &[("AWS_DEFAULT_REGION", "us-west-1")])
            .unwrap()
            .region(),
        Some("us-west-1")
    );
    assert_eq!(
        load(
            &home,
            &[
                ("AWS_DEFAULT_REGION", "us-west-1"),
                ("AWS_REGION", "us-east-2")
            ]
        )
        .unwrap()
        .region(),
        Some("us-east-2")
    );
    let explicit = Config::builder()
        .env(Env::from_pairs([
            ("HOME", home.to_str().unwrap()),
            ("AWS_REGION", "us-east-2"),
        ]))
        .region("ca-central-1")
        .build()
        .unwrap();
    assert_eq!(explicit.region(), Some("ca-central-1"));
}

#[test]
fn credentials_come_from_environment_then_profiles() {
    let home = make_home("credentials", CONFIG, CREDENTIALS);
    assert_eq!(
        access_key(&load(&home, &[]).unwrap()).as_deref(),
        Some("AKIDDEFAULT")
    );
    assert_eq!(
        access_key(&load(&home, &[("AWS_PROFILE", "dev")]).unwrap()).as_deref(),
        Some("AKIDDEV")
    );
    let from_env = load(
        &home,
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("AWS_SESSION_TOKEN", "t"),
        ],
    )
    .unwrap();
    assert_eq!(access_key(&from_env).as_deref(), Some("AKIDENV"));
    let partial = load(&home, &[("AWS_ACCESS_KEY_ID", "AKIDENV")]).unwrap_err();
    assert!(partial.contains("AWS_SECRET_ACCESS_KEY"), "{partial}");
    let nothing = make_home("nothing", "", "");
    assert!(matches!(
        load(&nothing, &[]).unwrap().credentials(),
        CredentialsSetting::Missing
    ));
    let debug = format!("{:?}", load(&home, &[("AWS_PROFILE", "dev")]).unwrap());
    assert!(
        !debug.contains("s2") && !debug.contains("t2"),
        "secrets leak into Debug: {debug}"
    );
}

#[test]
fn an_unknown_profile_is_an_error() {
    let home = make_home("unknown", CONFIG, CREDENTIALS);
    assert_eq!(
        load(&home, &[("AWS_PROFILE", "nope")]).unwrap_err(),
        "The config profile (nope) could not be found"
    );
}

#[test]
fn credential_process_runs_and_caches() {
    let dir = connect_test_support::scratch("config-credential-process");
    let script = dir.join("creds.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho \"$1\" >> \"$(dirname \"$0\")/calls\"\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"sp\", \"SessionToken\": \"tp\", \"Expiration\": \"2999-01-01T00:00:00Z\"}'\n",
    )
    .unwrap();
    let config_text = format!(
        "[profile proc]\nregion = us-east-1\ncredential_process = sh {} \"an argument\"\n",
        script.display()
    );
    let home = make_home("process", &config_text, "");
    let config = load(&home, &[("AWS_PROFILE", "proc")]).unwrap();
    let CredentialsSetting::Provider(provider) = config.credentials() else {
        panic!()
    };
    assert!(provider.cached().is_none());
    let credentials = provider.refresh().unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDPROC");
    assert_eq!(credentials.session_token(), Some("tp"));
    assert!(provider.cached().is_some(), "kept until it nears expiry");
    assert_eq!(
        std::fs::read_to_string(dir.join("calls")).unwrap().trim(),
        "an argument"
    );
    let failing = make_home(
        "process-fail",
        "[default]\ncredential_process = sh -c 'echo broken >&2; exit 3'\n",
        "",
    );
    let CredentialsSetting::Provider(provider) = load(&failing, &[]).unwrap().credentials().clone()
    else {
        panic!()
    };
    let error = provider.refresh().unwrap_err().to_string();
    assert!(
        error.contains("custom-process") && error.contains("broken"),
        "{error}"
    );
}

/// A service with the AWS SDKs' standard endpoint rules for the endpoint prefix.
fn service(
    sdk_id: &'static str,
    prefix: &str,
    env_name: &'static str,
    key: &'static str,
) -> ServiceInfo {
    let rules = connect_codegen::transform::endpoints::standard(Some(prefix)).to_string();
    ServiceInfo {
        signing_name: "connect",
        sdk_id,
        api_version: "2017-08-08",
        env_name,
        config_key: key,
        endpoint_rules: Box::leak(rules.into_boxed_str()),
    }
}

#[test]
fn endpoints_follow_the_override_order() {
    let home = make_home("endpoints", CONFIG, CREDENTIALS);
    let connect = service("Connect", "connect", "CONNECT", "connect");
    let url = |vars: &[(&str, &str)]| {
        load(&home, vars)
            .unwrap()
            .endpoint_url(&connect)
            .map_err(|e| e.to_string())
    };
    assert_eq!(url(&[]).unwrap(), "https://connect.eu-west-1.amazonaws.com");
    assert_eq!(
        url(&[("AWS_PROFILE", "dev")]).unwrap(),
        "http://profile.example"
    );
    assert_eq!(
        url(&[("AWS_PROFILE", "local"), ("AWS_REGION", "us-east-1")]).unwrap(),
        "http://services.example"
    );
    assert_eq!(
        url(&[
            ("AWS_PROFILE", "dev"),
            ("AWS_ENDPOINT_URL", "http://global.example")
        ])
        .unwrap(),
        "http://global.example"
    );
    assert_eq!(
        url(&[
            ("AWS_ENDPOINT_URL", "http://global.example"),
            ("AWS_ENDPOINT_URL_CONNECT", "http://connect.example")
        ])
        .unwrap(),
        "http://connect.example"
    );
    assert_eq!(
        url(&[
            ("AWS_PROFILE", "dev"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
        ])
        .unwrap(),
        "https://connect.ap-southeast-2.amazonaws.com"
    );
    assert_eq!(
        url(&[("AWS_USE_FIPS_ENDPOINT", "true")]).unwrap(),
        "https://connect-fips.eu-west-1.amazonaws.com"
    );
    assert_eq!(
        url(&[("AWS_USE_DUALSTACK_ENDPOINT", "true")]).unwrap(),
        "https://connect.eu-west-1.api.aws"
    );
    assert_eq!(
        url(&[
            ("AWS_ENDPOINT_URL", "http://x.example"),
            ("AWS_USE_FIPS_ENDPOINT", "true")
        ])
        .unwrap_err(),
        "Invalid Configuration: FIPS and custom endpoint are not supported"
    );
    let bad = load(&home, &[("AWS_USE_FIPS_ENDPOINT", "maybe")]).unwrap_err();
    assert!(bad.contains("AWS_USE_FIPS_ENDPOINT"), "{bad}");
}

#[test]
fn endpoint_overrides_follow_the_service_identity() {
    let config = "[default]\nregion = eu-west-1\nservices = mine\n\n[services mine]\n\
                  api_gateway =\n  endpoint_url = http://gateway-profile.example\n\
                  connect =\n  endpoint_url = http://connect-profile.example\n";
    let home = make_home("identity", config, CREDENTIALS);
    let gateway = service("API Gateway", "apigateway", "API_GATEWAY", "api_gateway");
    let url = |vars: &[(&str, &str)]| load(&home, vars).unwrap().endpoint_url(&gateway).unwrap();
    assert_eq!(url(&[]), "http://gateway-profile.example");
    assert_eq!(
        url(&[("AWS_ENDPOINT_URL_CONNECT", "http://connect.example")]),
        "http://gateway-profile.example",
        "another service's variable is not this one's"
    );
    assert_eq!(
        url(&[("AWS_ENDPOINT_URL_API_GATEWAY", "http://gateway.example")]),
        "http://gateway.example"
    );
    assert_eq!(
        url(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]),
        "https://apigateway.eu-west-1.amazonaws.com"
    );
}

#[test]
fn compression_settings_come_from_environment_and_profile() {
    let config = "[default]\nregion = eu-west-1\ndisable_request_compression = true\n\
                  request_min_compression_size_bytes = 100\n";
    let home = make_home("compression", config, CREDENTIALS);
    let profile = load(&home, &[]).unwrap();
    assert!(profile.compression().disabled);
    assert_eq!(profile.compression().min_size, 100);
    let env = load(
        &home,
        &[
            ("AWS_DISABLE_REQUEST_COMPRESSION", "false"),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "0"),
        ],
    )
    .unwrap();
    assert!(!env.compression().disabled);
    assert_eq!(env.compression().min_size, 0);
    let defaults = load(&make_home("compression-none", "", ""), &[]).unwrap();
    assert_eq!(
        (
            defaults.compression().disabled,
            defaults.compression().min_size
        ),
        (false, 10_240)
    );
    for bad in ["-1", "lots", "10485761"] {
        let error = load(&home, &[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", bad)]).unwrap_err();
        assert!(
            error.contains("request_min_compression_size_bytes"),
            "{error}"
        );
    }
    let error = load(&home, &[("AWS_DISABLE_REQUEST_COMPRESSION", "perhaps")]).unwrap_err();
    assert!(error.contains("AWS_DISABLE_REQUEST_COMPRESSION"), "{error}");
}

#[test]
fn retry_settings_come_from_environment_and_profile() {
    let home = make_home("retry", CONFIG, CREDENTIALS);
    let dev = load(&home, &[("AWS_PROFILE", "dev")]).unwrap();
    assert_eq!(
        (dev.retry().max_attempts, dev.retry().mode),
        (7, RetryMode::Adaptive)
    );
    let env = load(
        &home,
        &[
            ("AWS_PROFILE", "dev"),
            ("AWS_MAX_ATTEMPTS", "2"),
            ("AWS_RETRY_MODE", "standard"),
        ],
    )
    .unwrap();
    assert_eq!(
        (env.retry().max_attempts, env.retry().mode),
        (2, RetryMode::Standard)
    );
    assert_eq!(load(&home, &[]).unwrap().retry().max_attempts, 3);
    assert!(load(&home, &[("AWS_MAX_ATTEMPTS", "zero")])
        .unwrap_err()
        .contains("max_attempts"));
    assert!(load(&home, &[("AWS_RETRY_MODE", "eager")])
        .unwrap_err()
        .contains("retry_mode"));
    let timeouts = load(&home, &[]).unwrap();
    assert!(
        timeouts.timeouts().connect.is_some() && timeouts.timeouts().read.is_some(),
        "timeouts are on by default"
    );
}
