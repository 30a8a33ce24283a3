//! The call orchestrator every generated operation goes through: validate, fill idempotency
//! tokens, serialize once, then for each attempt sign, send, read and decide whether to retry.

use crate::body::CompressionSettings;
use crate::config::credentials::CredentialsError;
use crate::config::{Clock, Config, CredentialsSetting};
use crate::credentials::Credentials;
use crate::endpoint::rules::RuleSet;
use crate::endpoint::{self, EndpointError};
use crate::error::{ConstructionError, SdkError, ServiceError, ServiceErrorMetadata};
use crate::http::{HttpRequest, HttpResponse};
use crate::json::DeError;
use crate::primitives::DateTime;
use crate::protocol::SerializeError;
use crate::retry::{Attempts, Failure, RateLimiter, RetryConfig, RetryMode, RetryQuota};
use crate::service::ServiceInfo;
use crate::sigv4::{Signer, SigningSettings};
use crate::transport::{
    Http1Transport, HttpTransport, OutgoingRequest, Timeouts, TransportError, TransportErrorKind,
};
use crate::url::Url;
use crate::validation::ValidationError;
use bytes::Bytes;
use std::fmt::{self, Write as _};
use std::sync::Arc;
use tracing::Instrument;

/// One operation's generated functions.
pub struct OperationSpec<I, O, E> {
    pub name: &'static str,
    pub validate: fn(&I) -> Result<(), ValidationError>,
    pub fill_idempotency_tokens: fn(&mut I),
    pub serialize: fn(&I) -> Result<HttpRequest, SerializeError>,
    /// Compresses and checksums the serialized request, for operations that ask for either.
    pub finish: Option<fn(&mut HttpRequest, &CompressionSettings)>,
    pub deserialize: fn(&HttpResponse) -> Result<Result<O, E>, DeError>,
}

/// Everything a client holds, shared by its clones.
pub struct Handle {
    service: ServiceInfo,
    endpoint: Result<Endpoint, ConstructionError>,
    credentials: CredentialsSetting,
    signer: Option<Signer>,
    transport: Result<Arc<dyn HttpTransport>, ConstructionError>,
    retry: RetryConfig,
    timeouts: Timeouts,
    quota: RetryQuota,
    limiter: Option<RateLimiter>,
    clock: Clock,
    user_agent: String,
    compression: CompressionSettings,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("service", &self.service)
            .field("signer", &self.signer)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .finish()
    }
}

/// The endpoint a client sends to, as its rules resolved it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Endpoint {
    /// The endpoint's URL, parsed once; each request's URL is made from it.
    url: Url,
    scheme: String,
    /// Host and port, as the Host header carries them.
    authority: String,
    /// Path before the operation's URI, without a trailing slash.
    base_path: String,
    /// Headers the rules ask every request to this endpoint to carry.
    headers: Vec<(String, String)>,
}

fn parse_endpoint(url: &str) -> Result<Endpoint, EndpointError> {
    let invalid = || EndpointError::new(format!("Invalid endpoint: {url}"));
    let parsed = Url::parse(url).map_err(|_| invalid())?;
    if parsed.query.is_some() {
        return Err(invalid());
    }
    Ok(Endpoint {
        scheme: parsed.scheme().to_owned(),
        authority: parsed.host_header(),
        base_path: parsed.path.trim_end_matches('/').to_owned(),
        headers: Vec::new(),
        url: parsed,
    })
}

/// Resolves the service's endpoint for the configuration, with the signing name and region the
/// endpoint asks for (falling back to the service's and the configured ones).
fn resolve_endpoint(
    config: &Config,
    service: &ServiceInfo,
) -> Result<(Endpoint, Option<(String, String)>), ConstructionError> {
    let params = config.endpoint_params(service);
    if params.region.is_none() && params.endpoint.is_none() {
        return Err(ConstructionError::NoRegion);
    }
    let rules = RuleSet::shared(service.endpoint_rules).map_err(ConstructionError::Endpoint)?;
    let resolved = endpoint::resolve(&rules, &params).map_err(ConstructionError::Endpoint)?;
    let mut parsed = parse_endpoint(&resolved.url).map_err(ConstructionError::Endpoint)?;
    for (name, values) in &resolved.headers {
        parsed.headers.push((name.clone(), values.join(",")));
    }
    let (name, region) = resolved.sigv4_overrides();
    let signing = params.region.as_deref().or(region).map(|configured| {
        (
            name.unwrap_or(service.signing_name).to_owned(),
            region.unwrap_or(configured).to_owned(),
        )
    });
    Ok((parsed, signing))
}

