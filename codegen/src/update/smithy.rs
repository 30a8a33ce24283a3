//! Writes a model's shapes as a Smithy 2.0 JSON AST, with exactly the facts the front-end reads
//! back: lowering the written document gives the same IR (documentation, sources and prelude
//! shapes aside).

use crate::error::Error;
use crate::ir::{
    Fault, HttpBinding, IntEnumValue, Member, Model, Shape, ShapeId, ShapeKind, TimestampFormat,
    Traits, PRELUDE_NAMESPACE,
};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Names of enum members to keep, by enum and value (the curated model's own spelling).
pub type EnumNames = BTreeMap<(ShapeId, String), String>;

/// The JSON of every shape of `ids` (prelude shapes left out), keyed by absolute id.
pub fn shapes(
    model: &Model,
    ids: &[ShapeId],
    enum_names: &EnumNames,
) -> Result<Map<String, Value>, Error> {
    let mut out = Map::new();
    for id in ids {
        if id.namespace() == PRELUDE_NAMESPACE {
            continue;
        }
        let shape = model
            .get(id)
            .ok_or_else(|| Error::internal(format!("{id} is not in {}", model.source)))?;
        out.insert(id.to_string(), shape_json(model, shape, enum_names)?);
    }
    Ok(out)
}

fn shape_json(model: &Model, shape: &Shape, enum_names: &EnumNames) -> Result<Value, Error> {
    let mut out = Map::new();
    out.insert("type".into(), shape.kind.word().into());
    match &shape.kind {
        ShapeKind::Simple(_) => {}
        ShapeKind::Enum(values) => {
            let mut members = Map::new();
            for value in values {
                let name = enum_names
                    .get(&(shape.id.clone(), value.value.clone()))
                    .cloned()
                    .unwrap_or_else(|| member_name(&value.value));
                let mut traits = Map::new();
                traits.insert("smithy.api#enumValue".into(), value.value.clone().into());
                if let Some(doc) = &value.documentation {
                    traits.insert("smithy.api#documentation".into(), doc.clone().into());
                }
                members.insert(
                    name,
                    json!({ "target": "smithy.api#Unit", "traits": traits }),
                );
            }
            out.insert("members".into(), Value::Object(members));
        }
        ShapeKind::IntEnum(values) => {
            let members: Map<String, Value> = values.iter().map(int_enum_member).collect();
            out.insert("members".into(), Value::Object(members));
        }
        ShapeKind::List(member) => {
            out.insert("member".into(), member_json(member)?);
        }
        ShapeKind::Map { key, value } => {
            out.insert("key".into(), member_json(key)?);
            out.insert("value".into(), member_json(value)?);
        }
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            let mut written = Map::new();
            for member in members {
                written.insert(member.name.clone(), member_json(member)?);
            }
            out.insert("members".into(), Value::Object(written));
        }
        ShapeKind::Operation(operation) => {
            out.insert(
                "input".into(),
                operation
                    .input
                    .as_ref()
                    .map_or_else(|| target(&ShapeId::prelude("Unit")), target),
            );
            out.insert(
                "output".into(),
                operation
                    .output
                    .as_ref()
                    .map_or_else(|| target(&ShapeId::prelude("Unit")), target),
            );
            if !operation.errors.is_empty() {
                out.insert(
                    "errors".into(),
                    operation.errors.iter().map(target).collect(),
                );
            }
            let mut traits = traits_json(&shape.id, &shape.traits)?;
            if let Some(http) = &operation.http {
                traits.insert(
                    "smithy.api#http".into(),
                    json!({ "method": http.method, "uri": http.uri, "code": http.code }),
                );
            }
            if let Some(prefix) = &operation.host_prefix {
                traits.insert(
                    "smithy.api#endpoint".into(),
                    json!({ "hostPrefix": prefix }),
                );
            }
            out.insert("traits".into(), Value::Object(traits));
            return Ok(Value::Object(out));
        }
        ShapeKind::Service(service) => {
            out.insert("version".into(), service.version.clone().into());
            let operations: Vec<Value> = service
                .operations
                .iter()
                .filter(|id| model.get(id).is_some())
                .map(target)
                .collect();
            out.insert("operations".into(), operations.into());
            let errors: Vec<Value> = service
                .errors
                .iter()
                .filter(|id| model.get(id).is_some())
                .map(target)
                .collect();
            if !errors.is_empty() {
                out.insert("errors".into(), errors.into());
            }
            if !service.rename.is_empty() {
                let rename: Map<String, Value> = service
                    .rename
                    .iter()
                    .map(|(id, name)| (id.to_string(), name.clone().into()))
                    .collect();
                out.insert("rename".into(), Value::Object(rename));
            }
            let mut traits = Map::new();
            let mut aws = Map::new();
            if let Some(sdk_id) = &service.sdk_id {
                aws.insert("sdkId".into(), sdk_id.clone().into());
            }
            if let Some(prefix) = &service.endpoint_prefix {
                aws.insert("endpointPrefix".into(), prefix.clone().into());
            }
            traits.insert("aws.api#service".into(), Value::Object(aws));
            if let Some(name) = &service.signing_name {
                traits.insert("aws.auth#sigv4".into(), json!({ "name": name }));
            }
            if let Some(protocol) = service.protocol {
                traits.insert(format!("aws.protocols#{}", protocol.word()), json!({}));
            }
            if let Some(doc) = &shape.traits.documentation {
                traits.insert("smithy.api#documentation".into(), doc.clone().into());
            }
            if let Some(rules) = &service.endpoint_rules {
                traits.insert("smithy.rules#endpointRuleSet".into(), rules.clone());
            }
            if let Some(tests) = &service.endpoint_tests {
                traits.insert("smithy.rules#endpointTests".into(), tests.clone());
            }
            out.insert("traits".into(), Value::Object(traits));
            return Ok(Value::Object(out));
        }
        ShapeKind::Resource(_) => {
            return Err(Error::internal(format!(
                "{}: resources are not written (operations are bound to the service)",
                shape.id
            )))
        }
    }
    let traits = traits_json(&shape.id, &shape.traits)?;
    if !traits.is_empty() {
        out.insert("traits".into(), Value::Object(traits));
    }
    Ok(Value::Object(out))
}

