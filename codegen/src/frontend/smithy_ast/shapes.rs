//! Each shape kind lowered into the IR: members and their targets, enums (with the 1.0 `enum`
//! trait), operations, services and resources.

use super::{Lowering, RawMember, RawRef, RawShape};
use crate::error::{pointer, Error};
use crate::frontend::smithy_traits::{lower_traits, TraitSite};
use crate::ir::{
    EnumValue, HttpTrait, IntEnumValue, Member, Operation, Protocol, Resource, Service, Shape,
    ShapeId, ShapeKind, Simple, Traits,
};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeMap;

impl Lowering<'_> {
    pub(super) fn target(&self, raw: &str, at: &str, shape: &ShapeId) -> Result<ShapeId, Error> {
        ShapeId::parse(raw).ok_or_else(|| {
            Error::model(
                self.file,
                at,
                shape,
                format!("target `{raw}` is not an absolute shape id"),
            )
        })
    }

    pub(super) fn traits(
        &self,
        raw: &IndexMap<String, Value>,
        at: &str,
        shape: &str,
    ) -> Result<Traits, Error> {
        lower_traits(
            raw,
            &TraitSite {
                file: self.file,
                pointer: at,
                shape,
            },
            &self.custom_traits,
        )
    }

    pub(super) fn member(
        &self,
        owner: &ShapeId,
        name: &str,
        raw: &RawMember,
        at: &str,
    ) -> Result<Member, Error> {
        self.check_member_name(owner, name, at)?;
        let label = format!("{owner}${name}");
        Ok(Member {
            name: name.to_owned(),
            target: self.target(&raw.target, &pointer(at, &["target"]), owner)?,
            traits: self.traits(&raw.traits, at, &label)?,
            pointer: at.to_owned(),
        })
    }

    /// Refuses a member name that is not a Smithy identifier (`_`s, a letter, then letters,
    /// digits and `_`).
    fn check_member_name(&self, owner: &ShapeId, name: &str, at: &str) -> Result<(), Error> {
        if ShapeId::is_identifier(name) {
            return Ok(());
        }
        Err(Error::model(
            self.file,
            at,
            owner,
            format!(
                "member `{name}` is not a valid name: it must start with a letter (after any `_`) \
                 and hold only letters, digits and `_`"
            ),
        ))
    }

    pub(super) fn required_member(
        &self,
        id: &ShapeId,
        raw: &Option<RawMember>,
        name: &str,
        base: &str,
    ) -> Result<Box<Member>, Error> {
        let member = raw.as_ref().ok_or_else(|| {
            Error::model(
                self.file,
                base,
                id,
                format!("a {} needs a `{name}` member", "collection"),
            )
        })?;
        Ok(Box::new(self.member(
            id,
            name,
            member,
            &pointer(base, &[name]),
        )?))
    }

    pub(super) fn members(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Vec<Member>, Error> {
        raw.members
            .iter()
            .flatten()
            .map(|(name, member)| self.member(id, name, member, &pointer(base, &["members", name])))
            .collect()
    }

    pub(super) fn refs(
        &self,
        refs: &[RawRef],
        at: &str,
        shape: &ShapeId,
    ) -> Result<Vec<ShapeId>, Error> {
        refs.iter()
            .enumerate()
            .map(|(index, r)| self.target(&r.target, &pointer(at, &[&index.to_string()]), shape))
            .collect()
    }

    pub(super) fn optional_ref(
        &self,
        raw: &Option<RawRef>,
        at: &str,
        shape: &ShapeId,
    ) -> Result<Option<ShapeId>, Error> {
        match raw {
            None => Ok(None),
            Some(r) => {
                let id = self.target(&r.target, at, shape)?;
                Ok((!id.is_unit()).then_some(id))
            }
        }
    }

    pub(super) fn lower_shape(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Shape, Error> {
        let traits = self.traits(&raw.traits, base, &id.to_string())?;
        let kind = match raw.kind.as_str() {
            "string" if raw.traits.contains_key("smithy.api#enum") => {
                ShapeKind::Enum(self.legacy_enum(id, &raw.traits["smithy.api#enum"], base)?)
            }
            "enum" => ShapeKind::Enum(self.enum_values(id, raw, base)?),
            "intEnum" => ShapeKind::IntEnum(self.int_enum_values(id, raw, base)?),
            "list" | "set" => {
                ShapeKind::List(self.required_member(id, &raw.member, "member", base)?)
            }
            "map" => ShapeKind::Map {
                key: self.required_member(id, &raw.key, "key", base)?,
                value: self.required_member(id, &raw.value, "value", base)?,
            },
            "structure" => ShapeKind::Structure(self.members(id, raw, base)?),
            "union" => ShapeKind::Union(self.members(id, raw, base)?),
            "operation" => ShapeKind::Operation(self.operation(id, raw, base)?),
            "service" => ShapeKind::Service(self.service(id, raw, base)?),
            "resource" => ShapeKind::Resource(self.resource(id, raw, base)?),
            word => match Simple::from_word(word) {
                Some(simple) => ShapeKind::Simple(simple),
                None => {
                    return Err(Error::model(
                        self.file,
                        &pointer(base, &["type"]),
                        id,
                        format!("unknown shape type `{word}`"),
                    ))
                }
            },
        };
        let mut traits = traits;
        if raw.kind == "set" {
            traits.unique_items = true;
        }
        Ok(Shape {
            id: id.clone(),
            kind,
            traits,
            pointer: base.to_owned(),
        })
    }

    pub(super) fn enum_values(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Vec<EnumValue>, Error> {
        let mut values = Vec::new();
        for (name, member) in raw.members.iter().flatten() {
            let at = pointer(base, &["members", name]);
            self.check_member_name(id, name, &at)?;
            let value = match member.traits.get("smithy.api#enumValue") {
                None => name.clone(),
                Some(Value::String(text)) => text.clone(),
                Some(_) => {
                    return Err(Error::model(
                        self.file,
                        &pointer(&at, &["traits", "smithy.api#enumValue"]),
                        id,
                        format!("member {name}: the enumValue of a string enum must be a string"),
                    ))
                }
            };
            let traits = self.traits(&member.traits, &at, &format!("{id}${name}"))?;
            values.push(EnumValue {
                value,
                documentation: traits.documentation,
                pointer: at,
            });
        }
        Ok(values)
    }

    pub(super) fn int_enum_values(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Vec<IntEnumValue>, Error> {
        let mut values = Vec::new();
        for (name, member) in raw.members.iter().flatten() {
            let at = pointer(base, &["members", name]);
            self.check_member_name(id, name, &at)?;
            let value = member
                .traits
                .get("smithy.api#enumValue")
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| {
                    Error::model(
                        self.file,
                        &at,
                        id,
                        format!("member {name}: an intEnum member needs an integer enumValue"),
                    )
                })?;
            let traits = self.traits(&member.traits, &at, &format!("{id}${name}"))?;
            values.push(IntEnumValue {
                name: name.clone(),
                value,
                documentation: traits.documentation,
                pointer: at,
            });
        }
        Ok(values)
    }

    /// The Smithy 1.0 `enum` trait: a list of `{value, name?, documentation?}`.
    pub(super) fn legacy_enum(
        &self,
        id: &ShapeId,
        raw: &Value,
        base: &str,
    ) -> Result<Vec<EnumValue>, Error> {
        let at = pointer(base, &["traits", "smithy.api#enum"]);
        let entries = raw.as_array().ok_or_else(|| {
            Error::model(
                self.file,
                &at,
                id,
                "the enum trait must be a list".to_owned(),
            )
        })?;
        entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let entry_at = pointer(&at, &[&index.to_string()]);
                let value = entry.get("value").and_then(Value::as_str).ok_or_else(|| {
                    Error::model(
                        self.file,
                        &entry_at,
                        id,
                        format!("enum entry {index} has no string `value`"),
                    )
                })?;
                Ok(EnumValue {
                    value: value.to_owned(),
                    documentation: entry
                        .get("documentation")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    pointer: entry_at,
                })
            })
            .collect()
    }

    pub(super) fn operation(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Operation, Error> {
        let http = match raw.traits.get("smithy.api#http") {
            None => None,
            Some(value) => {
                let at = pointer(base, &["traits", "smithy.api#http"]);
                let method = value.get("method").and_then(Value::as_str);
                let uri = value.get("uri").and_then(Value::as_str);
                let code = match value.get("code") {
                    None => Some(200),
                    Some(code) => code.as_u64().and_then(|c| u16::try_from(c).ok()),
                };
                match (method, uri, code) {
                    (Some(method), Some(uri), Some(code)) => Some(HttpTrait {
                        method: method.to_owned(),
                        uri: uri.to_owned(),
                        code,
                    }),
                    _ => {
                        return Err(Error::model(
                            self.file,
                            &at,
                            id,
                            "the http trait needs a string `method`, a string `uri` and a numeric `code`".to_owned(),
                        ))
                    }
                }
            }
        };
        let host_prefix = raw
            .traits
            .get("smithy.api#endpoint")
            .and_then(|endpoint| endpoint.get("hostPrefix"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Operation {
            input: self.optional_ref(&raw.input, &pointer(base, &["input"]), id)?,
            output: self.optional_ref(&raw.output, &pointer(base, &["output"]), id)?,
            errors: self.refs(&raw.errors, &pointer(base, &["errors"]), id)?,
            http,
            host_prefix,
        })
    }

    pub(super) fn service(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Service, Error> {
        let aws = raw.traits.get("aws.api#service");
        let text = |value: Option<&Value>, key: &str| {
            value
                .and_then(|v| v.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let protocols: Vec<Protocol> = [
            Protocol::RestJson1,
            Protocol::AwsJson1_0,
            Protocol::AwsJson1_1,
            Protocol::RestXml,
            Protocol::AwsQuery,
            Protocol::Ec2Query,
        ]
        .into_iter()
        .filter(|protocol| {
            raw.traits
                .contains_key(&format!("aws.protocols#{}", protocol.word()))
        })
        .collect();
        let mut rename = BTreeMap::new();
        for (from, to) in &raw.rename {
            let at = pointer(base, &["rename", from]);
            rename.insert(self.target(from, &at, id)?, to.clone());
        }
        Ok(Service {
            version: raw.version.clone().unwrap_or_default(),
            operations: self.refs(&raw.operations, &pointer(base, &["operations"]), id)?,
            resources: self.refs(&raw.resources, &pointer(base, &["resources"]), id)?,
            errors: self.refs(&raw.errors, &pointer(base, &["errors"]), id)?,
            sdk_id: text(aws, "sdkId").or_else(|| Some(id.name().to_owned())),
            signing_name: text(raw.traits.get("aws.auth#sigv4"), "name"),
            endpoint_prefix: text(aws, "endpointPrefix"),
            protocol: protocols.first().copied(),
            rename,
            endpoint_rules: raw.traits.get("smithy.rules#endpointRuleSet").cloned(),
            endpoint_tests: raw.traits.get("smithy.rules#endpointTests").cloned(),
        })
    }

    pub(super) fn resource(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Resource, Error> {
        let mut operations = Vec::new();
        let lifecycle = [
            ("create", &raw.create),
            ("put", &raw.put),
            ("read", &raw.read),
            ("update", &raw.update),
            ("delete", &raw.delete),
            ("list", &raw.list),
        ];
        for (name, slot) in lifecycle {
            if let Some(op) = self.optional_ref(slot, &pointer(base, &[name]), id)? {
                operations.push(op);
            }
        }
        operations.extend(self.refs(&raw.operations, &pointer(base, &["operations"]), id)?);
        operations.extend(self.refs(
            &raw.collection_operations,
            &pointer(base, &["collectionOperations"]),
            id,
        )?);
        Ok(Resource {
            operations,
            resources: self.refs(&raw.resources, &pointer(base, &["resources"]), id)?,
        })
    }
}
