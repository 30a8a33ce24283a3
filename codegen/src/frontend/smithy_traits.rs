//! Reading Smithy trait values into the typed [`Traits`] record.

use crate::error::{pointer, Error};
use crate::ir::{
    Fault, HttpBinding, LengthBounds, RangeBounds, Retryable, TimestampFormat, Traits,
};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeSet;

/// Traits that are read elsewhere (shape kind, operation, service) or that cannot change the
/// generated types nor what goes on the wire for the protocols the generator serves.
const NO_EFFECT: &[&str] = &[
    "smithy.api#enum",
    "smithy.api#enumValue",
    "smithy.api#http",
    "smithy.api#endpoint",
    "smithy.api#input",
    "smithy.api#output",
    "smithy.api#idempotent",
    "smithy.api#readonly",
    "smithy.api#paginated",
    "smithy.api#examples",
    "smithy.api#externalDocumentation",
    "smithy.api#tags",
    "smithy.api#since",
    "smithy.api#suppress",
    "smithy.api#unstable",
    "smithy.api#internal",
    "smithy.api#recommended",
    "smithy.api#clientOptional",
    "smithy.api#addedDefault",
    "smithy.api#title",
    "smithy.api#private",
    "smithy.api#box",
    "smithy.api#mixin",
    "smithy.api#trait",
    "smithy.api#references",
    "smithy.api#resourceIdentifier",
    "smithy.api#property",
    "smithy.api#notProperty",
    "smithy.api#nestedProperties",
    "smithy.api#cors",
    "smithy.api#auth",
    "smithy.api#optionalAuth",
    "smithy.api#authDefinition",
    "smithy.api#protocolDefinition",
    "smithy.api#xmlName",
    "smithy.api#xmlAttribute",
    "smithy.api#xmlFlattened",
    "smithy.api#xmlNamespace",
    "smithy.api#noReplace",
    "smithy.api#requiresLength",
    "smithy.api#httpApiKeyAuth",
    "smithy.api#httpBasicAuth",
    "smithy.api#httpBearerAuth",
    "smithy.api#httpDigestAuth",
    "smithy.api#uniqueItems",
    "aws.api#service",
    "aws.api#arn",
    "aws.api#arnReference",
    "aws.api#controlPlane",
    "aws.api#dataPlane",
    "aws.api#data",
    "aws.api#tagEnabled",
    "aws.api#taggable",
    "aws.auth#sigv4",
    "aws.auth#unsignedPayload",
    "aws.protocols#restJson1",
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "aws.protocols#awsQueryError",
    "aws.protocols#awsQueryCompatible",
    // Read with the service (`frontend::smithy_ast`), checked by `transform::endpoints`.
    "smithy.rules#endpointRuleSet",
    "smithy.rules#endpointTests",
    "smithy.rules#contextParam",
    "smithy.rules#staticContextParams",
    "smithy.rules#clientContextParams",
    "smithy.rules#operationContextParams",
    "smithy.test#httpRequestTests",
    "smithy.test#httpResponseTests",
    "smithy.test#httpMalformedRequestTests",
    "smithy.waiters#waitable",
];

/// Namespaces whose traits carry meaning the generator must know; an unlisted trait from one of
/// them is recorded as unsupported.
const MEANINGFUL_NAMESPACES: &[&str] = &["smithy.api", "aws.", "smithy."];

/// The `encodings` list of a `requestCompression` trait.
fn encodings(site: &TraitSite<'_>, name: &str, value: &Value) -> Result<Vec<String>, Error> {
    value
        .get("encodings")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| site.error(name, "must be an object with a list of strings `encodings`"))
}

/// Where the traits being read sit, for error messages.
pub(crate) struct TraitSite<'a> {
    pub file: &'a str,
    /// Pointer of the object that holds the `traits` map.
    pub pointer: &'a str,
    /// Shape id, or `shape$member`.
    pub shape: &'a str,
}

impl TraitSite<'_> {
    fn error(&self, name: &str, message: impl Into<String>) -> Error {
        Error::model(
            self.file,
            &pointer(self.pointer, &["traits", name]),
            self.shape,
            message.into(),
        )
    }
}

