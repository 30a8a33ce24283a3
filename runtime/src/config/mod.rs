//! Client configuration, resolved the way AWS users expect: explicit settings first, then the
//! environment, then the shared `config` and `credentials` files.
//!
//! - region: builder, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`;
//! - credentials: builder, `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, the
//!   profile's keys, the profile's `credential_process`; or unsigned requests when asked for;
//! - profile: builder, `AWS_PROFILE`, `default`; files from `AWS_CONFIG_FILE` and
//!   `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/`;
//! - endpoint: builder, `AWS_ENDPOINT_URL_<SERVICE>` (the service's SDK id in upper case, spaces
//!   as underscores: `AWS_ENDPOINT_URL_CONNECT`), `AWS_ENDPOINT_URL`, the service's key in the
//!   profile's `services` section, the profile's `endpoint_url` (all but the builder switched off by
//!   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`); FIPS and dual-stack from the builder,
//!   `AWS_USE_FIPS_ENDPOINT`/`AWS_USE_DUALSTACK_ENDPOINT` or the profile;
//! - retries: builder, `AWS_MAX_ATTEMPTS`/`AWS_RETRY_MODE`, the profile's `max_attempts`/`retry_mode`;
//! - TLS: builder, `AWS_CA_BUNDLE`, the profile's `ca_bundle`;
//! - request compression: builder, `AWS_DISABLE_REQUEST_COMPRESSION`/
//!   `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, the profile's `disable_request_compression`/
//!   `request_min_compression_size_bytes`.

pub mod credentials;

pub mod profile;

use crate::body::{CompressionSettings, MAX_MIN_COMPRESSION_SIZE};
use crate::credentials::Credentials;
use crate::endpoint::rules::RuleSet;
use crate::endpoint::{self, EndpointError, EndpointParams};
use crate::env::{parse_bool, Env};
use crate::retry::{RetryConfig, RetryMode};
use crate::service::ServiceInfo;
use crate::transport::proxy::{Proxies, ProxySettings};
use crate::transport::{HttpTransport, Timeouts, TlsSettings, DEFAULT_MAX_RESPONSE_BODY};
use credentials::{CredentialsError, ProcessCredentials, ProvideCredentials, StaticCredentials};
use profile::{Profile, ProfileSet};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The AWS CLI's words when no region is configured.
pub const NO_REGION: &str =
    "You must specify a region. You can also configure your region by running \"aws configure\".";

crate::macros::message_error!(
    /// A configuration setting or file that cannot be used.
    ConfigError
);

/// How requests are signed.
#[derive(Clone, Debug)]
pub enum CredentialsSetting {
    /// Signed with credentials from this provider.
    Provider(Arc<dyn ProvideCredentials>),
    /// Sent unsigned (`--no-sign-request`).
    Unsigned,
    /// Nothing was found; calls fail with the AWS CLI's message.
    Missing,
}

/// The current time, for signing; replaceable for tests.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// A resolved client configuration.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: CredentialsSetting,
    pub(crate) endpoint: EndpointSettings,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: Timeouts,
    pub(crate) tls: TlsSettings,
    pub(crate) proxies: Arc<Proxies>,
    pub(crate) max_response_body: u64,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    pub(crate) clock: Clock,
    pub(crate) app_name: Option<String>,
    pub(crate) compression: CompressionSettings,
    /// The selected profile's settings, for tools built on the client (`output`, `cli_pager`).
    pub(crate) profile: Profile,
    pub(crate) env: Env,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint", &self.endpoint)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("tls", &self.tls)
            .field("proxies", &self.proxies)
            .field("max_response_body", &self.max_response_body)
            .field("transport", &self.transport)
            .field("app_name", &self.app_name)
            .field("compression", &self.compression)
            .finish()
    }
}

impl Config {
    /// Resolves everything from the environment and the shared files.
    pub fn load() -> Result<Config, ConfigError> {
        Config::builder().build()
    }

