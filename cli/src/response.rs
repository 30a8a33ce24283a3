//! A response as the AWS CLI holds it before printing: botocore reads the members the model
//! knows, in the model's order, and leaves out those whose value is `null`; a member the model
//! does not know is dropped (it stays visible in the raw body under `--debug`). Map entries and
//! list items are kept as they are, `null` ones too.

use crate::commands::SHAPES;
use crate::model::Kind;
use serde_json::{Map, Value};

/// `value` read as the shape `SHAPES[shape]`.
pub fn modelled(value: Value, shape: usize) -> Value {
    match (&SHAPES[shape].kind, value) {
        (Kind::Structure { members } | Kind::Union { members }, Value::Object(mut object)) => {
            let mut read = Map::new();
            for member in members.iter() {
                match object.remove(member.name) {
                    None | Some(Value::Null) => {}
                    Some(item) => {
                        read.insert(member.name.to_owned(), modelled(item, member.shape));
                    }
                }
            }
            Value::Object(read)
        }
        (Kind::List { member, .. }, Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|item| nullable(item, *member))
                .collect(),
        ),
        (Kind::Map { value: entry, .. }, Value::Object(object)) => Value::Object(
            object
                .into_iter()
                .map(|(key, item)| (key, nullable(item, *entry)))
                .collect(),
        ),
        (_, value) => value,
    }
}

/// A list item or map value: `null` stays `null`.
fn nullable(value: Value, shape: usize) -> Value {
    if value.is_null() {
        Value::Null
    } else {
        modelled(value, shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;
    use serde_json::json;

    fn output(name: &str) -> usize {
        commands::find(name).expect("command").output
    }

    #[test]
    fn unknown_and_null_members_are_left_out_in_model_order() {
        let response = json!({
            "ContactId": "c-1",
            "Ignored": "x",
            "ContactArn": "arn:x",
        });
        let read = modelled(response, output("create-contact"));
        assert_eq!(read, json!({"ContactId": "c-1", "ContactArn": "arn:x"}));
        let keys: Vec<&String> = read.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["ContactId", "ContactArn"]);

        let read = modelled(
            json!({"ContactArn": "arn:y", "ContactId": null}),
            output("create-contact"),
        );
        assert_eq!(read, json!({"ContactArn": "arn:y"}));
    }

    #[test]
    fn nested_structures_are_read_and_map_values_kept() {
        let response = json!({
            "Contact": {
                "Id": "c-2",
                "Extra": {"deep": true},
                "Name": null,
                "SegmentAttributes": {"k": {"ValueString": "v", "Other": 1}, "n": null},
            },
            "Unmodelled": [1, 2],
        });
        let read = modelled(response, output("describe-contact"));
        assert_eq!(
            read,
            json!({"Contact": {
                "Id": "c-2",
                "SegmentAttributes": {"k": {"ValueString": "v"}, "n": null},
            }})
        );
    }

    #[test]
    fn values_of_another_type_than_the_model_says_are_kept() {
        assert_eq!(
            modelled(json!("not an object"), output("create-contact")),
            json!("not an object")
        );
    }
}
