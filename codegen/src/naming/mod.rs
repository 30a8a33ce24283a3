//! The only place Rust identifiers are invented.
//!
//! [`Symbols::build`] names every shape, member, enum value and operation of a selection once,
//! before anything is emitted, and fails with an error naming both sides when two things would get
//! the same name. The words and cases the names are made of live in `naming/words.rs`.

mod words;

pub use words::{
    command_name, member_field, option_name, service_config_key, service_env_name, snake_case,
    snake_ident, upper_camel_case, upper_camel_ident, variant_name, words,
};

use crate::error::Error;
use crate::ir::{Model, Shape, ShapeId, ShapeKind};
use crate::transform::closure::is_synthetic;
use crate::transform::Selection;
use std::collections::BTreeMap;

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

impl Module {
    /// The module's path from the crate root (`types`, `operations::create_contact`).
    pub fn path(&self) -> String {
        match self {
            Module::Types => "types".to_owned(),
            Module::Error => "error".to_owned(),
            Module::Operation(op) => format!("operations::{op}"),
        }
    }

    /// Where the builders of the module's structures live: a `builders` submodule of `types` and
    /// `error`, the operation module itself for operations.
    pub fn builders_path(&self) -> String {
        match self {
            Module::Types | Module::Error => format!("{}::builders", self.path()),
            Module::Operation(_) => self.path(),
        }
    }
}

impl OperationNames {
    /// The operation module's path from the crate root.
    pub fn module_path(&self) -> String {
        format!("operations::{}", self.module)
    }
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
    /// Union accessor returning the member's value if it is the one set (`as_value_string`).
    pub accessor: String,
    /// Local variable that holds the member while its structure is read (`f_instance_id`).
    pub local: String,
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
    /// The client's fluent builder for the call (`CreateContactFluentBuilder`).
    pub fluent: String,
}

/// Names of the functions generated for one structure, union, list or map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeFunctions {
    /// JSON writer in `crate::json` (`write_user_info`).
    pub writer: String,
    /// JSON reader in `crate::json` (`read_user_info`).
    pub reader: String,
    /// Constraint checker in `crate::validate` (`validate_user_info`).
    pub validator: String,
    /// The command's reader of a checked JSON value (`user_info_from_value`).
    pub from_value: String,
}

/// Fixed names of the functions every operation module has.
pub const SERIALIZE_REQUEST: &str = "serialize_request";
pub const DESERIALIZE_RESPONSE: &str = "deserialize_response";
pub const DESERIALIZE_ERROR: &str = "deserialize_error";
pub const FILL_IDEMPOTENCY_TOKENS: &str = "fill_idempotency_tokens";
pub const FINISH_REQUEST: &str = "finish_request";
/// Private helpers of an operation module, one per binding location of the request.
pub const WRITE_PATH: &str = "write_path";
pub const WRITE_QUERY: &str = "write_query";
pub const WRITE_HEADERS: &str = "write_headers";
pub const WRITE_BODY: &str = "write_body";
pub const WITH_IDEMPOTENCY_TOKENS: &str = "with_idempotency_tokens";
/// The compiled pattern static number `index` of the `validate` module.
pub fn pattern_static(index: usize) -> String {
    format!("PATTERN_{index}")
}

/// The associated function of an error structure that reads it from a whole response. Operation
/// outputs are read by their operation's own [`OUTPUT_READER`].
pub const ERROR_FROM_RESPONSE: &str = "from_response";

/// The server half's functions of each operation.
pub const READ_REQUEST: &str = "read_request";
pub const WRITE_RESPONSE: &str = "write_response";
pub const WRITE_ERROR: &str = "write_error";

/// The operation module's reader of its output from a whole response.
pub const OUTPUT_READER: &str = "read_output";

/// Every identifier of a selection.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    types: BTreeMap<ShapeId, (Module, Name)>,
    members: BTreeMap<(ShapeId, String), MemberNames>,
    variants: BTreeMap<ShapeId, Vec<Name>>,
    operations: BTreeMap<ShapeId, OperationNames>,
    /// Builder type of each structure, in the module its builder lives in.
    builders: BTreeMap<ShapeId, String>,
    /// Functions of aggregate shapes (JSON writer and reader, validator, response reader).
    functions: BTreeMap<ShapeId, ShapeFunctions>,
}

