//! The only place Rust identifiers are invented.
//!
//! [`Symbols::build`] names every shape, member, enum value and operation of a selection once,
//! before anything is emitted, and fails with an error naming both sides when two things would get
//! the same name.

use crate::error::Error;
use crate::ir::{Model, Shape, ShapeId, ShapeKind};
use crate::transform::closure::is_synthetic;
use crate::transform::Selection;
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

/// Rust keywords (strict and reserved, all editions) that can be written as raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Member names that would collide with the generated builder API (the structures' builders and
/// the client's fluent builders).
const BUILDER_API: &[&str] = &[
    "build",
    "builder",
    "default",
    "new",
    "send",
    "input",
    "validation",
];

/// Module a generated type lives in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Module {
    /// `crate::types`: structures, unions and enums shared by operations.
    Types,
    /// `crate::error`: error structures.
    Error,
    /// `crate::operations::<name>`: one operation's input, output and error enum.
    Operation(String),
}

/// A Rust name with the reason it differs from the model's, if it was changed to avoid a clash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The identifier as written in Rust source (possibly `r#type`).
    pub ident: String,
    /// Why the model name was not used as is.
    pub renamed: Option<String>,
}

/// Names of one member of a structure or union.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberNames {
    /// Field name (structures).
    pub field: Name,
    /// Builder method that sets a value (`instance_id`).
    pub setter: String,
    /// Builder method that sets an `Option` (`set_instance_id`).
    pub option_setter: String,
    /// Variant name (unions).
    pub variant: Name,
}

/// Names of one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationNames {
    /// Module under `crate::operations`.
    pub module: String,
    /// The per-operation error enum.
    pub error: String,
    /// Variant for each modelled error, in model order.
    pub error_variants: Vec<(ShapeId, String)>,
    /// Variant for errors the model does not list.
    pub unhandled: String,
}

/// Every identifier of a selection.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    types: BTreeMap<ShapeId, (Module, Name)>,
    members: BTreeMap<(ShapeId, String), MemberNames>,
    variants: BTreeMap<ShapeId, Vec<Name>>,
    operations: BTreeMap<ShapeId, OperationNames>,
    /// Stem of the serializer, deserializer and validator functions of aggregate shapes.
    stems: BTreeMap<ShapeId, String>,
}

impl Symbols {
    /// Names everything in the selection.
    pub fn build(selection: &Selection) -> Result<Symbols, Error> {
        let model = &selection.model;
        let mut symbols = Symbols::default();
        let mut problems = Vec::new();
        let mut taken: BTreeMap<(Module, String), ShapeId> = BTreeMap::new();

        for op_id in &selection.operations {
            let module = snake_ident(op_id.name()).ident;
            let key = (Module::Types, format!("operations::{module}"));
            if let Some(other) = taken.insert(key, op_id.clone()) {
                problems.push(clash(
                    model,
                    op_id,
                    &format!("operations {other} and {op_id} both become module `{module}`"),
                ));
            }
            let mut error_variants = Vec::new();
            if let Some(ShapeKind::Operation(op)) = model.get(op_id).map(|s| &s.kind) {
                for error in &op.errors {
                    error_variants.push((error.clone(), type_name(model, error).ident));
                }
            }
            let unhandled = if error_variants.iter().any(|(_, v)| v == "Unhandled") {
                "UnhandledError".to_owned()
            } else {
                "Unhandled".to_owned()
            };
            symbols.operations.insert(
                op_id.clone(),
                OperationNames {
                    module,
                    error: format!("{}Error", op_id.name().to_upper_camel_case()),
                    error_variants,
                    unhandled,
                },
            );
        }

        for shape in model.shapes.values() {
            let module = match &shape.kind {
                ShapeKind::Structure(_) if is_synthetic(&shape.id) => {
                    let op = operation_of(selection, &shape.id);
                    match op.and_then(|op| symbols.operations.get(&op)) {
                        Some(names) => Module::Operation(names.module.clone()),
                        None => {
                            problems.push(Error::internal(format!(
                                "synthetic shape {} has no operation",
                                shape.id
                            )));
                            continue;
                        }
                    }
                }
                ShapeKind::Structure(_) if shape.traits.error.is_some() => Module::Error,
                ShapeKind::Structure(_)
                | ShapeKind::Union(_)
                | ShapeKind::Enum(_)
                | ShapeKind::IntEnum(_) => Module::Types,
                _ => continue,
            };
            if shape.id.is_unit() {
                continue;
            }
            let name = type_name(model, &shape.id);
            if let Some(other) =
                taken.insert((module.clone(), name.ident.clone()), shape.id.clone())
            {
                problems.push(clash(
                    model,
                    &shape.id,
                    &format!(
                        "shapes {other} and {} both become the Rust type `{}`",
                        shape.id, name.ident
                    ),
                ));
            }
            symbols.types.insert(shape.id.clone(), (module, name));
            match &shape.kind {
                ShapeKind::Structure(_) | ShapeKind::Union(_) => {
                    if let Err(problem) = symbols.name_members(model, shape) {
                        problems.push(problem);
                    }
                }
                ShapeKind::Enum(values) => {
                    let names: Vec<(String, String, &str)> = values
                        .iter()
                        .map(|v| (variant_name(&v.value), v.value.clone(), v.pointer.as_str()))
                        .collect();
                    match unique_variants(model, shape, names) {
                        Ok(variants) => {
                            symbols.variants.insert(shape.id.clone(), variants);
                        }
                        Err(problem) => problems.push(problem),
                    }
                }
                ShapeKind::IntEnum(values) => {
                    let names: Vec<(String, String, &str)> = values
                        .iter()
                        .map(|v| (variant_name(&v.name), v.name.clone(), v.pointer.as_str()))
                        .collect();
                    match unique_variants(model, shape, names) {
                        Ok(variants) => {
                            symbols.variants.insert(shape.id.clone(), variants);
                        }
                        Err(problem) => problems.push(problem),
                    }
                }
                _ => {}
            }
        }
        let mut stems: BTreeMap<String, ShapeId> = BTreeMap::new();
        for shape in model.shapes.values() {
            if !shape.kind.is_composite() || shape.id.is_unit() {
                continue;
            }
            let base = symbols.types.get(&shape.id).map_or_else(
                || shape.id.name().to_owned(),
                |(_, name)| name.ident.clone(),
            );
            let stem = base.to_snake_case();
            if let Some(other) = stems.insert(stem.clone(), shape.id.clone()) {
                problems.push(clash(
                    model,
                    &shape.id,
                    &format!(
                        "shapes {other} and {} both give the function name stem `{stem}`",
                        shape.id
                    ),
                ));
            }
            symbols.stems.insert(shape.id.clone(), stem);
        }
        Error::collect(problems)?;
        Ok(symbols)
    }