    /// Starts a builder; what it leaves unset is resolved from the environment and files.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    pub fn timeouts(&self) -> &Timeouts {
        &self.timeouts
    }

    pub fn credentials(&self) -> &CredentialsSetting {
        &self.credentials
    }

    /// When request bodies are compressed.
    pub fn compression(&self) -> &CompressionSettings {
        &self.compression
    }

    /// A setting from the environment variable, else the selected profile's key.
    pub fn setting(&self, variable: &str, key: &str) -> Option<&str> {
        self.env.get(variable).or_else(|| self.profile.get(key))
    }

    /// The endpoint parameters for a service: the region, FIPS and dual-stack settings and the
    /// custom endpoint configured for it.
    pub fn endpoint_params(&self, service: &ServiceInfo) -> EndpointParams {
        EndpointParams {
            region: self.region.clone(),
            use_fips: self.endpoint.use_fips,
            use_dual_stack: self.endpoint.use_dual_stack,
            endpoint: self.endpoint.url_for(service),
        }
    }

    /// The endpoint URL a service's requests go to, or why there is none.
    pub fn endpoint_url(&self, service: &ServiceInfo) -> Result<String, EndpointError> {
        let params = self.endpoint_params(service);
        if params.region.is_none() && params.endpoint.is_none() {
            return Err(EndpointError::new(NO_REGION));
        }
        let rules = RuleSet::shared(service.endpoint_rules)?;
        endpoint::resolve(&rules, &params).map(|resolved| resolved.url)
    }
}

/// Where endpoints come from, before the service is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EndpointSettings {
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    /// Set on the builder: wins over everything configured.
    explicit: Option<String>,
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's `ignore_configured_endpoint_urls`.
    ignore_configured: bool,
    /// `AWS_ENDPOINT_URL` and every `AWS_ENDPOINT_URL_<SERVICE>`.
    env: BTreeMap<String, String>,
    /// The profile's `services` section.
    services: Option<Profile>,
    /// The profile's own `endpoint_url`.
    profile_url: Option<String>,
}

impl EndpointSettings {
    /// The custom endpoint configured for the service, in the AWS SDKs' order of precedence.
    fn url_for(&self, service: &ServiceInfo) -> Option<String> {
        if let Some(url) = &self.explicit {
            return Some(url.clone());
        }
        if self.ignore_configured {
            return None;
        }
        self.env
            .get(&format!("AWS_ENDPOINT_URL_{}", service.env_name))
            .or_else(|| self.env.get("AWS_ENDPOINT_URL"))
            .map(String::as_str)
            .or_else(|| {
                self.services
                    .as_ref()
                    .and_then(|services| services.sub(service.config_key, "endpoint_url"))
            })
            .or(self.profile_url.as_deref())
            .map(str::to_owned)
    }
}

/// Explicit settings; `build` fills the rest from the environment and the shared files.
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<CredentialsSetting>,
    profile: Option<String>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    max_attempts: Option<u32>,
    retry_mode: Option<RetryMode>,
    initial_backoff: Option<Duration>,
    connect_timeout: Option<Option<Duration>>,
    read_timeout: Option<Option<Duration>>,
    ca_bundle: Option<PathBuf>,
    insecure: bool,
    proxy: Option<ProxySettings>,
    max_response_body: Option<u64>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    transport: Option<Arc<dyn HttpTransport>>,
    clock: Option<Clock>,
    app_name: Option<String>,
    disable_request_compression: Option<bool>,
    min_compression_size: Option<u32>,
    env: Option<Env>,
}