/// A request serialized once and sent by every attempt.
struct Prepared {
    method: &'static str,
    uri: String,
    host: String,
    /// The URL as the transport gets it.
    target: Url,
    headers: Vec<(String, String)>,
    body: Bytes,
    credentials: Option<Credentials>,
    invocation_id: String,
}

/// How one attempt ended without the operation's output.
struct AttemptFailure<E> {
    /// How to treat the failure; `None` when no retry can help (an unreadable response).
    failure: Option<Failure>,
    error: SdkError<E>,
}

impl<E> AttemptFailure<E> {
    /// Attempt `number` got no response: the transport's failure, for the retry policy to judge.
    fn unanswered(
        operation: &'static str,
        prepared: &Prepared,
        error: TransportError,
        number: u32,
    ) -> Self {
        AttemptFailure {
            failure: Some(Failure::from_transport(error.kind)),
            error: SdkError::Dispatch {
                operation,
                url: prepared.target.to_string(),
                error,
                attempts: number,
            },
        }
    }
}

impl Handle {
    /// Builds the shared state of a client. Problems (no region, a bad endpoint, an unreadable CA
    /// bundle) are kept and reported by each call, so building never fails.
    pub fn new(config: &Config, service: ServiceInfo) -> Handle {
        let resolved = resolve_endpoint(config, &service);
        let signer = match &resolved {
            Ok((_, Some((name, region)))) => Some(Signer::new(
                region.clone(),
                name.clone(),
                SigningSettings::default(),
            )),
            _ => None,
        };
        let transport = match &config.transport {
            Some(transport) => Ok(transport.clone()),
            None => Http1Transport::new(config.timeouts, &config.tls)
                .map(|t| {
                    let t = t
                        .with_proxies(config.proxies.clone())
                        .with_max_response_body(config.max_response_body);
                    Arc::new(t) as Arc<dyn HttpTransport>
                })
                .map_err(ConstructionError::Tls),
        };
        let mut user_agent = format!(
            "connect-rust-client/{} lang/rust os/{} api/{}#{}",
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            service.sdk_id.to_ascii_lowercase().replace(' ', "-"),
            service.api_version
        );
        if let Some(app) = &config.app_name {
            user_agent.push_str(" app/");
            user_agent.push_str(app);
        }
        Handle {
            service,
            endpoint: resolved.map(|(endpoint, _)| endpoint),
            credentials: config.credentials.clone(),
            signer,
            transport,
            retry: config.retry,
            timeouts: config.timeouts,
            quota: RetryQuota::default(),
            limiter: (config.retry.mode == RetryMode::Adaptive).then(RateLimiter::default),
            clock: config.clock.clone(),
            user_agent,
            compression: config.compression,
        }
    }

    async fn credentials(&self) -> Result<Option<Credentials>, ConstructionError> {
        match &self.credentials {
            CredentialsSetting::Unsigned => Ok(None),
            CredentialsSetting::Missing => Err(ConstructionError::NoCredentials),
            CredentialsSetting::Provider(provider) => {
                if let Some(credentials) = provider.cached() {
                    return Ok(Some(credentials));
                }
                let provider = provider.clone();
                tokio::task::spawn_blocking(move || provider.refresh())
                    .await
                    .map_err(|e| {
                        ConstructionError::Credentials(CredentialsError::new(format!(
                            "the credentials provider failed: {e}"
                        )))
                    })?
                    .map(Some)
                    .map_err(ConstructionError::Credentials)
            }
        }
    }

