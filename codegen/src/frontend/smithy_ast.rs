//! The Smithy JSON AST front-end (Smithy 2.0, and the 1.0 forms `set` and the `enum` trait).

use super::references::check_references;
use super::smithy_traits::{lower_traits, TraitSite};
use crate::error::{pointer, Error};
use crate::frontend::parse_json;
use crate::ir::{
    EnumValue, HttpTrait, IntEnumValue, Member, Model, Operation, Protocol, Resource, Service,
    Shape, ShapeId, ShapeKind, Simple, Traits,
};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    smithy: String,
    #[serde(default)]
    #[allow(dead_code)]
    metadata: serde_json::Map<String, Value>,
    #[serde(default)]
    shapes: IndexMap<String, RawShape>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawShape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    traits: IndexMap<String, Value>,
    #[serde(default)]
    mixins: Vec<RawRef>,
    members: Option<IndexMap<String, RawMember>>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    input: Option<RawRef>,
    output: Option<RawRef>,
    #[serde(default)]
    errors: Vec<RawRef>,
    version: Option<String>,
    #[serde(default)]
    operations: Vec<RawRef>,
    #[serde(default)]
    resources: Vec<RawRef>,
    #[serde(default)]
    rename: IndexMap<String, String>,
    #[serde(default)]
    #[allow(dead_code)]
    identifiers: IndexMap<String, RawRef>,
    #[serde(default)]
    #[allow(dead_code)]
    properties: IndexMap<String, RawRef>,
    create: Option<RawRef>,
    put: Option<RawRef>,
    read: Option<RawRef>,
    update: Option<RawRef>,
    delete: Option<RawRef>,
    list: Option<RawRef>,
    #[serde(default)]
    collection_operations: Vec<RawRef>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawMember {
    target: String,
    #[serde(default)]
    traits: IndexMap<String, Value>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawRef {
    target: String,
}

/// Reads a Smithy JSON AST document and lowers it.
pub fn lower(source: &str, text: &str) -> Result<Model, Error> {
    let raw: RawModel = parse_json(source, text)?;
    if !matches!(raw.smithy.as_str(), "1" | "1.0" | "2" | "2.0") {
        return Err(Error::model(
            source,
            "/smithy",
            "",
            format!(
                "unsupported Smithy IDL version `{}` (1.0 and 2.0 are read)",
                raw.smithy
            ),
        ));
    }
    Lowering::new(source, raw)?.run()
}

struct Lowering<'a> {
    file: &'a str,
    shapes: IndexMap<String, RawShape>,
    /// Trait shapes the model defines itself.
    custom_traits: BTreeSet<String>,
}

impl<'a> Lowering<'a> {
    fn new(file: &'a str, raw: RawModel) -> Result<Self, Error> {
        let mut shapes = IndexMap::new();
        let mut applies = Vec::new();
        for (id, shape) in raw.shapes {
            if shape.kind == "apply" {
                applies.push((id, shape.traits));
            } else {
                shapes.insert(id, shape);
            }
        }
        let custom_traits = shapes
            .iter()
            .filter(|(_, shape)| shape.traits.contains_key("smithy.api#trait"))
            .map(|(id, _)| id.clone())
            .collect();
        let mut lowering = Lowering {
            file,
            shapes,
            custom_traits,
        };
        for (target, traits) in applies {
            lowering.apply(&target, traits)?;
        }
        lowering.flatten_mixins()?;
        Ok(lowering)
    }

    /// Merges the traits of an `apply` statement into the shape or member it names.
    fn apply(&mut self, target: &str, traits: IndexMap<String, Value>) -> Result<(), Error> {
        let (shape_id, member) = match target.split_once('$') {
            Some((shape, member)) => (shape, Some(member)),
            None => (target, None),
        };
        let missing = || {
            Error::model(
                self.file,
                &pointer("/shapes", &[target]),
                target,
                format!("`apply` names {target}, which the model does not define"),
            )
        };
        let shape = self.shapes.get_mut(shape_id).ok_or_else(missing)?;
        let slot = match member {
            None => &mut shape.traits,
            Some(name) => {
                let member = match (shape.members.as_mut(), name) {
                    (Some(members), _) if members.contains_key(name) => members.get_mut(name),
                    (_, "member") => shape.member.as_mut(),
                    (_, "key") => shape.key.as_mut(),
                    (_, "value") => shape.value.as_mut(),
                    _ => None,
                };
                &mut member.ok_or_else(missing)?.traits
            }
        };
        slot.extend(traits);
        Ok(())
    }

