//! The call orchestrator every generated operation goes through: validate, fill idempotency
//! tokens, serialize once, then for each attempt sign, send, read and decide whether to retry.

use crate::body::CompressionSettings;
use crate::config::{Clock, Config, CredentialsSetting, NO_REGION};
use crate::credentials::Credentials;
use crate::error::{SdkError, ServiceError, ServiceErrorMetadata};
use crate::http::{HttpRequest, HttpResponse};
use crate::json::DeError;
use crate::primitives::DateTime;
use crate::protocol::SerializeError;
use crate::retry::{Attempts, Failure, RateLimiter, RetryConfig, RetryMode, RetryQuota};
use crate::sigv4::{Signer, SigningSettings};
use crate::transport::{HttpTransport, HyperTransport, OutgoingRequest};
use crate::validation::ValidationError;
use bytes::Bytes;
use std::fmt;
use std::sync::Arc;
use tracing::Instrument;

/// Facts about the service that the client needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The SDK id, as it appears in the User-Agent.
    pub sdk_id: &'static str,
    pub api_version: &'static str,
}

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
    endpoint: Result<Endpoint, String>,
    credentials: CredentialsSetting,
    signer: Option<Signer>,
    transport: Result<Arc<dyn HttpTransport>, String>,
    retry: RetryConfig,
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

/// A parsed endpoint URL.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Endpoint {
    scheme: String,
    /// Host and port, as the Host header carries them.
    authority: String,
    /// Path before the operation's URI, without a trailing slash.
    base_path: String,
}

fn parse_endpoint(url: &str) -> Result<Endpoint, String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("Invalid endpoint: {url}"))?;
    if scheme != "https" && scheme != "http" {
        return Err(format!("Invalid endpoint: {url}"));
    }
    let (authority, path) = match rest.find('/') {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return Err(format!("Invalid endpoint: {url}"));
    }
    // The default port is left out of the Host header, as every AWS SDK does.
    let authority = match (scheme, authority.rsplit_once(':')) {
        ("https", Some((host, "443"))) | ("http", Some((host, "80"))) => host.to_owned(),
        _ => authority.to_owned(),
    };
    Ok(Endpoint {
        scheme: scheme.to_owned(),
        authority,
        base_path: path.trim_end_matches('/').to_owned(),
    })
}

impl Handle {
    /// Builds the shared state of a client. Problems (no region, a bad endpoint, an unreadable CA
    /// bundle) are kept and reported by each call, so building never fails.
    pub fn new(config: &Config, service: ServiceInfo) -> Handle {
        let endpoint = config.endpoint_url().and_then(|url| parse_endpoint(&url));
        let signer = config.region.as_ref().map(|region| {
            Signer::new(
                region.clone(),
                service.signing_name,
                SigningSettings::default(),
            )
        });
        let transport = match &config.transport {
            Some(transport) => Ok(transport.clone()),
            None => HyperTransport::new(config.timeouts, &config.tls)
                .map(|t| Arc::new(t) as Arc<dyn HttpTransport>),
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
            endpoint,
            credentials: config.credentials.clone(),
            signer,
            transport,
            retry: config.retry,
            quota: RetryQuota::default(),
            limiter: (config.retry.mode == RetryMode::Adaptive).then(RateLimiter::default),
            clock: config.clock.clone(),
            user_agent,
            compression: config.compression,
        }
    }

    async fn credentials(&self) -> Result<Option<Credentials>, String> {
        match &self.credentials {
            CredentialsSetting::Unsigned => Ok(None),
            CredentialsSetting::Missing(message) => Err(message.clone()),
            CredentialsSetting::Provider(provider) => {
                if let Some(credentials) = provider.cached() {
                    return Ok(Some(credentials));
                }
                let provider = provider.clone();
                tokio::task::spawn_blocking(move || provider.refresh())
                    .await
                    .map_err(|e| format!("the credentials provider failed: {e}"))?
                    .map(Some)
                    .map_err(|e| e.to_string())
            }
        }
    }

