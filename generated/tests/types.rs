//! The generated CreateContact types behave as documented: builders report missing members,
//! `Debug` hides sensitive members, unknown enum values round-trip, and SegmentAttributeValue
//! nests through maps and lists.

use connect_sdk::operations::create_contact::{CreateContactError, CreateContactInput};
use connect_sdk::primitives::UnhandledError;
use connect_sdk::types::{
    Channel, ContactInitiationMethod, Reference, ReferenceType, SegmentAttributeValue,
};
use std::collections::BTreeMap;

fn minimal() -> CreateContactInput {
    CreateContactInput::builder()
        .instance_id("instance-1")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .build()
        .expect("all required members are set")
}

#[test]
fn build_names_every_missing_required_member() {
    let error = CreateContactInput::builder()
        .channel("TASK")
        .build()
        .unwrap_err();
    assert_eq!(error.shape(), "CreateContactInput");
    assert_eq!(error.missing_members(), ["InstanceId", "InitiationMethod"]);
    assert_eq!(
        error.to_string(),
        "cannot build CreateContactInput: missing required members InstanceId, InitiationMethod"
    );
    let nested = Reference::builder()
        .value("https://example.com")
        .build()
        .unwrap_err();
    assert_eq!(nested.missing_members(), ["Type"]);
}

#[test]
fn debug_redacts_name_and_description() {
    let input = CreateContactInput::builder()
        .instance_id("instance-1")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .name("Jane Customer, account 12345")
        .description("private details")
        .build()
        .unwrap();
    let debug = format!("{input:?}");
    assert!(!debug.contains("Jane"), "{debug}");
    assert!(!debug.contains("private details"), "{debug}");
    assert!(debug.contains("*** Sensitive Data Redacted ***"), "{debug}");
    assert!(debug.contains("instance-1"), "{debug}");
    let builder = format!("{:?}", CreateContactInput::builder().name("Jane"));
    assert!(!builder.contains("Jane"), "{builder}");
}

#[test]
fn unknown_enum_values_round_trip() {
    let channel = Channel::from("SMOKE_SIGNAL");
    assert!(!channel.is_known());
    assert_eq!(channel.as_str(), "SMOKE_SIGNAL");
    assert_eq!(channel.to_string(), "SMOKE_SIGNAL");
    assert!(Channel::try_parse("SMOKE_SIGNAL").is_err());
    assert_eq!(Channel::try_parse("EMAIL"), Ok(Channel::Email));
    let parsed: Channel = "VOICE".parse().unwrap();
    assert_eq!(parsed, Channel::Voice);
    assert_eq!(
        ReferenceType::from("EMAIL_MESSAGE_REDACTED"),
        ReferenceType::EmailMessageRedacted
    );
    assert_eq!(Channel::VALUES, ["VOICE", "CHAT", "TASK", "EMAIL"]);
    let input = CreateContactInput::builder()
        .instance_id("i")
        .channel(channel.clone())
        .initiation_method("SOMETHING_NEW")
        .build()
        .unwrap();
    assert_eq!(input.channel, channel);
    assert_eq!(input.initiation_method.as_str(), "SOMETHING_NEW");
}

/// Five levels: map → list → map → list → string.
fn nested(depth: usize) -> SegmentAttributeValue {
    match depth {
        0 => SegmentAttributeValue::ValueString("leaf".to_owned()),
        d if d % 2 == 1 => {
            SegmentAttributeValue::ValueMap(BTreeMap::from([(format!("level{d}"), nested(d - 1))]))
        }
        d => SegmentAttributeValue::ValueList(vec![
            nested(d - 1),
            SegmentAttributeValue::ValueInteger(d as i32),
        ]),
    }
}

#[test]
fn segment_attribute_values_nest_through_maps_and_lists() {
    let value = nested(5);
    let input = CreateContactInput::builder()
        .instance_id("i")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .segment_attributes("connect:Custom", value.clone())
        .segment_attributes(
            "connect:ContactExpiry",
            SegmentAttributeValue::ValueMap(BTreeMap::from([(
                "ExpiryDuration".to_owned(),
                SegmentAttributeValue::ValueInteger(135),
            )])),
        )
        .build()
        .unwrap();
    let attributes = input.segment_attributes.as_ref().unwrap();
    assert_eq!(attributes.len(), 2);
    let mut current = &attributes["connect:Custom"];
    let mut depth = 5;
    loop {
        current = match current {
            SegmentAttributeValue::ValueMap(map) => map.values().next().unwrap(),
            SegmentAttributeValue::ValueList(list) => &list[0],
            SegmentAttributeValue::ValueString(text) => {
                assert_eq!(text, "leaf");
                break;
            }
            other => panic!("unexpected {other:?}"),
        };
        depth -= 1;
    }
    assert_eq!(depth, 0);
    assert_eq!(value.member_name(), "ValueMap");
    assert!(nested(0).as_value_string().is_some());
    assert_eq!(input.clone(), input);
}

#[test]
fn error_enum_reports_codes_and_keeps_unmodelled_errors() {
    let error = CreateContactError::Unhandled(UnhandledError::new(
        Some("BrandNewException".to_owned()),
        Some("something new".to_owned()),
        418,
        Some("req-1".to_owned()),
    ));
    assert_eq!(error.code(), "BrandNewException");
    assert_eq!(error.message(), Some("something new"));
    assert_eq!(error.http_status(), 418);
    assert_eq!(connect_sdk::error::ThrottlingException::HTTP_STATUS, 429);
    assert_eq!(
        connect_sdk::error::ServiceQuotaExceededException::CODE,
        "ServiceQuotaExceededException"
    );
    let throttled = connect_sdk::error::ThrottlingException::builder()
        .message("slow down")
        .build();
    assert_eq!(throttled.to_string(), "ThrottlingException: slow down");
    let input = minimal();
    assert_eq!(
        input.client_token, None,
        "an unset idempotency token stays unset until the call fills it"
    );
}

#[test]
fn enum_values_are_ordered_by_wire_value_whatever_the_model_order() {
    use connect_sdk::types::Channel;
    // The model lists VOICE, CHAT, TASK, EMAIL; the order is the values' own.
    let mut values: Vec<Channel> = ["VOICE", "CHAT", "TASK", "EMAIL", "AAA", "ZZZ"]
        .into_iter()
        .map(Channel::from)
        .collect();
    values.sort();
    let sorted: Vec<&str> = values.iter().map(Channel::as_str).collect();
    assert_eq!(sorted, ["AAA", "CHAT", "EMAIL", "TASK", "VOICE", "ZZZ"]);
    assert!(Channel::Chat < Channel::Voice);
}