    /// Makes one call with retries.
    pub async fn invoke<I, O, E>(
        &self,
        spec: &OperationSpec<I, O, E>,
        input: I,
        validate: bool,
    ) -> Result<O, SdkError<E>>
    where
        E: ServiceErrorMetadata,
    {
        let span = tracing::debug_span!(
            "call",
            service = self.service.sdk_id,
            operation = spec.name,
            invocation_id = tracing::field::Empty,
        );
        let call = async move {
            let prepared = self.prepare(spec, input, validate).await?;
            tracing::Span::current().record("invocation_id", prepared.invocation_id.as_str());
            let mut attempts = Attempts::new(&self.retry, &self.quota);
            loop {
                attempts.made += 1;
                if let Some(limiter) = &self.limiter {
                    let delay = limiter.delay_before_send();
                    if !delay.is_zero() {
                        tracing::debug!(?delay, rate = ?limiter.rate(), "adaptive send rate wait");
                        tokio::time::sleep(delay).await;
                    }
                }
                let failed = match self.timed_attempt(spec, &prepared, attempts.made).await {
                    Ok(output) => {
                        attempts.succeeded();
                        return Ok(output);
                    }
                    Err(failed) => failed,
                };
                let Some(delay) = failed
                    .failure
                    .and_then(|failure| attempts.retry_after(failure))
                else {
                    return Err(failed.error);
                };
                tracing::debug!(attempt = attempts.made, ?delay, "retrying");
                tokio::time::sleep(delay).await;
            }
        };
        let Some(limit) = self.timeouts.operation else {
            return call.instrument(span).await;
        };
        match tokio::time::timeout(limit, call.instrument(span)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(SdkError::Dispatch {
                operation: spec.name,
                url: self.endpoint_url(),
                error: TransportError::new(
                    TransportErrorKind::OperationTimeout,
                    format!("the operation did not finish within {limit:?}"),
                ),
                attempts: 0,
            }),
        }
    }

    /// The endpoint's URL, for error messages.
    fn endpoint_url(&self) -> String {
        match &self.endpoint {
            Ok(endpoint) => format!(
                "{}://{}{}",
                endpoint.scheme, endpoint.authority, endpoint.base_path
            ),
            Err(_) => String::new(),
        }
    }

