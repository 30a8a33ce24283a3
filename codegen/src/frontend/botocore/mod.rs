//! The botocore `service-2.json` front-end.
//!
//! botocore names shapes without a namespace; they are placed in `com.amazonaws.<service>`, where
//! `<service>` is the `serviceId` in lower case without spaces (`Connect` gives
//! `com.amazonaws.connect`, the namespace of the Smithy model), or `endpointPrefix` without one.

mod shapes;

use super::references::check_references;
use crate::error::{pointer, Error};
use crate::frontend::parse_json;
use crate::ir::{
    HttpBinding, HttpTrait, Model, Operation, Protocol, Service, Shape, ShapeId, ShapeKind, Traits,
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