/// A reference to a shape, as Smithy writes one.
fn target(id: &ShapeId) -> Value {
    json!({ "target": id.to_string() })
}

fn int_enum_member(value: &IntEnumValue) -> (String, Value) {
    let mut traits = Map::new();
    traits.insert("smithy.api#enumValue".into(), value.value.into());
    if let Some(doc) = &value.documentation {
        traits.insert("smithy.api#documentation".into(), doc.clone().into());
    }
    (
        value.name.clone(),
        json!({ "target": "smithy.api#Unit", "traits": traits }),
    )
}

/// A member name for an enum value: the value itself when it is an identifier.
fn member_name(value: &str) -> String {
    if ShapeId::is_identifier(value) {
        return value.to_owned();
    }
    let mut name: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        name.insert(0, '_');
    }
    name
}

fn member_json(member: &Member) -> Result<Value, Error> {
    let mut out = Map::new();
    out.insert("target".into(), member.target.to_string().into());
    let traits = traits_json(&member.target, &member.traits)?;
    if !traits.is_empty() {
        out.insert("traits".into(), Value::Object(traits));
    }
    Ok(Value::Object(out))
}

/// A number as JSON: whole numbers without a fraction.
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

/// The traits the front-end reads, as Smithy writes them. `at` names the shape in errors.
fn traits_json(at: &ShapeId, traits: &Traits) -> Result<Map<String, Value>, Error> {
    if !traits.unsupported.is_empty() {
        return Err(Error::internal(format!(
            "{at}: the upstream model uses traits the generator cannot honour ({}), so they \
             cannot be carried into the curated model",
            traits.unsupported.join(", ")
        )));
    }
    let mut out = Map::new();
    let mut flag = |name: &str, on: bool| {
        if on {
            out.insert(format!("smithy.api#{name}"), json!({}));
        }
    };
    flag("required", traits.required);
    flag("sensitive", traits.sensitive);
    flag("idempotencyToken", traits.idempotency_token);
    flag("streaming", traits.streaming);
    flag("sparse", traits.sparse);
    flag("uniqueItems", traits.unique_items);
    flag("deprecated", traits.deprecated);
    flag("hostLabel", traits.host_label);
    flag("httpChecksumRequired", traits.checksum_required);
    if let Some(doc) = &traits.documentation {
        out.insert("smithy.api#documentation".into(), doc.clone().into());
    }
    if let Some(default) = &traits.default {
        out.insert("smithy.api#default".into(), default.clone());
    }
    if let Some(length) = traits.length {
        let mut bounds = Map::new();
        if let Some(min) = length.min {
            bounds.insert("min".into(), min.into());
        }
        if let Some(max) = length.max {
            bounds.insert("max".into(), max.into());
        }
        out.insert("smithy.api#length".into(), Value::Object(bounds));
    }
    if let Some(range) = traits.range {
        let mut bounds = Map::new();
        if let Some(min) = range.min {
            bounds.insert("min".into(), number(min));
        }
        if let Some(max) = range.max {
            bounds.insert("max".into(), number(max));
        }
        out.insert("smithy.api#range".into(), Value::Object(bounds));
    }
    if let Some(pattern) = &traits.pattern {
        out.insert("smithy.api#pattern".into(), pattern.clone().into());
    }
    if let Some(name) = &traits.json_name {
        out.insert("smithy.api#jsonName".into(), name.clone().into());
    }
    if let Some(format) = traits.timestamp_format {
        let word = match format {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        };
        out.insert("smithy.api#timestampFormat".into(), word.into());
    }
    if let Some(binding) = &traits.http {
        let (name, value) = match binding {
            HttpBinding::Label => ("httpLabel", json!({})),
            HttpBinding::Query(name) => ("httpQuery", json!(name)),
            HttpBinding::QueryParams => ("httpQueryParams", json!({})),
            HttpBinding::Header(name) => ("httpHeader", json!(name)),
            HttpBinding::PrefixHeaders(prefix) => ("httpPrefixHeaders", json!(prefix)),
            HttpBinding::Payload => ("httpPayload", json!({})),
            HttpBinding::ResponseCode => ("httpResponseCode", json!({})),
        };
        out.insert(format!("smithy.api#{name}"), value);
    }
    if let Some(fault) = traits.error {
        let word = match fault {
            Fault::Client => "client",
            Fault::Server => "server",
        };
        out.insert("smithy.api#error".into(), word.into());
    }
    if let Some(status) = traits.http_error {
        out.insert("smithy.api#httpError".into(), status.into());
    }
    if let Some(retryable) = traits.retryable {
        let value = if retryable.throttling {
            json!({ "throttling": true })
        } else {
            json!({})
        };
        out.insert("smithy.api#retryable".into(), value);
    }
    if let Some(media) = &traits.media_type {
        out.insert("smithy.api#mediaType".into(), media.clone().into());
    }
    if !traits.request_compression.is_empty() {
        out.insert(
            "smithy.api#requestCompression".into(),
            json!({ "encodings": traits.request_compression }),
        );
    }
    Ok(out)
}
