//! The botocore `service-2.json` front-end.
//!
//! botocore names shapes without a namespace; they are placed in `com.amazonaws.<service>`, where
//! `<service>` is the `serviceId` in lower case without spaces (`Connect` gives
//! `com.amazonaws.connect`, the namespace of the Smithy model), or `endpointPrefix` without one.

use super::references::check_references;
use crate::error::{pointer, Error};
use crate::frontend::parse_json;
use crate::ir::{
    EnumValue, Fault, HttpBinding, HttpTrait, LengthBounds, Member, Model, Operation, Protocol,
    RangeBounds, Retryable, Service, Shape, ShapeId, ShapeKind, Simple, TimestampFormat, Traits,
};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Keys of shapes, members and operations that change nothing for the generated code.
const NO_EFFECT: &[&str] = &[
    "documentation",
    "documentationUrl",
    "deprecatedMessage",
    "deprecatedSince",
    "box",
    "wrapper",
    "flattened",
    "xmlNamespace",
    "xmlAttribute",
    "xmlOrder",
    "queryName",
    "locationName",
    "synthetic",
    "idempotent",
    "readonly",
    "alias",
    "authtype",
    "auth",
    "staticContextParams",
    "contextParam",
    "contextParams",
    "operationContextParams",
    "requiresLength",
    "placeholder",
    "examples",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    #[serde(default)]
    #[allow(dead_code)]
    version: Option<String>,
    metadata: IndexMap<String, Value>,
    #[serde(default)]
    operations: IndexMap<String, RawOperation>,
    #[serde(default)]
    shapes: IndexMap<String, RawShape>,
    #[serde(default)]
    #[allow(dead_code)]
    documentation: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Option<Value>,
}