    /// The stem of a shape's `write_`, `read_` and `validate_` functions.
    pub fn stem(&self, id: &ShapeId) -> Result<&str, Error> {
        self.stems
            .get(id)
            .map(String::as_str)
            .ok_or_else(|| Error::internal(format!("no function stem for {id}")))
    }

    fn name_members(&mut self, model: &Model, shape: &Shape) -> Result<(), Error> {
        let mut fields: BTreeMap<String, &str> = BTreeMap::new();
        let mut methods: BTreeMap<String, &str> = BTreeMap::new();
        let mut variants: BTreeMap<String, &str> = BTreeMap::new();
        for member in shape.kind.members() {
            let field = member_field(&member.name);
            let bare = field.ident.trim_start_matches("r#").to_owned();
            let variant = variant_name(&member.name);
            let variant = Name {
                renamed: (variant == "Unknown").then(|| {
                    "renamed from `Unknown`, which is the variant for members this client does not know".to_owned()
                }),
                ident: if variant == "Unknown" { "UnknownValue".to_owned() } else { variant },
            };
            let names = MemberNames {
                setter: field.ident.clone(),
                option_setter: format!("set_{bare}"),
                field,
                variant,
            };
            let collide = |what: &str, a: &str, b: &str, ident: &str| {
                Error::model(
                    &model.source,
                    &shape.pointer,
                    &shape.id,
                    format!(
                        "{}: members {a} and {b} both become the {what} `{ident}`",
                        shape.id
                    ),
                )
            };
            if let Some(other) = fields.insert(names.field.ident.clone(), &member.name) {
                return Err(collide("field", other, &member.name, &names.field.ident));
            }
            if let Some(other) = variants.insert(names.variant.ident.clone(), &member.name) {
                return Err(collide(
                    "variant",
                    other,
                    &member.name,
                    &names.variant.ident,
                ));
            }
            for method in [&names.setter, &names.option_setter] {
                if let Some(other) = methods.insert(method.clone(), &member.name) {
                    return Err(collide("builder method", other, &member.name, method));
                }
            }
            self.members
                .insert((shape.id.clone(), member.name.clone()), names);
        }
        Ok(())
    }

    /// The module and name of a generated type.
    pub fn type_of(&self, id: &ShapeId) -> Result<&(Module, Name), Error> {
        self.types
            .get(id)
            .ok_or_else(|| Error::internal(format!("no Rust type was named for {id}")))
    }

    /// Names of a structure or union member.
    pub fn member(&self, shape: &ShapeId, member: &str) -> Result<&MemberNames, Error> {
        self.members
            .get(&(shape.clone(), member.to_owned()))
            .ok_or_else(|| Error::internal(format!("no Rust name for member {shape}${member}")))
    }

    /// Variant names of an enum or int enum, in value order.
    pub fn variants(&self, id: &ShapeId) -> Result<&[Name], Error> {
        self.variants
            .get(id)
            .map(Vec::as_slice)
            .ok_or_else(|| Error::internal(format!("no variants were named for {id}")))
    }

    /// Names of an operation.
    pub fn operation(&self, id: &ShapeId) -> Result<&OperationNames, Error> {
        self.operations
            .get(id)
            .ok_or_else(|| Error::internal(format!("no names for operation {id}")))
    }

