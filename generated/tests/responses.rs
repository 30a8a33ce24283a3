//! Responses from an untrusted peer: hostile bodies give errors (never a panic or a stack
//! overflow), every modelled error is recognised, nothing of an unknown one is lost, and unknown
//! enum values and union members survive.

mod modelled;

use connect_runtime::http::HttpResponse;
use connect_runtime::json::{JsonReader, JsonWriter};
use connect_sdk::operations::create_contact::{self, CreateContactError};
use connect_sdk::types::SegmentAttributeValue;

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn a_success_is_read_and_unknown_fields_are_skipped() {
    let body = r#"{"ContactId": "c-1", "ContactArn": "arn:aws:connect:us-east-1:1:instance/i/contact/c-1", "Extra": {"a": [1, 2, {"b": null}]}}"#;
    let output = create_contact::deserialize_response(&response(200, &[], body))
        .unwrap()
        .unwrap();
    assert_eq!(output.contact_id.as_deref(), Some("c-1"));
    assert!(output.contact_arn.unwrap().ends_with("contact/c-1"));
    let empty = create_contact::deserialize_response(&response(200, &[], ""))
        .unwrap()
        .unwrap();
    assert_eq!(empty.contact_id, None);
}

#[test]
fn hostile_bodies_are_errors_not_crashes() {
    let deep = format!(
        "{{\"ContactId\": \"x\", \"Junk\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let deep_objects = format!(
        "{{\"ContactId\": {}\"x\"{}}}",
        "{\"a\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    for body in [
        deep.as_str(),
        deep_objects.as_str(),
        r#"{"ContactId": "trunc"#,
        r#"{"ContactId": 5}"#,
        r#"{"ContactId": "a",}"#,
        r#"["not", "an", "object"]"#,
        "{\"ContactId\": \"\\ud800\"}",
        "{} trailing",
    ] {
        let result = create_contact::deserialize_response(&response(200, &[], body));
        assert!(result.is_err(), "accepted: {}", &body[..body.len().min(60)]);
    }
    let deep_segments = format!(
        "{{\"InstanceId\": \"i\", \"Channel\": \"TASK\", \"InitiationMethod\": \"API\", \"SegmentAttributes\": {{\"k\": {}{{\"ValueString\": \"x\"}}{}}}}}",
        "{\"ValueList\": [".repeat(10_000),
        "]}".repeat(10_000)
    );
    let mut reader = JsonReader::new(deep_segments.as_bytes()).unwrap();
    assert!(connect_sdk::json::read_create_contact_input(&mut reader).is_err());
    let mut reader = JsonReader::from_text(r#"{"ValueInteger": 99999999999}"#);
    assert!(connect_sdk::json::read_segment_attribute_value(&mut reader).is_err());
    let mut reader = JsonReader::from_text(r#"{"ValueInteger": 1e400}"#);
    assert!(connect_sdk::json::read_segment_attribute_value(&mut reader).is_err());
    let mut reader = JsonReader::from_text(r#"{"ValueString": "a", "ValueInteger": 1}"#);
    assert!(
        connect_sdk::json::read_segment_attribute_value(&mut reader).is_err(),
        "two members of a union"
    );
}

#[test]
fn every_modelled_error_is_recognised() {
    for (code, status) in modelled::ERRORS {
        let from_header = create_contact::deserialize_response(&response(
            status,
            &[
                (
                    "X-Amzn-ErrorType",
                    &format!("{code}:http://internal.amazon.com/"),
                ),
                ("x-amzn-RequestId", "r-1"),
            ],
            r#"{"Message": "it went wrong"}"#,
        ))
        .unwrap()
        .unwrap_err();
        assert_eq!(from_header.code(), code);
        assert_eq!(from_header.message(), Some("it went wrong"));
        assert_eq!(from_header.http_status(), status);
        assert!(
            !matches!(from_header, CreateContactError::Unhandled(_)),
            "{code}"
        );
        let from_body = create_contact::deserialize_response(&response(
            status,
            &[],
            &format!(
                r#"{{"__type": "com.amazonaws.connect#{code}", "message": "lower-case key"}}"#
            ),
        ))
        .unwrap()
        .unwrap_err();
        assert_eq!(from_body.code(), code);
    }
}

#[test]
fn unknown_errors_keep_everything() {
    let error = create_contact::deserialize_response(&response(
        418,
        &[("x-amzn-RequestId", "req-7")],
        r#"{"code": "BrandNewException", "message": "teapot"}"#,
    ))
    .unwrap()
    .unwrap_err();
    let CreateContactError::Unhandled(unhandled) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(unhandled.code(), Some("BrandNewException"));
    assert_eq!(unhandled.message(), Some("teapot"));
    assert_eq!(unhandled.status(), 418);
    assert_eq!(unhandled.request_id(), Some("req-7"));
    let gateway =
        create_contact::deserialize_response(&response(502, &[], "<html>Bad Gateway</html>"))
            .unwrap()
            .unwrap_err();
    assert_eq!(gateway.http_status(), 502);
    assert_eq!(gateway.code(), "502");
    assert_eq!(gateway.message(), Some("Bad Gateway"));
}

#[test]
fn errors_the_model_does_not_know_read_as_botocore_reads_them() {
    let read = |status: u16, body: &str| {
        create_contact::deserialize_response(&response(status, &[], body))
            .unwrap()
            .unwrap_err()
    };
    for (status, body, code, message) in [
        (503, "", "503", "Service Unavailable"),
        (
            504,
            "  <html><body>late</body></html>",
            "504",
            "Gateway Timeout",
        ),
        (400, "not json at all", "400", "not json at all"),
        (400, r#"{"message": "lower"}"#, "400", "lower"),
        (
            400,
            r#"{"Message": "upper", "message": "lower"}"#,
            "400",
            "lower",
        ),
        (400, "", "400", ""),
        (500, r#"{"Message": "boom"}"#, "500", "boom"),
    ] {
        let error = read(status, body);
        assert_eq!(error.code(), code, "{status} {body:?}");
        assert_eq!(error.message(), Some(message), "{status} {body:?}");
    }
}

#[test]
fn unknown_union_members_and_enum_values_survive() {
    let error = create_contact::deserialize_response(&response(
        400,
        &[("X-Amzn-ErrorType", "InvalidRequestException")],
        r#"{"Message": "m", "Reason": {"SomethingNew": {"Detail": [1, 2]}}}"#,
    ))
    .unwrap()
    .unwrap_err();
    let CreateContactError::InvalidRequestException(inner) = &error else {
        panic!("{error:?}")
    };
    let reason = inner.reason.as_ref().unwrap();
    assert!(reason.is_unknown());
    assert_eq!(reason.member_name(), "SomethingNew");
    let known = create_contact::deserialize_response(&response(
        400,
        &[("X-Amzn-ErrorType", "InvalidRequestException")],
        r#"{"Reason": {"AttachedFileInvalidRequestExceptionReason": "FILE_TOO_PURPLE"}}"#,
    ))
    .unwrap()
    .unwrap_err();
    let CreateContactError::InvalidRequestException(inner) = &known else {
        panic!("{known:?}")
    };
    let value = inner
        .reason
        .as_ref()
        .unwrap()
        .as_attached_file_invalid_request_exception_reason()
        .unwrap();
    assert_eq!(value.as_str(), "FILE_TOO_PURPLE");
    let mut writer = JsonWriter::new();
    assert!(
        connect_sdk::json::write_invalid_request_exception_reason(&mut writer, reason).is_err(),
        "an unknown member cannot be sent"
    );
}

#[test]
fn request_bodies_round_trip() {
    let body = r#"{"InstanceId": "i-1", "ClientToken": "t", "Attributes": {"a": "1", "b": ""}, "References": {"r": {"Value": "https://x", "Type": "URL"}}, "Channel": "SMOKE", "InitiationMethod": "API", "ExpiryDurationInMinutes": -2147483648, "UserInfo": {}, "Name": "n\u00e9\n", "SegmentAttributes": {"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 135}, "Tags": {"ValueList": [{"ValueString": ""}, {"ValueArn": "arn:aws:x"}, {"ValueList": []}]}}}}}"#;
    let mut reader = JsonReader::from_text(body);
    let input = connect_sdk::json::read_create_contact_input(&mut reader).unwrap();
    reader.end().unwrap();
    assert_eq!(input.channel.as_str(), "SMOKE");
    let mut writer = JsonWriter::new();
    connect_sdk::json::write_create_contact_input(&mut writer, &input).unwrap();
    assert_eq!(String::from_utf8(writer.finish()).unwrap(), body);
    let expiry = &input.segment_attributes.as_ref().unwrap()["connect:ContactExpiry"];
    let SegmentAttributeValue::ValueMap(map) = expiry else {
        panic!()
    };
    assert_eq!(
        map["ExpiryDuration"],
        SegmentAttributeValue::ValueInteger(135)
    );
}
