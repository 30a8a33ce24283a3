//! The intermediate representation both front-ends lower into.
//!
//! References between shapes are [`ShapeId`]s, never pointers. Every shape and member remembers the
//! JSON pointer it was read from, so later stages can report errors at the right place.

mod shape_id;
mod traits;

pub use shape_id::{ShapeId, PRELUDE_NAMESPACE};
pub use traits::{
    Constraints, Fault, HttpBinding, HttpTrait, LengthBounds, Protocol, RangeBounds, Retryable,
    TimestampFormat, Traits,
};

use std::collections::BTreeMap;

/// A whole service model: every shape by id, and the service shape if the model has one.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The file the model was read from, as given by the caller (used in error messages).
    pub source: String,
    /// Every shape, including the prelude shapes the model refers to.
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The service shape, when the model defines exactly one.
    pub service: Option<ShapeId>,
    /// Shapes made by the generator (an operation's synthetic input and output), each with the
    /// model's shape it stands for, so that messages name the user's own shapes.
    pub origins: BTreeMap<ShapeId, ShapeId>,
}

/// One named shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    pub traits: Traits,
    /// JSON pointer of the shape's definition in [`Model::source`].
    pub pointer: String,
}

/// The simple (scalar) shape types of Smithy 2.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Simple {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
}

/// What a shape is.
#[derive(Clone, Debug, PartialEq)]
pub enum ShapeKind {
    Simple(Simple),
    /// A string with a closed set of known values.
    Enum(Vec<EnumValue>),
    /// An integer with a closed set of known values.
    IntEnum(Vec<IntEnumValue>),
    List(Box<Member>),
    Map {
        key: Box<Member>,
        value: Box<Member>,
    },
    Structure(Vec<Member>),
    /// Exactly one member is set. Also what a structure marked as a tagged union by the settings becomes.
    Union(Vec<Member>),
    Operation(Operation),
    Service(Service),
    Resource(Resource),
}

/// A known value of a string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    pub value: String,
    pub documentation: Option<String>,
    pub pointer: String,
}

/// A known value of an integer enum.
#[derive(Clone, Debug, PartialEq)]
pub struct IntEnumValue {
    /// The member name from the model (integer enums have no string value to name variants after).
    pub name: String,
    pub value: i32,
    pub documentation: Option<String>,
    pub pointer: String,
}

/// A member of a structure, union, list or map.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The member name as the model spells it (`member`, `key` and `value` for collections).
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
    pub pointer: String,
}

/// An operation shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// `None` when the input is `smithy.api#Unit` or absent.
    pub input: Option<ShapeId>,
    /// `None` when the output is `smithy.api#Unit` or absent.
    pub output: Option<ShapeId>,
    pub errors: Vec<ShapeId>,
    pub http: Option<HttpTrait>,
    /// Host prefix template from the `endpoint` trait (`{Label}.data.`), if any.
    pub host_prefix: Option<String>,
}

/// A service shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub version: String,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    /// Errors every operation of the service can return.
    pub errors: Vec<ShapeId>,
    /// The SDK identifier (`Connect`), from `aws.api#service` or botocore's `serviceId`.
    pub sdk_id: Option<String>,
    /// The SigV4 signing name.
    pub signing_name: Option<String>,
    /// The endpoint prefix (`connect`).
    pub endpoint_prefix: Option<String>,
    pub protocol: Option<Protocol>,
    /// Names that replace shape names in generated code (the service's `rename` property).
    pub rename: BTreeMap<ShapeId, String>,
    /// The endpoint ruleset (`smithy.rules#endpointRuleSet`), as the model gives it.
    pub endpoint_rules: Option<serde_json::Value>,
    /// The ruleset's test cases (`smithy.rules#endpointTests`), as the model gives them.
    pub endpoint_tests: Option<serde_json::Value>,
}

/// A resource shape: only the operations it binds matter to the generator.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

impl Model {
    /// The id a user knows a shape by: the model's own input or output shape for a synthetic one.
    pub fn user_id<'a>(&'a self, id: &'a ShapeId) -> &'a ShapeId {
        self.origins.get(id).unwrap_or(id)
    }

    /// A [`crate::Error::Model`] about the shape, located in this model's file and naming the shape
    /// as the user knows it.
    pub fn error(&self, pointer: &str, id: &ShapeId, message: impl Into<String>) -> crate::Error {
        crate::Error::model(&self.source, pointer, self.user_id(id), message)
    }

