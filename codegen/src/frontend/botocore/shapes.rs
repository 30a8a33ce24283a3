//! botocore's shapes lowered into the IR: each type with its members, constraints, timestamp
//! formats and the traits botocore spells as keys.

use super::{unsupported, Lowering, RawMember, RawShape};
use crate::error::{pointer, Error};
use crate::ir::{
    EnumValue, Fault, HttpBinding, LengthBounds, Member, RangeBounds, Retryable, Shape, ShapeKind,
    Simple, TimestampFormat, Traits,
};
use serde_json::Value;

impl Lowering<'_> {
    pub(super) fn shape(&self, name: &str, raw: &RawShape) -> Result<Shape, Error> {
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
    pub(super) fn bounds(
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

    pub(super) fn timestamp_format(
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

    pub(super) fn collection_member(
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

    pub(super) fn members(
        &self,
        owner: &str,
        raw: &RawShape,
        base: &str,
    ) -> Result<Vec<Member>, Error> {
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

    pub(super) fn member(
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
}