impl ConfigBuilder {
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsSetting::Provider(Arc::new(StaticCredentials(
            credentials,
        ))));
        self
    }

    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(CredentialsSetting::Provider(provider));
        self
    }

    /// Sends requests without signing them.
    pub fn unsigned(mut self) -> Self {
        self.credentials = Some(CredentialsSetting::Unsigned);
        self
    }

    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    pub fn use_fips(mut self, on: bool) -> Self {
        self.use_fips = Some(on);
        self
    }

    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.use_dual_stack = Some(on);
        self
    }

    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.retry_mode = Some(mode);
        self
    }

    /// The base of the exponential backoff (1 second unless set).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = Some(backoff);
        self
    }

    /// `None` switches the connect timeout off.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// `None` switches the read timeout off.
    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Limits each attempt (sending, reading and parsing the response) to `timeout`; a timed
    /// out attempt is retried like a read timeout. Off by default.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Limits the whole operation, its retries and their delays included, to `timeout`. Off by
    /// default.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// How requests find their proxy: from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` by
    /// default, or as given, or none ([`ProxySettings::Disabled`]).
    pub fn proxy(mut self, settings: ProxySettings) -> Self {
        self.proxy = Some(settings);
        self
    }

    /// Refuses response bodies larger than `bytes` (16 MiB by default).
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.max_response_body = Some(bytes);
        self
    }

    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some(path.into());
        self
    }

    /// Accept any TLS certificate (for local test endpoints only).
    pub fn insecure(mut self, on: bool) -> Self {
        self.insecure = on;
        self
    }

    /// Replaces the HTTP transport.
    pub fn transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Replaces the clock used for signing.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Added to the User-Agent.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.app_name = Some(name.into());
        self
    }

    /// Never compress request bodies (only operations that accept compressed bodies are affected).
    pub fn disable_request_compression(mut self, disabled: bool) -> Self {
        self.disable_request_compression = Some(disabled);
        self
    }

    /// The smallest body, in bytes, worth compressing (10240 unless set; at most 10485760).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.min_compression_size = Some(bytes);
        self
    }

    /// Resolves from this environment instead of the process's (tests, embedding).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// One setting as [`ConfigBuilder::build`] reads it (the environment variable, else the
    /// selected profile's key), reading only the environment and the shared files: no
    /// credentials, endpoints or transport are set up.
    pub fn setting(&self, variable: &str, key: &str) -> Result<Option<String>, ConfigError> {
        let env = self.env.clone().unwrap_or_else(Env::from_process);
        if let Some(value) = env.get(variable) {
            return Ok(Some(value.to_owned()));
        }
        let files = ProfileSet::load(&env).map_err(ConfigError::new)?;
        let (_, profile) = self.select_profile(&env, &files)?;
        Ok(profile.get(key).map(str::to_owned))
    }

    /// The profile in use (the builder's, else `AWS_PROFILE`, else `default`) and its settings; a
    /// profile named explicitly must exist.
    fn select_profile(
        &self,
        env: &Env,
        files: &ProfileSet,
    ) -> Result<(String, Profile), ConfigError> {
        let explicit_profile = self
            .profile
            .clone()
            .or_else(|| env.get("AWS_PROFILE").map(str::to_owned));
        let profile_name = explicit_profile
            .clone()
            .unwrap_or_else(|| "default".to_owned());
        let profile = match files.profile(&profile_name) {
            Some(profile) => profile.clone(),
            None if explicit_profile.is_some() => {
                return Err(ConfigError::new(format!(
                    "The config profile ({profile_name}) could not be found"
                )))
            }
            None => Profile::default(),
        };
        Ok((profile_name, profile))
    }

    /// Resolves every setting. Fails on settings that cannot be used (an unknown profile, a bad
    /// number); a missing region or missing credentials are reported when a call is made.
    pub fn build(self) -> Result<Config, ConfigError> {
        let env = self.env.clone().unwrap_or_else(Env::from_process);
        let files = ProfileSet::load(&env).map_err(ConfigError::new)?;
        let (profile_name, profile) = self.select_profile(&env, &files)?;

        let region = self
            .region
            .clone()
            .or_else(|| env.get("AWS_REGION").map(str::to_owned))
            .or_else(|| env.get("AWS_DEFAULT_REGION").map(str::to_owned))
            .or_else(|| profile.get("region").map(str::to_owned));

        let credentials = match self.credentials.clone() {
            Some(setting) => setting,
            None => resolve_credentials(&env, &profile_name, &profile)
                .map_err(|e| ConfigError::new(e.to_string()))?,
        };

        // A setting from the environment, else from the profile, with the name it was found under.
        let lookup = |var: &'static str, key: &'static str| {
            env.get(var)
                .map(|value| (var, value))
                .or_else(|| profile.get(key).map(|value| (key, value)))
        };
        let flag = |explicit: Option<bool>, var, key| -> Result<bool, ConfigError> {
            match (explicit, lookup(var, key)) {
                (Some(value), _) => Ok(value),
                (None, Some((name, value))) => parse_bool(name, value).map_err(ConfigError::new),
                (None, None) => Ok(false),
            }
        };
        let use_fips = flag(self.use_fips, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?;
        let use_dual_stack = flag(
            self.use_dual_stack,
            "AWS_USE_DUALSTACK_ENDPOINT",
            "use_dualstack_endpoint",
        )?;
        let ignore_configured = flag(
            None,
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )?;
        let endpoint = EndpointSettings {
            use_fips,
            use_dual_stack,
            explicit: self.endpoint_url.clone(),
            ignore_configured,
            env: env.with_prefix("AWS_ENDPOINT_URL"),
            services: profile
                .get("services")
                .and_then(|section| files.services(section))
                .cloned(),
            profile_url: profile.get("endpoint_url").map(str::to_owned),
        };

        let max_attempts = match self.max_attempts {
            Some(attempts) => attempts,
            None => match lookup("AWS_MAX_ATTEMPTS", "max_attempts") {
                Some((_, text)) => text
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| {
                        ConfigError::new(format!(
                            "max_attempts must be a whole number of at least 1, not `{text}`"
                        ))
                    })?,
                None => RetryConfig::default().max_attempts,
            },
        };
        let mode = match self.retry_mode {
            Some(mode) => mode,
            None => match lookup("AWS_RETRY_MODE", "retry_mode") {
                Some((_, text)) => RetryMode::parse(text).ok_or_else(|| {
                    ConfigError::new(format!(
                        "retry_mode must be standard, adaptive or legacy, not `{text}`"
                    ))
                })?,
                None => RetryMode::Standard,
            },
        };
        let retry = RetryConfig {
            mode,
            max_attempts,
            initial_backoff: self
                .initial_backoff
                .unwrap_or(RetryConfig::default().initial_backoff),
            ..RetryConfig::default()
        };
        let min_size = match self.min_compression_size {
            Some(bytes) => Some(bytes),
            None => lookup(
                "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
                "request_min_compression_size_bytes",
            )
            .map(|(_, text)| text.trim().parse::<u32>().map_err(|_| text))
            .transpose()
            .map_err(|text| {
                ConfigError::new(format!(
                    "request_min_compression_size_bytes must be a whole number from 0 to \
                     {MAX_MIN_COMPRESSION_SIZE}, not `{text}`"
                ))
            })?,
        };
        if let Some(bytes) = min_size.filter(|b| *b > MAX_MIN_COMPRESSION_SIZE) {
            return Err(ConfigError::new(format!(
                "request_min_compression_size_bytes must be a whole number from 0 to \
                 {MAX_MIN_COMPRESSION_SIZE}, not `{bytes}`"
            )));
        }
        let compression = CompressionSettings {
            disabled: flag(
                self.disable_request_compression,
                "AWS_DISABLE_REQUEST_COMPRESSION",
                "disable_request_compression",
            )?,
            min_size: min_size.unwrap_or(CompressionSettings::default().min_size),
        };
        let defaults = Timeouts::default();
        let timeouts = Timeouts {
            connect: self.connect_timeout.unwrap_or(defaults.connect),
            read: self.read_timeout.unwrap_or(defaults.read),
            attempt: self.attempt_timeout,
            operation: self.operation_timeout,
        };
        let proxies = Arc::new(Proxies::new(&self.proxy.clone().unwrap_or_default(), &env));
        let tls = TlsSettings {
            ca_bundle: self.ca_bundle.clone().or_else(|| {
                lookup("AWS_CA_BUNDLE", "ca_bundle").map(|(_, path)| PathBuf::from(path))
            }),
            insecure: self.insecure,
        };
        Ok(Config {
            region,
            credentials,
            endpoint,
            retry,
            timeouts,
            tls,
            proxies,
            max_response_body: self.max_response_body.unwrap_or(DEFAULT_MAX_RESPONSE_BODY),
            transport: self.transport,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemTime::now)),
            app_name: self.app_name,
            compression,
            profile,
            env,
        })
    }
}

fn resolve_credentials(
    env: &Env,
    profile_name: &str,
    profile: &Profile,
) -> Result<CredentialsSetting, CredentialsError> {
    if let Some(found) = credentials::from_env(env)? {
        return Ok(CredentialsSetting::Provider(Arc::new(StaticCredentials(
            found,
        ))));
    }
    if let Some(found) = credentials::from_profile(profile_name, profile)? {
        return Ok(CredentialsSetting::Provider(Arc::new(StaticCredentials(
            found,
        ))));
    }
    if let Some(command) = profile.get("credential_process") {
        return Ok(CredentialsSetting::Provider(Arc::new(
            ProcessCredentials::new(command),
        )));
    }
    Ok(CredentialsSetting::Missing)
}
