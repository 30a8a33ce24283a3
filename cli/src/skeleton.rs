//! `--generate-cli-skeleton`: an input or output document with every member in model order and
//! recursion cut to `{}`. In an input skeleton each string is empty (an enum's first value); in an
//! output skeleton each string holds its member's name (a list item its shape's name, a map value
//! nothing), as the AWS CLI fills them. Numbers are zero, booleans true.

use crate::commands::SHAPES;
use crate::model::Kind;
use serde_json::{Map, Value};

/// The input skeleton of the shape at `index`.
pub fn skeleton(index: usize) -> Value {
    build(index, None, &mut Vec::new())
}

/// The output skeleton of the shape at `index`.
pub fn output_skeleton(index: usize) -> Value {
    build(index, Some(""), &mut Vec::new())
}

/// `name` is the member name an output skeleton's string takes; `None` for an input skeleton.
fn build(index: usize, name: Option<&str>, stack: &mut Vec<usize>) -> Value {
    if stack.contains(&index) {
        return Value::Object(Map::new());
    }
    stack.push(index);
    let value = match &SHAPES[index].kind {
        Kind::String { values, .. } => Value::String(match name {
            Some(name) => name.to_owned(),
            None => values.first().copied().unwrap_or("").to_owned(),
        }),
        Kind::Integer { .. } => Value::from(0),
        Kind::Float { .. } => Value::from(0.0),
        Kind::Boolean => Value::Bool(true),
        Kind::Blob { .. } => Value::String(String::new()),
        Kind::Timestamp => Value::String("1970-01-01T00:00:00".to_owned()),
        Kind::Document => Value::Object(Map::new()),
        Kind::List { member, .. } => {
            let item_name = name.map(|_| SHAPES[*member].name);
            Value::Array(vec![build(*member, item_name, stack)])
        }
        Kind::Map { value, .. } => {
            let mut map = Map::new();
            map.insert("KeyName".to_owned(), build(*value, name.map(|_| ""), stack));
            Value::Object(map)
        }
        Kind::Structure { members } | Kind::Union { members } => {
            let mut map = Map::new();
            for member in members.iter() {
                let member_name = name.map(|_| member.name);
                map.insert(
                    member.name.to_owned(),
                    build(member.shape, member_name, stack),
                );
            }
            Value::Object(map)
        }
    };
    stack.pop();
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;

    #[test]
    fn output_strings_hold_their_member_names_and_input_strings_are_empty() {
        let create = commands::find("create-contact").expect("create-contact");
        let output = output_skeleton(create.output);
        assert_eq!(output["ContactId"], "ContactId");
        assert_eq!(output["ContactArn"], "ContactArn");
        let input = skeleton(create.input);
        assert_eq!(input["Name"], "");
        assert_eq!(input["Channel"], "VOICE");

        let describe = commands::find("describe-contact").expect("describe-contact");
        let contact = &output_skeleton(describe.output)["Contact"];
        assert_eq!(contact["Channel"], "Channel");
        assert_eq!(contact["InitiationTimestamp"], "1970-01-01T00:00:00");
        let segment = &contact["SegmentAttributes"]["KeyName"];
        assert_eq!(segment["ValueString"], "ValueString");
    }
}