/// Reads a traits map. `custom` holds the ids of trait shapes the model defines itself; those are
/// annotations for other tools and are accepted without effect.
pub(crate) fn lower_traits(
    raw: &IndexMap<String, Value>,
    site: &TraitSite<'_>,
    custom: &BTreeSet<String>,
) -> Result<Traits, Error> {
    let mut traits = Traits::default();
    for (name, value) in raw {
        let short = name.strip_prefix("smithy.api#");
        match short {
            Some("documentation") => traits.documentation = Some(string(site, name, value)?),
            Some("required") => traits.required = true,
            Some("default") => traits.default = Some(value.clone()),
            Some("length") => {
                let (min, max) = bounds(site, name, value)?;
                traits.length = Some(LengthBounds {
                    min: length_bound(site, name, min)?.filter(|min| *min > 0),
                    max: length_bound(site, name, max)?,
                });
            }
            Some("range") => {
                let (min, max) = bounds(site, name, value)?;
                traits.range = Some(RangeBounds {
                    min: min.and_then(Value::as_f64),
                    max: max.and_then(Value::as_f64),
                });
            }
            Some("pattern") => traits.pattern = Some(string(site, name, value)?),
            Some("sensitive") => traits.sensitive = true,
            Some("httpChecksumRequired") => traits.checksum_required = true,
            Some("requestCompression") => {
                traits.request_compression = encodings(site, name, value)?
            }
            Some("idempotencyToken") => traits.idempotency_token = true,
            Some("jsonName") => traits.json_name = Some(string(site, name, value)?),
            Some("timestampFormat") => {
                let text = string(site, name, value)?;
                traits.timestamp_format = Some(TimestampFormat::parse(&text).ok_or_else(|| {
                    site.error(name, format!("unknown timestamp format `{text}`"))
                })?);
            }
            Some("httpLabel") => set_binding(site, name, &mut traits, HttpBinding::Label)?,
            Some("httpQuery") => {
                let binding = HttpBinding::Query(string(site, name, value)?);
                set_binding(site, name, &mut traits, binding)?
            }
            Some("httpQueryParams") => {
                set_binding(site, name, &mut traits, HttpBinding::QueryParams)?
            }
            Some("httpHeader") => {
                let binding = HttpBinding::Header(string(site, name, value)?);
                set_binding(site, name, &mut traits, binding)?
            }
            Some("httpPrefixHeaders") => {
                let binding = HttpBinding::PrefixHeaders(string(site, name, value)?);
                set_binding(site, name, &mut traits, binding)?
            }
            Some("httpPayload") => set_binding(site, name, &mut traits, HttpBinding::Payload)?,
            Some("httpResponseCode") => {
                set_binding(site, name, &mut traits, HttpBinding::ResponseCode)?
            }
            Some("error") => {
                traits.error = Some(match value.as_str() {
                    Some("client") => Fault::Client,
                    Some("server") => Fault::Server,
                    _ => return Err(site.error(name, "must be \"client\" or \"server\"")),
                })
            }
            Some("httpError") => {
                traits.http_error = Some(
                    value
                        .as_u64()
                        .and_then(|code| u16::try_from(code).ok())
                        .filter(|code| (100..=599).contains(code))
                        .ok_or_else(|| site.error(name, "must be an HTTP status code"))?,
                )
            }
            Some("retryable") => {
                traits.retryable = Some(Retryable {
                    throttling: value
                        .get("throttling")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                })
            }
            Some("streaming") => traits.streaming = true,
            Some("sparse") => traits.sparse = true,
            Some("mediaType") => traits.media_type = Some(string(site, name, value)?),
            Some("deprecated") => traits.deprecated = true,
            Some("hostLabel") => traits.host_label = true,
            _ if NO_EFFECT.contains(&name.as_str()) || custom.contains(name) => {}
            _ if name.contains('#') && !is_meaningful(name) => {}
            _ => traits.unsupported.push(name.clone()),
        }
    }
    if raw.contains_key("smithy.api#uniqueItems") {
        traits.unique_items = true;
    }
    Ok(traits)
}

/// Whether a trait belongs to a namespace whose traits the generator is expected to understand.
fn is_meaningful(name: &str) -> bool {
    let namespace = name.split('#').next().unwrap_or(name);
    MEANINGFUL_NAMESPACES
        .iter()
        .any(|prefix| namespace == prefix.trim_end_matches('.') || namespace.starts_with(prefix))
}

fn set_binding(
    site: &TraitSite<'_>,
    name: &str,
    traits: &mut Traits,
    binding: HttpBinding,
) -> Result<(), Error> {
    if let Some(previous) = &traits.http {
        return Err(site.error(
            name,
            format!("has two HTTP bindings ({previous:?} and {binding:?})"),
        ));
    }
    traits.http = Some(binding);
    Ok(())
}

fn string(site: &TraitSite<'_>, name: &str, value: &Value) -> Result<String, Error> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| site.error(name, "must be a string"))
}

fn bounds<'v>(
    site: &TraitSite<'_>,
    name: &str,
    value: &'v Value,
) -> Result<(Option<&'v Value>, Option<&'v Value>), Error> {
    let object = value
        .as_object()
        .ok_or_else(|| site.error(name, "must be an object with `min` and/or `max`"))?;
    for (key, bound) in object {
        if key != "min" && key != "max" {
            return Err(site.error(name, format!("has an unknown property `{key}`")));
        }
        if !bound.is_number() {
            return Err(site.error(name, format!("`{key}` must be a number")));
        }
    }
    Ok((object.get("min"), object.get("max")))
}

fn length_bound(
    site: &TraitSite<'_>,
    name: &str,
    value: Option<&Value>,
) -> Result<Option<u64>, Error> {
    value
        .map(|bound| {
            bound
                .as_u64()
                .ok_or_else(|| site.error(name, "bounds must be whole numbers of zero or more"))
        })
        .transpose()
}
