//! `--generate-cli-skeleton`: an input or output document with every member in model order, an
//! empty or zero value for each scalar, the first value of each enum, and recursion cut to `{}`.

use crate::commands::SHAPES;
use crate::model::Kind;
use serde_json::{Map, Value};

/// The skeleton of the shape at `index`.
pub fn skeleton(index: usize) -> Value {
    build(index, &mut Vec::new())
}

fn build(index: usize, stack: &mut Vec<usize>) -> Value {
    if stack.contains(&index) {
        return Value::Object(Map::new());
    }
    stack.push(index);
    let value = match &SHAPES[index].kind {
        Kind::String { values, .. } => {
            Value::String(values.first().copied().unwrap_or("").to_owned())
        }
        Kind::Integer { .. } => Value::from(0),
        Kind::Float { .. } => Value::from(0.0),
        Kind::Boolean => Value::Bool(true),
        Kind::Blob { .. } => Value::String(String::new()),
        Kind::Timestamp => Value::String("1970-01-01T00:00:00".to_owned()),
        Kind::Document => Value::Object(Map::new()),
        Kind::List { member, .. } => Value::Array(vec![build(*member, stack)]),
        Kind::Map { value, .. } => {
            let mut map = Map::new();
            map.insert("KeyName".to_owned(), build(*value, stack));
            Value::Object(map)
        }
        Kind::Structure { members } | Kind::Union { members } => {
            let mut map = Map::new();
            for member in members.iter() {
                map.insert(member.name.to_owned(), build(member.shape, stack));
            }
            Value::Object(map)
        }
    };
    stack.pop();
    value
}