    /// Copies members and traits of mixins into the shapes that use them, in declaration order.
    fn flatten_mixins(&mut self) -> Result<(), Error> {
        let ids: Vec<String> = self.shapes.keys().cloned().collect();
        let mut done = BTreeSet::new();
        for id in ids {
            self.flatten_one(&id, &mut Vec::new(), &mut done)?;
        }
        Ok(())
    }

    fn flatten_one(
        &mut self,
        id: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        if done.contains(id) {
            return Ok(());
        }
        if stack.iter().any(|seen| seen == id) {
            return Err(Error::model(
                self.file,
                &pointer("/shapes", &[id, "mixins"]),
                id,
                format!("mixin cycle: {} -> {id}", stack.join(" -> ")),
            ));
        }
        let mixins: Vec<String> = match self.shapes.get(id) {
            Some(shape) => shape.mixins.iter().map(|m| m.target.clone()).collect(),
            None => return Ok(()),
        };
        stack.push(id.to_owned());
        let mut inherited_members = IndexMap::new();
        let mut inherited_traits = IndexMap::new();
        for mixin in &mixins {
            self.flatten_one(mixin, stack, done)?;
            let source = self.shapes.get(mixin).ok_or_else(|| {
                Error::model(
                    self.file,
                    &pointer("/shapes", &[id, "mixins"]),
                    id,
                    format!("uses mixin {mixin}, which the model does not define"),
                )
            })?;
            if !source.traits.contains_key("smithy.api#mixin") {
                return Err(Error::model(
                    self.file,
                    &pointer("/shapes", &[id, "mixins"]),
                    id,
                    format!("uses {mixin} as a mixin, but it has no `smithy.api#mixin` trait"),
                ));
            }
            let local_only: BTreeSet<String> = source
                .traits
                .get("smithy.api#mixin")
                .and_then(|mixin| mixin.get("localTraits"))
                .and_then(Value::as_array)
                .map(|names| {
                    names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            for (name, value) in &source.traits {
                if name != "smithy.api#mixin" && !local_only.contains(name) {
                    inherited_traits.insert(name.clone(), value.clone());
                }
            }
            if let Some(members) = &source.members {
                for (name, member) in members {
                    inherited_members.insert(name.clone(), member.clone());
                }
            }
        }
        stack.pop();
        if let Some(shape) = self.shapes.get_mut(id) {
            if !mixins.is_empty() {
                let mut traits = inherited_traits;
                traits.extend(std::mem::take(&mut shape.traits));
                shape.traits = traits;
                if let Some(local) = shape.members.take() {
                    for (name, member) in local {
                        match inherited_members.get_mut(&name) {
                            Some(existing) => existing.traits.extend(member.traits),
                            None => {
                                inherited_members.insert(name, member);
                            }
                        }
                    }
                }
                if !inherited_members.is_empty() || shape.members.is_some() {
                    shape.members = Some(inherited_members);
                }
                shape.mixins.clear();
            }
        }
        done.insert(id.to_owned());
        Ok(())
    }

    fn run(self) -> Result<Model, Error> {
        let mut shapes = BTreeMap::new();
        let mut services = Vec::new();
        for (text_id, raw) in &self.shapes {
            // Mixins and trait definitions describe other shapes; they are never data.
            if raw.traits.contains_key("smithy.api#mixin")
                || raw.traits.contains_key("smithy.api#trait")
            {
                continue;
            }
            let base = pointer("/shapes", &[text_id]);
            let id = ShapeId::parse(text_id).ok_or_else(|| {
                Error::model(
                    self.file,
                    &base,
                    text_id,
                    format!("`{text_id}` is not an absolute shape id (namespace#Name)"),
                )
            })?;
            let shape = self.lower_shape(&id, raw, &base)?;
            if matches!(shape.kind, ShapeKind::Service(_)) {
                services.push(id.clone());
            }
            shapes.insert(id, shape);
        }
        let service = match services.len() {
            0 | 1 => services.pop(),
            _ => {
                return Err(Error::model(
                    self.file,
                    "/shapes",
                    &services[1],
                    format!(
                        "the model defines several services ({}); give one model per service",
                        services
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ))
            }
        };
        let mut model = Model {
            source: self.file.to_owned(),
            shapes,
            service,
            origins: BTreeMap::new(),
        };
        add_prelude(&mut model);
        check_references(&model)?;
        Ok(model)
    }

    fn target(&self, raw: &str, at: &str, shape: &ShapeId) -> Result<ShapeId, Error> {
        ShapeId::parse(raw).ok_or_else(|| {
            Error::model(
                self.file,
                at,
                shape,
                format!("target `{raw}` is not an absolute shape id"),
            )
        })
    }

    fn traits(
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

    fn member(
        &self,
        owner: &ShapeId,
        name: &str,
        raw: &RawMember,
        at: &str,
    ) -> Result<Member, Error> {
        let label = format!("{owner}${name}");
        Ok(Member {
            name: name.to_owned(),
            target: self.target(&raw.target, &pointer(at, &["target"]), owner)?,
            traits: self.traits(&raw.traits, at, &label)?,
            pointer: at.to_owned(),
        })
    }

    fn required_member(
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

    fn members(&self, id: &ShapeId, raw: &RawShape, base: &str) -> Result<Vec<Member>, Error> {
        raw.members
            .iter()
            .flatten()
            .map(|(name, member)| self.member(id, name, member, &pointer(base, &["members", name])))
            .collect()
    }

    fn refs(&self, refs: &[RawRef], at: &str, shape: &ShapeId) -> Result<Vec<ShapeId>, Error> {
        refs.iter()
            .enumerate()
            .map(|(index, r)| self.target(&r.target, &pointer(at, &[&index.to_string()]), shape))
            .collect()
    }

    fn optional_ref(
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

    fn lower_shape(&self, id: &ShapeId, raw: &RawShape, base: &str) -> Result<Shape, Error> {
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

    fn enum_values(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Vec<EnumValue>, Error> {
        let mut values = Vec::new();
        for (name, member) in raw.members.iter().flatten() {
            let at = pointer(base, &["members", name]);
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

    fn int_enum_values(
        &self,
        id: &ShapeId,
        raw: &RawShape,
        base: &str,
    ) -> Result<Vec<IntEnumValue>, Error> {
        let mut values = Vec::new();
        for (name, member) in raw.members.iter().flatten() {
            let at = pointer(base, &["members", name]);
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
    fn legacy_enum(&self, id: &ShapeId, raw: &Value, base: &str) -> Result<Vec<EnumValue>, Error> {
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

    fn operation(&self, id: &ShapeId, raw: &RawShape, base: &str) -> Result<Operation, Error> {
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

    fn service(&self, id: &ShapeId, raw: &RawShape, base: &str) -> Result<Service, Error> {
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

    fn resource(&self, id: &ShapeId, raw: &RawShape, base: &str) -> Result<Resource, Error> {
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

/// Adds the prelude shapes (`smithy.api#String`, ...) that the model refers to.
pub(crate) fn add_prelude(model: &mut Model) {
    let mut referenced = BTreeSet::new();
    for shape in model.shapes.values() {
        for member in shape.kind.all_members() {
            referenced.insert(member.target.clone());
        }
    }
    for id in referenced {
        if id.namespace() != crate::ir::PRELUDE_NAMESPACE || model.shapes.contains_key(&id) {
            continue;
        }
        if let Some(shape) = prelude_shape(&id) {
            model.shapes.insert(id, shape);
        }
    }
}

fn prelude_shape(id: &ShapeId) -> Option<Shape> {
    let name = id.name();
    let (kind, default) = if name == "Unit" {
        (ShapeKind::Structure(Vec::new()), None)
    } else {
        let (word, primitive) = match name.strip_prefix("Primitive") {
            Some(rest) => (rest, true),
            None => (name, false),
        };
        let simple = Simple::from_word(&lower_first(word))?;
        let default = match (primitive, simple) {
            (false, _) => None,
            (true, Simple::Boolean) => Some(Value::Bool(false)),
            (true, Simple::Byte | Simple::Short | Simple::Integer | Simple::Long) => {
                Some(Value::from(0))
            }
            (true, Simple::Float | Simple::Double) => Some(Value::from(0.0)),
            (true, _) => return None,
        };
        (ShapeKind::Simple(simple), default)
    };
    Some(Shape {
        id: id.clone(),
        kind,
        traits: Traits {
            default,
            ..Traits::default()
        },
        pointer: String::new(),
    })
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