/// Which identifiers are taken in which module, and by what, for the collision check.
#[derive(Default)]
struct Namespaces {
    taken: BTreeMap<(String, String), String>,
    problems: Vec<Error>,
}

impl Namespaces {
    /// Claims `ident` in `module` for `owner`; a second claim is a problem naming both owners.
    fn claim(&mut self, model: &Model, module: &str, ident: &str, owner: &ShapeId, what: &str) {
        let description = format!("{what} of {}", model.user_id(owner));
        if let Some(other) = self
            .taken
            .insert((module.to_owned(), ident.to_owned()), description.clone())
        {
            self.problems.push(clash(
                model,
                owner,
                &format!(
                    "the {other} and the {description} are both named `{ident}` in `{module}`"
                ),
            ));
        }
    }
}

impl Symbols {
    /// Names everything in the selection.
    pub fn build(selection: &Selection) -> Result<Symbols, Error> {
        let model = &selection.model;
        let mut symbols = Symbols::default();
        let mut problems = Vec::new();
        let mut names = Namespaces::default();

        for op_id in &selection.operations {
            let module = snake_ident(op_id.name()).ident;
            names.claim(
                model,
                "operations",
                &module,
                op_id,
                "module of the operation",
            );
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
            let camel = upper_camel_case(op_id.name());
            let operation = OperationNames {
                error: format!("{camel}Error"),
                fluent: format!("{camel}FluentBuilder"),
                module,
                error_variants,
                unhandled,
            };
            let path = operation.module_path();
            names.claim(
                model,
                &path,
                &operation.error,
                op_id,
                "error enum of the operation",
            );
            names.claim(
                model,
                &path,
                &operation.fluent,
                op_id,
                "fluent builder of the operation",
            );
            symbols.operations.insert(op_id.clone(), operation);
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
            names.claim(model, &module.path(), &name.ident, &shape.id, "type");
            if let ShapeKind::Structure(_) = shape.kind {
                let builder = format!("{}Builder", name.ident);
                names.claim(
                    model,
                    &module.builders_path(),
                    &builder,
                    &shape.id,
                    "builder",
                );
                symbols.builders.insert(shape.id.clone(), builder);
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

        for shape in model.shapes.values() {
            if !shape.kind.is_composite() || shape.id.is_unit() {
                continue;
            }
            let base = symbols.types.get(&shape.id).map_or_else(
                || shape.id.name().to_owned(),
                |(_, name)| name.ident.clone(),
            );
            let stem = snake_case(&base);
            let functions = ShapeFunctions {
                writer: format!("write_{stem}"),
                reader: format!("read_{stem}"),
                validator: format!("validate_{stem}"),
                from_value: format!("{stem}_from_value"),
            };
            names.claim(model, "json", &functions.writer, &shape.id, "JSON writer");
            names.claim(model, "json", &functions.reader, &shape.id, "JSON reader");
            names.claim(
                model,
                "validate",
                &functions.validator,
                &shape.id,
                "validator",
            );
            symbols.functions.insert(shape.id.clone(), functions);
        }
        problems.append(&mut names.problems);
        Error::collect(problems)?;
        Ok(symbols)
    }

    /// The functions of a structure, union, list or map.
    pub fn functions(&self, id: &ShapeId) -> Result<&ShapeFunctions, Error> {
        self.functions
            .get(id)
            .ok_or_else(|| Error::internal(format!("no function names for {id}")))
    }

    /// The builder type of a structure.
    pub fn builder(&self, id: &ShapeId) -> Result<&str, Error> {
        self.builders
            .get(id)
            .map(String::as_str)
            .ok_or_else(|| Error::internal(format!("no builder was named for {id}")))
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
                accessor: format!("as_{bare}"),
                local: format!("f_{bare}"),
                field,
                variant,
            };
            let collide = |what: &str, a: &str, b: &str, ident: &str| {
                model.error(
                    &shape.pointer,
                    &shape.id,
                    format!("members {a} and {b} both become the {what} `{ident}`"),
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
    model.error(pointer, id, message)
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
        renamed: (ident != upper_camel_case(base))
            .then(|| format!("renamed from `{base}`, which is reserved in Rust")),
        ident,
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
            return Err(model.error(
                at,
                &shape.id,
                format!("the values `{other}` and `{source}` both become the variant `{ident}`"),
            ));
        }
        out.push(Name { ident, renamed });
    }
    Ok(out)
}