    /// Every named type, by module.
    pub fn types(&self) -> impl Iterator<Item = (&ShapeId, &(Module, Name))> {
        self.types.iter()
    }
}

fn operation_of(selection: &Selection, synthetic: &ShapeId) -> Option<ShapeId> {
    selection
        .operations
        .iter()
        .find_map(|op| match selection.model.get(op).map(|s| &s.kind) {
            Some(ShapeKind::Operation(operation))
                if operation.input.as_ref() == Some(synthetic)
                    || operation.output.as_ref() == Some(synthetic) =>
            {
                Some(op.clone())
            }
            _ => None,
        })
}

fn clash(model: &Model, id: &ShapeId, message: &str) -> Error {
    let pointer = model.get(id).map(|s| s.pointer.as_str()).unwrap_or("");
    Error::model(&model.source, pointer, id, message.to_owned())
}

/// The Rust type name of a shape: the service's rename if any, else the shape name in UpperCamelCase.
pub fn type_name(model: &Model, id: &ShapeId) -> Name {
    let renamed = model
        .service
        .as_ref()
        .and_then(|service| model.get(service))
        .and_then(|service| match &service.kind {
            ShapeKind::Service(service) => service.rename.get(id).cloned(),
            _ => None,
        });
    let base = renamed.as_deref().unwrap_or(id.name());
    let ident = upper_camel_ident(base);
    Name {
        renamed: (ident != base.to_upper_camel_case())
            .then(|| format!("renamed from `{base}`, which is reserved in Rust")),
        ident,
    }
}

/// UpperCamelCase, made a valid identifier (`Self` gets a trailing `_`, a leading digit a `V`).
pub fn upper_camel_ident(text: &str) -> String {
    let camel = text.to_upper_camel_case();
    let camel = if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    if NOT_RAW.contains(&camel.as_str()) {
        format!("{camel}_")
    } else {
        camel
    }
}

/// The variant name for an enum value or union member (one rule for both front-ends).
pub fn variant_name(value: &str) -> String {
    upper_camel_ident(value)
}

/// A snake_case identifier, with `r#` for keywords and a trailing `_` where `r#` is not allowed.
pub fn snake_ident(text: &str) -> Name {
    let snake = text.to_snake_case();
    let snake = if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    };
    if NOT_RAW.contains(&snake.as_str()) {
        Name {
            ident: format!("{snake}_"),
            renamed: Some(format!("renamed from `{snake}`, which Rust reserves")),
        }
    } else if KEYWORDS.contains(&snake.as_str()) {
        Name {
            ident: format!("r#{snake}"),
            renamed: None,
        }
    } else {
        Name {
            ident: snake,
            renamed: None,
        }
    }
}

/// A field name for a member: [`snake_ident`], plus a `_value` suffix for names of the builder API.
pub fn member_field(member: &str) -> Name {
    let name = snake_ident(member);
    if BUILDER_API.contains(&name.ident.as_str()) {
        Name {
            renamed: Some(format!(
                "renamed from `{}`, which the generated builder uses itself",
                name.ident
            )),
            ident: format!("{}_value", name.ident),
        }
    } else {
        name
    }
}

fn unique_variants(
    model: &Model,
    shape: &Shape,
    names: Vec<(String, String, &str)>,
) -> Result<Vec<Name>, Error> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for (ident, source, at) in names {
        let (ident, renamed) = if ident == "Unknown" {
            (
                "UnknownValue".to_owned(),
                Some("renamed from `Unknown`, which is the variant for values this client does not know".to_owned()),
            )
        } else {
            (ident, None)
        };
        if let Some(other) = seen.insert(ident.clone(), source.clone()) {
            return Err(Error::model(
                &model.source,
                at,
                &shape.id,
                format!(
                    "{}: the values `{other}` and `{source}` both become the variant `{ident}`",
                    shape.id
                ),
            ));
        }
        out.push(Name { ident, renamed });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_table() {
        let table = [
            // model name, type name, field name
            ("type", "Type", "r#type"),
            ("Self", "Self_", "self_"),
            ("Unknown", "Unknown", "unknown"),
            ("ARN", "Arn", "arn"),
            ("IPv4", "IPv4", "i_pv4"),
            ("a-b", "AB", "a_b"),
            ("build", "Build", "build_value"),
            ("Validation", "Validation", "validation_value"),
            ("Send", "Send", "send_value"),
            ("1.0", "V10", "_1_0"),
            ("crate", "Crate", "crate_"),
            ("match", "Match", "r#match"),
        ];
        for (model, ty, field) in table {
            assert_eq!(upper_camel_ident(model), ty, "type name of {model}");
            assert_eq!(member_field(model).ident, field, "field name of {model}");
        }
    }

    #[test]
    fn renames_are_explained() {
        assert!(member_field("default").renamed.is_some());
        assert!(member_field("type").renamed.is_none());
        assert!(snake_ident("self").renamed.is_some());
    }
}
