//! Responses from an untrusted peer: hostile bodies give errors (never a panic or a stack
//! overflow), every modelled error is recognised, nothing of an unknown one is lost, and unknown
//! enum values and union members survive.

mod modelled;

use connect_runtime::http::HttpResponse;
use connect_sdk::operations::create_contact::{self, CreateContactError};
use connect_sdk::operations::describe_contact;
use connect_sdk::types::{Channel, ContactInitiationMethod, SegmentAttributeValue};

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
}

#[test]
fn hostile_segment_attributes_in_a_described_contact_are_errors() {
    let deep = format!(
        "{{\"Contact\": {{\"SegmentAttributes\": {{\"k\": {}{{\"ValueString\": \"x\"}}{}}}}}}}",
        "{\"ValueList\": [".repeat(10_000),
        "]}".repeat(10_000)
    );
    let values = [
        r#"{"ValueInteger": 99999999999}"#,
        r#"{"ValueInteger": 1e400}"#,
        r#"{"ValueString": "a", "ValueInteger": 1}"#,
    ];
    let mut bodies = vec![deep];
    bodies.extend(
        values
            .iter()
            .map(|value| format!(r#"{{"Contact": {{"SegmentAttributes": {{"k": {value}}}}}}}"#)),
    );
    for body in &bodies {
        let read = describe_contact::deserialize_response(&response(200, &[], body));
        assert!(read.is_err(), "accepted: {}", &body[..body.len().min(80)]);
    }
    // The same document with a value the reader can hold reads.
    let fine = r#"{"Contact": {"SegmentAttributes": {"k": {"ValueInteger": 7}}}}"#;
    let output = describe_contact::deserialize_response(&response(200, &[], fine))
        .unwrap()
        .unwrap();
    let attributes = output.contact.unwrap().segment_attributes.unwrap();
    assert_eq!(attributes["k"], SegmentAttributeValue::ValueInteger(7));
}

#[test]
fn a_union_member_the_model_does_not_know_cannot_be_sent() {
    let read = describe_contact::deserialize_response(&response(
        200,
        &[],
        r#"{"Contact": {"SegmentAttributes": {"k": {"ValueFromTheFuture": 1}}}}"#,
    ))
    .unwrap()
    .unwrap();
    let attributes = read.contact.unwrap().segment_attributes.unwrap();
    assert!(attributes["k"].is_unknown());
    let input = create_contact::CreateContactInput::builder()
        .instance_id("i")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .set_segment_attributes(Some(attributes))
        .build()
        .unwrap();
    let error = create_contact::serialize_request(&input).unwrap_err();
    assert!(error.to_string().contains("ValueFromTheFuture"), "{error}");
}
