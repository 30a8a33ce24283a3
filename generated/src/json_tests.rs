//! The crate's own JSON readers and writers (`crate::json`, not part of the API): inputs read and
//! written back byte for byte, and hostile documents refused.

use crate::json;
use crate::types::SegmentAttributeValue;
use connect_runtime::json::{JsonReader, JsonWriter};

#[test]
fn inputs_round_trip_byte_for_byte() {
    let body = r#"{"InstanceId": "i-1", "ClientToken": "t", "Attributes": {"a": "1", "b": ""}, "References": {"r": {"Value": "https://x", "Type": "URL"}}, "Channel": "SMOKE", "InitiationMethod": "API", "ExpiryDurationInMinutes": -2147483648, "UserInfo": {}, "Name": "n\u00e9\n", "SegmentAttributes": {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 135}, "Tags": {"ValueList": [{"ValueString": ""}, {"ValueArn": "arn:aws:x"}, {"ValueList": []}]}}}}}"#;
    let mut reader = JsonReader::from_text(body);
    let input = json::read_create_contact_input(&mut reader).unwrap();
    reader.end().unwrap();
    assert_eq!(input.channel.as_str(), "SMOKE");
    let mut writer = JsonWriter::new();
    json::write_create_contact_input(&mut writer, &input).unwrap();
    assert_eq!(String::from_utf8(writer.finish()).unwrap(), body);
    let expiry = &input.segment_attributes.as_ref().unwrap()["connect:ContactExpiry"];
    let SegmentAttributeValue::ValueMap(map) = expiry else {
        panic!("{expiry:?}")
    };
    assert_eq!(
        map["ExpiryDuration"],
        SegmentAttributeValue::ValueInteger(135)
    );
}

#[test]
fn hostile_inputs_are_errors() {
    let deep = format!(
        "{{\"InstanceId\": \"i\", \"Channel\": \"TASK\", \"InitiationMethod\": \"API\", \"SegmentAttributes\": {{\"k\": {}{{\"ValueString\": \"x\"}}{}}}}}",
        "{\"ValueList\": [".repeat(10_000),
        "]}".repeat(10_000)
    );
    let mut reader = JsonReader::new(deep.as_bytes()).unwrap();
    assert!(json::read_create_contact_input(&mut reader).is_err());
    for (value, why) in [
        (r#"{"ValueInteger": 99999999999}"#, "out of range"),
        (r#"{"ValueInteger": 1e400}"#, "not an integer"),
        (
            r#"{"ValueString": "a", "ValueInteger": 1}"#,
            "two members of a union",
        ),
    ] {
        let mut reader = JsonReader::from_text(value);
        assert!(
            json::read_segment_attribute_value(&mut reader).is_err(),
            "{why}"
        );
    }
}

#[test]
fn an_unknown_union_member_cannot_be_written() {
    let mut reader = JsonReader::from_text(r#"{"SomethingNew": {"Detail": [1, 2]}}"#);
    let reason = json::read_invalid_request_exception_reason(&mut reader).unwrap();
    assert!(reason.is_unknown());
    let mut writer = JsonWriter::new();
    assert!(json::write_invalid_request_exception_reason(&mut writer, &reason).is_err());
}