    /// Everything done once per call: validation, idempotency tokens, serialization, the
    /// endpoint and the credentials.
    async fn prepare<I, O, E>(
        &self,
        spec: &OperationSpec<I, O, E>,
        mut input: I,
        validate: bool,
    ) -> Result<Prepared, SdkError<E>> {
        if validate {
            (spec.validate)(&input).map_err(SdkError::Validation)?;
        }
        (spec.fill_idempotency_tokens)(&mut input);
        let construction = |error: ConstructionError| SdkError::Construction {
            operation: spec.name,
            error,
        };
        let endpoint = self
            .endpoint
            .as_ref()
            .map_err(|e| construction(e.clone()))?;
        let credentials = self.credentials().await.map_err(construction)?;
        if credentials.is_some() && self.signer.is_none() {
            return Err(construction(ConstructionError::NoRegion));
        }
        let mut request =
            (spec.serialize)(&input).map_err(|e| construction(ConstructionError::Serialize(e)))?;
        drop(input);
        if let Some(finish) = spec.finish {
            finish(&mut request, &self.compression);
        }
        let host = match &request.host_prefix {
            Some(prefix) => format!("{prefix}{}", endpoint.authority),
            None => endpoint.authority.clone(),
        };
        let uri = if endpoint.base_path.is_empty() {
            request.uri
        } else {
            format!("{}{}", endpoint.base_path, request.uri)
        };
        // The request's URL, made from the endpoint's parsed one and carried to the transport
        // as it is: nothing parses it again.
        let (path, query) = match uri.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (uri.clone(), None),
        };
        let target = Url {
            tls: endpoint.url.tls,
            authority: host.clone(),
            host: match &request.host_prefix {
                Some(prefix) => format!("{prefix}{}", endpoint.url.host),
                None => endpoint.url.host.clone(),
            },
            port: endpoint.url.port,
            path,
            query,
        };
        let mut headers = request.headers;
        headers.extend(endpoint.headers.iter().cloned());
        Ok(Prepared {
            method: request.method,
            uri,
            host,
            target,
            headers,
            body: Bytes::from(request.body),
            credentials,
            invocation_id: crate::idempotency::new_token(),
        })
    }

    /// One attempt within the attempt timeout, if there is one.
    async fn timed_attempt<I, O, E>(
        &self,
        spec: &OperationSpec<I, O, E>,
        prepared: &Prepared,
        number: u32,
    ) -> Result<O, AttemptFailure<E>>
    where
        E: ServiceErrorMetadata,
    {
        let Some(limit) = self.timeouts.attempt else {
            return self.attempt(spec, prepared, number).await;
        };
        match tokio::time::timeout(limit, self.attempt(spec, prepared, number)).await {
            Ok(outcome) => outcome,
            Err(_) => {
                let error = TransportError::new(
                    TransportErrorKind::AttemptTimeout,
                    format!("the attempt did not finish within {limit:?}"),
                );
                tracing::debug!(error = %error, "no response");
                Err(AttemptFailure::unanswered(
                    spec.name, prepared, error, number,
                ))
            }
        }
    }

    /// One attempt: sign, send, read the response.
    async fn attempt<I, O, E>(
        &self,
        spec: &OperationSpec<I, O, E>,
        prepared: &Prepared,
        number: u32,
    ) -> Result<O, AttemptFailure<E>>
    where
        E: ServiceErrorMetadata,
    {
        let transport = self.transport.as_ref().map_err(|e| AttemptFailure {
            failure: None,
            error: SdkError::Construction {
                operation: spec.name,
                error: e.clone(),
            },
        })?;
        // Room for the headers added here and by the signer, so the list is allocated once.
        let mut headers = Vec::with_capacity(prepared.headers.len() + 8);
        headers.extend(prepared.headers.iter().cloned());
        headers.push(("Host".to_owned(), prepared.host.clone()));
        headers.push(("User-Agent".to_owned(), self.user_agent.clone()));
        headers.push((
            "amz-sdk-invocation-id".to_owned(),
            prepared.invocation_id.clone(),
        ));
        let mut request_info = String::with_capacity(32);
        // Writing into a String cannot fail.
        let _ = write!(
            request_info,
            "attempt={number}; max={}",
            self.retry.max_attempts
        );
        headers.push(("amz-sdk-request".to_owned(), request_info));
        if let (Some(credentials), Some(signer)) = (&prepared.credentials, &self.signer) {
            let now = DateTime::from((self.clock)());
            signer.sign(
                prepared.method,
                &prepared.uri,
                &mut headers,
                &prepared.body,
                credentials,
                now,
            );
        }
        let outgoing = OutgoingRequest {
            method: prepared.method,
            url: prepared.target.clone(),
            headers,
            body: prepared.body.clone(),
        };
        let attempt_span =
            tracing::debug_span!("attempt", number = number, max = self.retry.max_attempts);
        // The request's Debug form hides the signature, the session token and the body.
        tracing::trace!(parent: &attempt_span, request = ?outgoing, "sending");
        let sent = transport
            .send(outgoing)
            .instrument(attempt_span.clone())
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => {
                tracing::debug!(parent: &attempt_span, error = %error, "no response");
                return Err(AttemptFailure::unanswered(
                    spec.name, prepared, error, number,
                ));
            }
        };
        let request_id = || response.request_id().map(str::to_owned);
        tracing::debug!(
            parent: &attempt_span,
            status = response.status,
            request_id = ?response.request_id(),
            "response"
        );
        let error = match (spec.deserialize)(&response) {
            Ok(Ok(output)) => {
                if let Some(limiter) = &self.limiter {
                    limiter.on_response(false);
                }
                return Ok(output);
            }
            Ok(Err(error)) => error,
            Err(error) => {
                return Err(AttemptFailure {
                    failure: None,
                    error: SdkError::ResponseParse {
                        operation: spec.name,
                        status: response.status,
                        request_id: request_id(),
                        error,
                    },
                })
            }
        };
        let failure =
            Failure::classify(Some(error.code()), response.status, error.modelled_retry());
        tracing::debug!(
            parent: &attempt_span,
            code = error.code(),
            ?failure,
            "service error"
        );
        if let Some(limiter) = &self.limiter {
            let throttled = failure == Failure::Throttling;
            limiter.on_response(throttled);
            if throttled {
                tracing::debug!(parent: &attempt_span, rate = ?limiter.rate(), "adaptive send rate cut");
            }
        }
        Err(AttemptFailure {
            failure: Some(failure),
            error: SdkError::Service(ServiceError {
                error,
                operation: spec.name,
                status: response.status,
                request_id: request_id(),
                retries: number - 1,
                message: crate::protocol::error_metadata(&response)
                    .message
                    .unwrap_or_default(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_endpoint;

    #[test]
    fn endpoints_parse() {
        let e = parse_endpoint("https://connect.us-east-1.amazonaws.com").unwrap();
        assert_eq!(
            (
                e.scheme.as_str(),
                e.authority.as_str(),
                e.base_path.as_str()
            ),
            ("https", "connect.us-east-1.amazonaws.com", "")
        );
        let e = parse_endpoint("http://127.0.0.1:8080/custom/").unwrap();
        assert_eq!(
            (e.authority.as_str(), e.base_path.as_str()),
            ("127.0.0.1:8080", "/custom")
        );
        assert_eq!(
            parse_endpoint("https://example.com:443").unwrap().authority,
            "example.com"
        );
        assert!(parse_endpoint("ftp://x").is_err());
        assert!(parse_endpoint("no-scheme").is_err());
    }
}