    /// Looks a shape up.
    pub fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Every operation bound to the service, directly or through its resources, in model order
    /// without duplicates. Without a service shape, every operation of the model, sorted by id.
    pub fn service_operations(&self) -> Vec<ShapeId> {
        let mut found = Vec::new();
        match self.service.as_ref().and_then(|id| self.get(id)) {
            Some(Shape {
                kind: ShapeKind::Service(service),
                ..
            }) => {
                let mut seen_resources = Vec::new();
                self.collect_operations(
                    &service.operations,
                    &service.resources,
                    &mut found,
                    &mut seen_resources,
                );
            }
            _ => found.extend(
                self.shapes
                    .values()
                    .filter(|shape| matches!(shape.kind, ShapeKind::Operation(_)))
                    .map(|shape| shape.id.clone()),
            ),
        }
        found
    }

    fn collect_operations(
        &self,
        operations: &[ShapeId],
        resources: &[ShapeId],
        found: &mut Vec<ShapeId>,
        seen_resources: &mut Vec<ShapeId>,
    ) {
        for op in operations {
            if !found.contains(op) {
                found.push(op.clone());
            }
        }
        for resource_id in resources {
            if seen_resources.contains(resource_id) {
                continue;
            }
            seen_resources.push(resource_id.clone());
            if let Some(Shape {
                kind: ShapeKind::Resource(resource),
                ..
            }) = self.get(resource_id)
            {
                self.collect_operations(
                    &resource.operations,
                    &resource.resources,
                    found,
                    seen_resources,
                );
            }
        }
    }
}

impl Member {
    /// Whether the member travels in the JSON body (not bound to the URI, query, headers or status).
    pub fn in_body(&self) -> bool {
        self.traits.http.is_none()
    }

    /// The key the member has in a JSON object.
    pub fn wire_name(&self) -> &str {
        self.traits.json_name.as_deref().unwrap_or(&self.name)
    }
}

impl ShapeKind {
    /// The members of a structure or union (empty for every other kind).
    pub fn members(&self) -> &[Member] {
        match self {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members,
            _ => &[],
        }
    }

    /// Members, list member, or map key and value: every member that refers to another shape.
    pub fn all_members(&self) -> Vec<&Member> {
        match self {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter().collect(),
            ShapeKind::List(member) => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            _ => Vec::new(),
        }
    }

    /// Whether values are composite (structure, union, list or map): the shapes that get their own
    /// JSON writer, reader and validator functions.
    pub fn is_composite(&self) -> bool {
        matches!(
            self,
            ShapeKind::Structure(_)
                | ShapeKind::Union(_)
                | ShapeKind::List(_)
                | ShapeKind::Map { .. }
        )
    }

    /// A short lower-case word for the kind, as Smithy spells it.
    pub fn word(&self) -> &'static str {
        match self {
            ShapeKind::Simple(simple) => simple.word(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Service(_) => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }
}

impl Simple {
    /// The Smithy spelling of the type.
    pub fn word(self) -> &'static str {
        match self {
            Simple::Blob => "blob",
            Simple::Boolean => "boolean",
            Simple::String => "string",
            Simple::Byte => "byte",
            Simple::Short => "short",
            Simple::Integer => "integer",
            Simple::Long => "long",
            Simple::Float => "float",
            Simple::Double => "double",
            Simple::BigInteger => "bigInteger",
            Simple::BigDecimal => "bigDecimal",
            Simple::Timestamp => "timestamp",
            Simple::Document => "document",
        }
    }

    /// Parses a Smithy type word.
    pub fn from_word(word: &str) -> Option<Simple> {
        Some(match word {
            "blob" => Simple::Blob,
            "boolean" => Simple::Boolean,
            "string" => Simple::String,
            "byte" => Simple::Byte,
            "short" => Simple::Short,
            "integer" => Simple::Integer,
            "long" => Simple::Long,
            "float" => Simple::Float,
            "double" => Simple::Double,
            "bigInteger" => Simple::BigInteger,
            "bigDecimal" => Simple::BigDecimal,
            "timestamp" => Simple::Timestamp,
            "document" => Simple::Document,
            _ => return None,
        })
    }

    /// Whether values are numbers (the `range` trait applies).
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Simple::Byte
                | Simple::Short
                | Simple::Integer
                | Simple::Long
                | Simple::Float
                | Simple::Double
                | Simple::BigInteger
                | Simple::BigDecimal
        )
    }
}
