//! The Smithy JSON AST front-end (Smithy 2.0, and the 1.0 forms `set` and the `enum` trait).

mod mixins;
mod shapes;

use super::references::check_references;
use crate::error::{pointer, Error};
use crate::frontend::parse_json;
use crate::ir::{Model, Shape, ShapeId, ShapeKind, Simple, Traits};
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