    /// Makes one call with retries.
    pub async fn invoke<I, O, E>(
        &self,
        spec: &OperationSpec<I, O, E>,
        mut input: I,
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
        async move {
            if validate {
                (spec.validate)(&input).map_err(SdkError::Validation)?;
            }
            (spec.fill_idempotency_tokens)(&mut input);
            let construction = |message: String| SdkError::Construction {
                operation: spec.name,
                message,
            };
            let endpoint = self
                .endpoint
                .as_ref()
                .map_err(|e| construction(e.clone()))?;
            let transport = self
                .transport
                .as_ref()
                .map_err(|e| construction(e.clone()))?;
            let credentials = self.credentials().await.map_err(construction)?;
            if credentials.is_some() && self.signer.is_none() {
                return Err(construction(NO_REGION.to_owned()));
            }
            let mut request = (spec.serialize)(&input).map_err(|e| construction(e.to_string()))?;
            if let Some(finish) = spec.finish {
                finish(&mut request, &self.compression);
            }
            drop(input);
            let host = match &request.host_prefix {
                Some(prefix) => format!("{prefix}{}", endpoint.authority),
                None => endpoint.authority.clone(),
            };
            let uri = format!("{}{}", endpoint.base_path, request.uri);
            let url = format!("{}://{host}{uri}", endpoint.scheme);
            let body = Bytes::from(request.body);
            let invocation_id = crate::idempotency::new_token();
            tracing::Span::current().record("invocation_id", invocation_id.as_str());
            let mut attempts = Attempts::new(&self.retry, &self.quota);
            loop {
                attempts.made += 1;
                if let Some(limiter) = &self.limiter {
                    let delay = limiter.delay_before_send();
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                }
                let mut headers = request.headers.clone();
                headers.push(("Host".to_owned(), host.clone()));
                headers.push(("User-Agent".to_owned(), self.user_agent.clone()));
                headers.push(("amz-sdk-invocation-id".to_owned(), invocation_id.clone()));
                headers.push((
                    "amz-sdk-request".to_owned(),
                    format!("attempt={}; max={}", attempts.made, self.retry.max_attempts),
                ));
                if let (Some(credentials), Some(signer)) = (&credentials, &self.signer) {
                    let now = DateTime::from((self.clock)());
                    signer.sign(request.method, &uri, &mut headers, &body, credentials, now);
                }
                let outgoing = OutgoingRequest {
                    method: request.method,
                    url: url.clone(),
                    headers,
                    body: body.clone(),
                };
                let attempt_span = tracing::debug_span!(
                    "attempt",
                    number = attempts.made,
                    max = self.retry.max_attempts
                );
                // The request's Debug form hides the signature, the session token and the body.
                tracing::trace!(parent: &attempt_span, request = ?outgoing, "sending");
                let sent = transport
                    .send(outgoing)
                    .instrument(attempt_span.clone())
                    .await;
                let (failure, error) = match sent {
                    Err(error) => {
                        tracing::debug!(parent: &attempt_span, error = %error, "no response");
                        let failure = Failure::from_transport(error.kind);
                        let error = SdkError::Dispatch {
                            operation: spec.name,
                            url: url.clone(),
                            error,
                            attempts: attempts.made,
                        };
                        (failure, error)
                    }
                    Ok(response) => {
                        let request_id = response.request_id().map(str::to_owned);
                        tracing::debug!(
                            parent: &attempt_span,
                            status = response.status,
                            request_id = ?request_id,
                            "response"
                        );
                        let error = match (spec.deserialize)(&response) {
                            Err(error) => {
                                return Err(SdkError::ResponseParse {
                                    operation: spec.name,
                                    status: response.status,
                                    request_id,
                                    error,
                                })
                            }
                            Ok(Ok(output)) => {
                                attempts.succeeded();
                                if let Some(limiter) = &self.limiter {
                                    limiter.on_response(false);
                                }
                                return Ok(output);
                            }
                            Ok(Err(error)) => error,
                        };
                        let failure = Failure::classify(
                            Some(error.code()),
                            response.status,
                            error.modelled_retry(),
                        );
                        tracing::debug!(
                            parent: &attempt_span,
                            code = error.code(),
                            ?failure,
                            "service error"
                        );
                        if let Some(limiter) = &self.limiter {
                            limiter.on_response(failure == Failure::Throttling);
                        }
                        let error = SdkError::Service(ServiceError {
                            error,
                            operation: spec.name,
                            status: response.status,
                            request_id,
                            retries: attempts.made - 1,
                        });
                        (failure, error)
                    }
                };
                let Some(delay) = attempts.retry_after(failure) else {
                    return Err(error);
                };
                tracing::debug!(parent: &attempt_span, ?delay, "retrying");
                tokio::time::sleep(delay).await;
            }
        }
        .instrument(span)
        .await
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