#[derive(Deserialize)]
struct RawOperation {
    #[allow(dead_code)]
    name: Option<String>,
    http: Option<RawHttp>,
    input: Option<RawRef>,
    output: Option<RawRef>,
    #[serde(default)]
    errors: Vec<RawRef>,
    documentation: Option<String>,
    deprecated: Option<bool>,
    endpoint: Option<RawEndpoint>,
    #[serde(rename = "httpChecksumRequired")]
    http_checksum_required: Option<bool>,
    /// botocore spells this key in lower case.
    #[serde(rename = "requestcompression")]
    requestcompression: Option<RawCompression>,
    #[serde(flatten)]
    other: IndexMap<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompression {
    encodings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawHttp {
    method: String,
    request_uri: String,
    response_code: Option<u16>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEndpoint {
    host_prefix: Option<String>,
}

#[derive(Deserialize)]
struct RawRef {
    shape: String,
    #[serde(flatten)]
    #[allow(dead_code)]
    other: IndexMap<String, Value>,
}

#[derive(Deserialize)]
struct RawShape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    members: IndexMap<String, RawMember>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    #[serde(default)]
    required: Vec<String>,
    min: Option<Value>,
    max: Option<Value>,
    pattern: Option<String>,
    #[serde(rename = "enum")]
    enum_values: Option<Vec<String>>,
    #[serde(default)]
    sensitive: bool,
    documentation: Option<String>,
    #[serde(default)]
    exception: bool,
    error: Option<RawError>,
    #[serde(default)]
    fault: bool,
    payload: Option<String>,
    #[serde(default)]
    union: bool,
    #[serde(default)]
    document: bool,
    #[serde(rename = "timestampFormat")]
    timestamp_format: Option<String>,
    #[serde(default)]
    streaming: bool,
    #[serde(default)]
    deprecated: bool,
    retryable: Option<Value>,
    #[serde(flatten)]
    other: IndexMap<String, Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawError {
    http_status_code: Option<u16>,
    sender_fault: Option<bool>,
    #[allow(dead_code)]
    code: Option<String>,
}

#[derive(Deserialize)]
struct RawMember {
    shape: String,
    location: Option<String>,
    #[serde(rename = "locationName")]
    location_name: Option<String>,
    documentation: Option<String>,
    #[serde(default, rename = "idempotencyToken")]
    idempotency_token: bool,
    #[serde(default)]
    jsonvalue: bool,
    #[serde(default, rename = "hostLabel")]
    host_label: bool,
    #[serde(default)]
    deprecated: bool,
    #[serde(rename = "timestampFormat")]
    timestamp_format: Option<String>,
    #[serde(default)]
    streaming: bool,
    #[serde(flatten)]
    other: IndexMap<String, Value>,
}

/// Reads a botocore model and lowers it.
pub fn lower(source: &str, text: &str) -> Result<Model, Error> {
    let raw: RawModel = parse_json(source, text)?;
    let meta = |key: &str| {
        raw.metadata
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let service_name = meta("serviceId")
        .map(|id| {
            id.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|id| ShapeId::is_identifier(id))
        .unwrap_or_else(|| "Service".to_owned());
    let namespace = format!(
        "com.amazonaws.{}",
        meta("serviceId")
            .or_else(|| meta("endpointPrefix"))
            .unwrap_or_else(|| "service".to_owned())
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    );
    let lowering = Lowering {
        file: source,
        namespace: &namespace,
    };
    let mut shapes = BTreeMap::new();
    for (name, shape) in &raw.shapes {
        let lowered = lowering.shape(name, shape)?;
        shapes.insert(lowered.id.clone(), lowered);
    }
    // botocore says `querystring` for a map too: that map holds free-form query parameters.
    let maps: std::collections::BTreeSet<ShapeId> = shapes
        .values()
        .filter(|shape| matches!(shape.kind, ShapeKind::Map { .. }))
        .map(|shape| shape.id.clone())
        .collect();
    for shape in shapes.values_mut() {
        if let ShapeKind::Structure(members) = &mut shape.kind {
            for member in members {
                if matches!(member.traits.http, Some(HttpBinding::Query(_)))
                    && maps.contains(&member.target)
                {
                    member.traits.http = Some(HttpBinding::QueryParams);
                }
            }
        }
    }
    let mut operations = Vec::new();
    for (name, op) in &raw.operations {
        let lowered = lowering.operation(name, op)?;
        operations.push(lowered.id.clone());
        if shapes.contains_key(&lowered.id) {
            return Err(Error::model(
                source,
                &pointer("/operations", &[name]),
                &lowered.id,
                format!("operation {name} has the same name as a shape"),
            ));
        }
        shapes.insert(lowered.id.clone(), lowered);
    }
    let service_id = ShapeId::new(&namespace, &service_name);
    let protocol = match meta("protocol").as_deref() {
        Some("rest-json") => Some(Protocol::RestJson1),
        Some("json") => match meta("jsonVersion").as_deref() {
            Some("1.0") => Some(Protocol::AwsJson1_0),
            _ => Some(Protocol::AwsJson1_1),
        },
        Some("rest-xml") => Some(Protocol::RestXml),
        Some("query") => Some(Protocol::AwsQuery),
        Some("ec2") => Some(Protocol::Ec2Query),
        _ => None,
    };
    let service = Shape {
        id: service_id.clone(),
        kind: ShapeKind::Service(Service {
            version: meta("apiVersion").unwrap_or_default(),
            operations,
            resources: Vec::new(),
            errors: Vec::new(),
            sdk_id: meta("serviceId"),
            signing_name: meta("signingName").or_else(|| meta("endpointPrefix")),
            endpoint_prefix: meta("endpointPrefix"),
            protocol,
            rename: BTreeMap::new(),
            // botocore keeps endpoint rules in a file of their own, beside service-2.json.
            endpoint_rules: None,
            endpoint_tests: None,
        }),
        traits: Traits {
            documentation: raw.documentation.clone(),
            ..Traits::default()
        },
        pointer: "/metadata".to_owned(),
    };
    if shapes.insert(service_id.clone(), service).is_some() {
        return Err(Error::model(
            source,
            "/metadata/serviceId",
            &service_id,
            format!("the service name {service_name} is also the name of a shape"),
        ));
    }
    let model = Model {
        source: source.to_owned(),
        shapes,
        service: Some(service_id),
        origins: BTreeMap::new(),
    };
    check_references(&model)?;
    Ok(model)
}

struct Lowering<'a> {
    file: &'a str,
    namespace: &'a str,
}

impl Lowering<'_> {
    fn id(&self, name: &str) -> ShapeId {
        ShapeId::new(self.namespace, name)
    }

    fn error(&self, at: &str, shape: &str, message: String) -> Error {
        Error::model(self.file, at, self.id(shape), message)
    }

    /// Refuses a shape or operation name that is not an identifier (`0Name`, `a-b`).
    fn check_name(&self, at: &str, name: &str) -> Result<(), Error> {
        if ShapeId::is_identifier(name) {
            return Ok(());
        }
        Err(self.error(
            at,
            name,
            format!(
                "`{name}` is not a valid name: it must start with a letter (after any `_`) and \
                 hold only letters, digits and `_`"
            ),
        ))
    }

    fn shape(&self, name: &str, raw: &RawShape) -> Result<Shape, Error> {
        let base = pointer("/shapes", &[name]);
        self.check_name(&base, name)?;
        let id = self.id(name);
        let mut traits = Traits {
            documentation: raw.documentation.clone(),
            sensitive: raw.sensitive,
            pattern: raw.pattern.clone(),
            streaming: raw.streaming,
            deprecated: raw.deprecated,
            ..Traits::default()
        };
        traits.unsupported = unsupported(&raw.other);
        if let Some(format) = &raw.timestamp_format {
            traits.timestamp_format = Some(self.timestamp_format(&base, name, format)?);
        }
        if raw.exception {
            let status = raw.error.as_ref().and_then(|e| e.http_status_code);
            let sender = raw.error.as_ref().and_then(|e| e.sender_fault);
            traits.http_error = status;
            traits.error = Some(match (sender, raw.fault, status) {
                (Some(true), _, _) => Fault::Client,
                (_, true, _) => Fault::Server,
                (_, _, Some(code)) if code >= 500 => Fault::Server,
                _ => Fault::Client,
            });
        }
        if let Some(retryable) = &raw.retryable {
            traits.retryable = Some(Retryable {
                throttling: retryable
                    .get("throttling")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            });
        }
        let kind = match raw.kind.as_str() {
            "structure" => {
                let members = self.members(name, raw, &base)?;
                if raw.union {
                    ShapeKind::Union(members)
                } else {
                    ShapeKind::Structure(members)
                }
            }
            "list" => ShapeKind::List(Box::new(self.collection_member(
                name,
                &raw.member,
                "member",
                &base,
            )?)),
            "map" => ShapeKind::Map {
                key: Box::new(self.collection_member(name, &raw.key, "key", &base)?),
                value: Box::new(self.collection_member(name, &raw.value, "value", &base)?),
            },
            "string" => match &raw.enum_values {
                Some(values) => ShapeKind::Enum(
                    values
                        .iter()
                        .enumerate()
                        .map(|(index, value)| EnumValue {
                            value: value.clone(),
                            documentation: None,
                            pointer: pointer(&base, &["enum", &index.to_string()]),
                        })
                        .collect(),
                ),
                None => ShapeKind::Simple(Simple::String),
            },
            "integer" => ShapeKind::Simple(Simple::Integer),
            "long" => ShapeKind::Simple(Simple::Long),
            "float" => ShapeKind::Simple(Simple::Float),
            "double" => ShapeKind::Simple(Simple::Double),
            "boolean" => ShapeKind::Simple(Simple::Boolean),
            "blob" => ShapeKind::Simple(Simple::Blob),
            "timestamp" => ShapeKind::Simple(Simple::Timestamp),
            "bigdecimal" => ShapeKind::Simple(Simple::BigDecimal),
            "biginteger" => ShapeKind::Simple(Simple::BigInteger),
            "byte" => ShapeKind::Simple(Simple::Byte),
            "short" => ShapeKind::Simple(Simple::Short),
            other => {
                return Err(self.error(
                    &pointer(&base, &["type"]),
                    name,
                    format!("unknown shape type `{other}`"),
                ))
            }
        };
        let kind = match kind {
            ShapeKind::Structure(_) if raw.document => ShapeKind::Simple(Simple::Document),
            kind => kind,
        };
        self.bounds(&base, name, raw, &kind, &mut traits)?;
        Ok(Shape {
            id,
            kind,
            traits,
            pointer: base,
        })
    }

    /// botocore's `min` and `max` mean length for strings, blobs, lists and maps, range for numbers.
    fn bounds(
        &self,
        base: &str,
        name: &str,
        raw: &RawShape,
        kind: &ShapeKind,
        traits: &mut Traits,
    ) -> Result<(), Error> {
        if raw.min.is_none() && raw.max.is_none() {
            return Ok(());
        }
        let number = |key: &str, value: &Option<Value>| -> Result<Option<f64>, Error> {
            value
                .as_ref()
                .map(|v| {
                    v.as_f64().ok_or_else(|| {
                        self.error(
                            &pointer(base, &[key]),
                            name,
                            format!("`{key}` must be a number"),
                        )
                    })
                })
                .transpose()
        };
        let min = number("min", &raw.min)?;
        let max = number("max", &raw.max)?;
        match kind {
            ShapeKind::Simple(simple) if simple.is_number() => {
                traits.range = Some(RangeBounds { min, max })
            }
            ShapeKind::Simple(Simple::String | Simple::Blob)
            | ShapeKind::Enum(_)
            | ShapeKind::List(_)
            | ShapeKind::Map { .. } => {
                let whole = |key: &str, bound: Option<f64>| -> Result<Option<u64>, Error> {
                    bound
                        .map(|b| {
                            if b >= 0.0 && b.fract() == 0.0 {
                                Ok(b as u64)
                            } else {
                                Err(self.error(
                                    &pointer(base, &[key]),
                                    name,
                                    "a length bound must be a whole number".to_owned(),
                                ))
                            }
                        })
                        .transpose()
                };
                traits.length = Some(LengthBounds {
                    min: whole("min", min)?.filter(|m| *m > 0),
                    max: whole("max", max)?,
                });
            }
            _ => {
                return Err(self.error(
                    base,
                    name,
                    format!("`min`/`max` do not apply to a {}", kind.word()),
                ))
            }
        }
        Ok(())
    }

    fn timestamp_format(
        &self,
        at: &str,
        name: &str,
        format: &str,
    ) -> Result<TimestampFormat, Error> {
        TimestampFormat::parse(format).ok_or_else(|| {
            self.error(
                &pointer(at, &["timestampFormat"]),
                name,
                format!("unknown timestamp format `{format}`"),
            )
        })
    }

    fn collection_member(
        &self,
        owner: &str,
        raw: &Option<RawMember>,
        name: &str,
        base: &str,
    ) -> Result<Member, Error> {
        let raw = raw.as_ref().ok_or_else(|| {
            self.error(base, owner, format!("a collection needs a `{name}` member"))
        })?;
        self.member(owner, name, raw, &pointer(base, &[name]), false, None)
    }

    fn members(&self, owner: &str, raw: &RawShape, base: &str) -> Result<Vec<Member>, Error> {
        for (index, name) in raw.required.iter().enumerate() {
            if !raw.members.contains_key(name) {
                return Err(self.error(
                    &pointer(base, &["required", &index.to_string()]),
                    owner,
                    format!("`{name}` is listed as required but is not a member"),
                ));
            }
        }
        if let Some(payload) = &raw.payload {
            if !raw.members.contains_key(payload) {
                return Err(self.error(
                    &pointer(base, &["payload"]),
                    owner,
                    format!("the payload `{payload}` is not a member"),
                ));
            }
        }
        raw.members
            .iter()
            .map(|(name, member)| {
                let payload = raw.payload.as_deref() == Some(name.as_str());
                self.member(
                    owner,
                    name,
                    member,
                    &pointer(base, &["members", name]),
                    raw.required.contains(name),
                    payload.then_some(HttpBinding::Payload),
                )
            })
            .collect()
    }

    fn member(
        &self,
        owner: &str,
        name: &str,
        raw: &RawMember,
        at: &str,
        required: bool,
        payload: Option<HttpBinding>,
    ) -> Result<Member, Error> {
        let location_name = raw.location_name.clone().unwrap_or_else(|| name.to_owned());
        let mut unsupported = unsupported(&raw.other);
        if raw.location.as_deref() == Some("uri") && location_name != name {
            // Labels are matched to members by name; a renamed label is not supported.
            unsupported.push(format!("locationName `{location_name}` on a uri member"));
        }
        let http = match raw.location.as_deref() {
            None => payload,
            Some("uri") => Some(HttpBinding::Label),
            Some("querystring") => Some(HttpBinding::Query(location_name.clone())),
            Some("header") => Some(HttpBinding::Header(location_name.clone())),
            Some("headers") => Some(HttpBinding::PrefixHeaders(
                raw.location_name.clone().unwrap_or_default(),
            )),
            Some("statusCode") => Some(HttpBinding::ResponseCode),
            Some(other) => {
                return Err(self.error(
                    &pointer(at, &["location"]),
                    owner,
                    format!("member {name}: unknown location `{other}`"),
                ))
            }
        };
        let json_name = match (&raw.location, &raw.location_name) {
            (None, Some(wire)) if wire != name => Some(wire.clone()),
            _ => None,
        };
        let timestamp_format = raw
            .timestamp_format
            .as_deref()
            .map(|format| self.timestamp_format(at, owner, format))
            .transpose()?;
        Ok(Member {
            name: name.to_owned(),
            target: self.id(&raw.shape),
            traits: Traits {
                documentation: raw.documentation.clone(),
                required,
                idempotency_token: raw.idempotency_token,
                json_name,
                timestamp_format,
                http,
                streaming: raw.streaming,
                media_type: raw.jsonvalue.then(|| "application/json".to_owned()),
                deprecated: raw.deprecated,
                host_label: raw.host_label,
                unsupported,
                ..Traits::default()
            },
            pointer: at.to_owned(),
        })
    }

    fn operation(&self, name: &str, raw: &RawOperation) -> Result<Shape, Error> {
        let base = pointer("/operations", &[name]);
        self.check_name(&base, name)?;
        let http = raw.http.as_ref().map(|http| HttpTrait {
            method: http.method.clone(),
            uri: http.request_uri.clone(),
            code: http.response_code.unwrap_or(200),
        });
        Ok(Shape {
            id: self.id(name),
            kind: ShapeKind::Operation(Operation {
                input: raw.input.as_ref().map(|r| self.id(&r.shape)),
                output: raw.output.as_ref().map(|r| self.id(&r.shape)),
                errors: raw.errors.iter().map(|r| self.id(&r.shape)).collect(),
                http,
                host_prefix: raw.endpoint.as_ref().and_then(|e| e.host_prefix.clone()),
            }),
            traits: Traits {
                documentation: raw.documentation.clone(),
                deprecated: raw.deprecated.unwrap_or(false),
                checksum_required: raw.http_checksum_required.unwrap_or(false),
                request_compression: match &raw.requestcompression {
                    Some(compression) => compression.encodings.clone(),
                    None => Vec::new(),
                },
                unsupported: unsupported(&raw.other),
                ..Traits::default()
            },
            pointer: base,
        })
    }
}

fn unsupported(other: &IndexMap<String, Value>) -> Vec<String> {
    other
        .keys()
        .filter(|key| !NO_EFFECT.contains(&key.as_str()))
        .cloned()
        .collect()
}
