//! Differential tests against botocore (installed from PyPI by the test setup): thousands of random
//! CreateContact inputs, serialized by us and by botocore's `rest-json` serializer, must give the
//! same method, path, content type and body. Parameters are handed to botocore in model order with
//! map keys sorted, the order our serializer writes, so the bodies must match byte for byte.
//! Random invalid inputs: every violation botocore reports, we report at the same path.

use connect_sdk::operations::create_contact::{self, CreateContactInput};
use connect_sdk::types::{
    Channel, ContactInitiationMethod, InitiateAs, Reference, ReferenceStatus, ReferenceType,
    SegmentAttributeValue, UserInfo,
};
use connect_tests::oracle::Oracle;
use connect_tests::upstream;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Characters that stress escaping: control characters, quotes, backslashes, DEL, non-ASCII and
/// astral characters, plus ordinary ones.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => any::<char>(),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => prop_oneof![Just('"'), Just('\\'), Just('\u{7f}'), Just('/'), Just('é'), Just('😀'), Just('\u{2028}')],
    ]
}

fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any_char(), min..=max).prop_map(String::from_iter)
}

fn arn() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[-:/A-Za-z0-9]{20,40}").expect("regex")
}

fn integer() -> impl Strategy<Value = i32> {
    prop_oneof![
        any::<i32>(),
        Just(i32::MIN),
        Just(i32::MAX),
        Just(0),
        Just(-1)
    ]
}

/// A known enum value or, now and then, one the model does not know.
fn enum_text(values: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        5 => proptest::sample::select(values).prop_map(str::to_owned),
        1 => proptest::string::string_regex("[A-Z_]{1,12}").expect("regex"),
    ]
}

/// Splits generated entries into the typed map and botocore's parameter object.
fn split_entries<T>(
    entries: BTreeMap<String, (T, Value)>,
) -> (BTreeMap<String, T>, Map<String, Value>) {
    let mut typed = BTreeMap::new();
    let mut params = Map::new();
    for (key, (value, param)) in entries {
        params.insert(key.clone(), param);
        typed.insert(key, value);
    }
    (typed, params)
}

/// A segment attribute value with its botocore parameter form, nested up to five levels.
fn segment_value() -> impl Strategy<Value = (SegmentAttributeValue, Value)> {
    let leaf = prop_oneof![
        text(0, 20).prop_map(|s| (
            SegmentAttributeValue::ValueString(s.clone()),
            json!({ "ValueString": s })
        )),
        integer().prop_map(|i| (
            SegmentAttributeValue::ValueInteger(i),
            json!({ "ValueInteger": i })
        )),
        arn().prop_map(|s| (
            SegmentAttributeValue::ValueArn(s.clone()),
            json!({ "ValueArn": s })
        )),
    ];
    leaf.prop_recursive(5, 40, 3, |inner| {
        prop_oneof![
            proptest::collection::btree_map(text(1, 8), inner.clone(), 0..3).prop_map(|entries| {
                let (typed, params) = split_entries(entries);
                (
                    SegmentAttributeValue::ValueMap(typed),
                    json!({ "ValueMap": params }),
                )
            }),
            proptest::collection::vec(inner, 0..3).prop_map(|items| {
                let (typed, params): (Vec<_>, Vec<_>) = items.into_iter().unzip();
                (
                    SegmentAttributeValue::ValueList(typed),
                    json!({ "ValueList": params }),
                )
            }),
        ]
    })
}

fn reference() -> impl Strategy<Value = (Reference, Value)> {
    (
        proptest::option::of(text(0, 30)),
        enum_text(ReferenceType::VALUES),
        proptest::option::of(enum_text(ReferenceStatus::VALUES)),
        proptest::option::of(arn()),
        proptest::option::of(text(0, 20)),
    )
        .prop_map(|(value, kind, status, arn, reason)| {
            let mut params = Map::new();
            if let Some(v) = &value {
                params.insert("Value".into(), json!(v));
            }
            params.insert("Type".into(), json!(kind));
            if let Some(v) = &status {
                params.insert("Status".into(), json!(v));
            }
            if let Some(v) = &arn {
                params.insert("Arn".into(), json!(v));
            }
            if let Some(v) = &reason {
                params.insert("StatusReason".into(), json!(v));
            }
            let typed = Reference::builder()
                .set_value(value)
                .r#type(kind.as_str())
                .set_status(status.as_deref().map(ReferenceStatus::from))
                .set_arn(arn)
                .set_status_reason(reason)
                .build()
                .expect("Type is set");
            (typed, Value::Object(params))
        })
}

/// A valid CreateContact input and its parameters in botocore's form, in model order.
fn valid_input() -> impl Strategy<Value = (CreateContactInput, Value)> {
    let head = (
        text(1, 40),
        text(1, 40),
        proptest::option::of(text(1, 30)),
        proptest::option::of(proptest::collection::btree_map(
            text(1, 10),
            text(0, 20),
            0..4,
        )),
        proptest::option::of(proptest::collection::btree_map(
            text(1, 10),
            reference(),
            0..3,
        )),
        enum_text(Channel::VALUES),
        enum_text(ContactInitiationMethod::VALUES),
    );
    let tail = (
        proptest::option::of(integer()),
        proptest::option::of(proptest::option::of(text(1, 20))),
        proptest::option::of(enum_text(InitiateAs::VALUES)),
        proptest::option::of(text(0, 50)),
        proptest::option::of(text(0, 80)),
        proptest::option::of(proptest::collection::btree_map(
            text(1, 12),
            segment_value(),
            0..4,
        )),
        proptest::option::of(text(1, 30)),
    );
    (head, tail).prop_map(|(head, tail)| {
        let (instance, token, related, attributes, references, channel, method) = head;
        let (expiry, user, initiate_as, name, description, segments, previous) = tail;
        let mut params = Map::new();
        params.insert("InstanceId".into(), json!(instance));
        params.insert("ClientToken".into(), json!(token));
        if let Some(v) = &related {
            params.insert("RelatedContactId".into(), json!(v));
        }
        if let Some(v) = &attributes {
            params.insert("Attributes".into(), json!(v));
        }
        let references = references.map(|entries| {
            let (typed, refs) = split_entries(entries);
            params.insert("References".into(), Value::Object(refs));
            typed
        });
        params.insert("Channel".into(), json!(channel));
        params.insert("InitiationMethod".into(), json!(method));
        if let Some(v) = expiry {
            params.insert("ExpiryDurationInMinutes".into(), json!(v));
        }
        let user = user.map(|id| {
            let mut info = Map::new();
            if let Some(id) = &id {
                info.insert("UserId".into(), json!(id));
            }
            params.insert("UserInfo".into(), Value::Object(info));
            UserInfo::builder().set_user_id(id).build()
        });
        if let Some(v) = &initiate_as {
            params.insert("InitiateAs".into(), json!(v));
        }
        if let Some(v) = &name {
            params.insert("Name".into(), json!(v));
        }
        if let Some(v) = &description {
            params.insert("Description".into(), json!(v));
        }
        let segments = segments.map(|entries| {
            let (typed, values) = split_entries(entries);
            params.insert("SegmentAttributes".into(), Value::Object(values));
            typed
        });
        if let Some(v) = &previous {
            params.insert("PreviousContactId".into(), json!(v));
        }
        let input = CreateContactInput::builder()
            .instance_id(instance)
            .client_token(token)
            .set_related_contact_id(related)
            .set_attributes(attributes)
            .set_references(references)
            .channel(channel.as_str())
            .initiation_method(method.as_str())
            .set_expiry_duration_in_minutes(expiry)
            .set_user_info(user)
            .set_initiate_as(initiate_as.as_deref().map(InitiateAs::from))
            .set_name(name)
            .set_description(description)
            .set_segment_attributes(segments)
            .set_previous_contact_id(previous)
            .build()
            .expect("required members are set");
        (input, Value::Object(params))
    })
}

/// The botocore serializer and validator, over botocore's own Connect model.
fn start_oracle() -> Oracle {
    let model = upstream().join("models/connect-2017-08-08.botocore.json");
    Oracle::start("botocore_oracle.py", &[model.as_os_str()])
}

#[test]
fn serialization_matches_botocore_for_random_inputs() {
    let mut runner = TestRunner::deterministic();
    let strategy = valid_input();
    let mut oracle = start_oracle();
    let cases = 2000;
    for case in 0..cases {
        let (input, params) = strategy.new_tree(&mut runner).expect("generate").current();
        let answer = oracle.ask(&json!({ "params": params }));
        assert_eq!(
            answer["violations"],
            json!([]),
            "case {case}: botocore refused a valid input: {params}"
        );
        input
            .validate()
            .unwrap_or_else(|e| panic!("case {case}: we refused a valid input: {e}\n{params}"));
        let request = create_contact::serialize_request(&input).expect("serialize");
        assert_eq!(request.method, answer["method"], "case {case}");
        assert_eq!(request.uri, answer["path"], "case {case}");
        assert_eq!(answer["query"], json!({}), "case {case}");
        assert_eq!(
            request.header("Content-Type"),
            answer["content_type"].as_str(),
            "case {case}"
        );
        let ours = String::from_utf8(request.body.clone()).expect("UTF-8 body");
        let theirs = answer["body"].as_str().expect("botocore body");
        let ours_parsed: Value = serde_json::from_str(&ours).expect("our body is JSON");
        let theirs_parsed: Value = serde_json::from_str(theirs).expect("botocore body is JSON");
        assert_eq!(
            ours_parsed, theirs_parsed,
            "case {case}: bodies differ as JSON\nparams: {params}"
        );
        assert_eq!(
            ours, theirs,
            "case {case}: bodies differ in bytes\nparams: {params}"
        );
    }
}

/// The object member `name` of the parameters, added empty when absent.
fn member_object<'a>(params: &'a mut Value, name: &str) -> &'a mut Value {
    params
        .as_object_mut()
        .expect("parameters are an object")
        .entry(name)
        .or_insert_with(|| json!({}))
}

/// Replaces one part of a valid input with a value that breaks a constraint; returns the input and
/// its parameters.
fn invalid_input() -> impl Strategy<Value = (CreateContactInput, Value)> {
    (valid_input(), 0..6usize, text(129, 140), text(1025, 1030)).prop_map(
        |((mut input, mut params), which, long_key, long_text)| {
            match which {
                0 => {
                    input.instance_id = String::new();
                    params["InstanceId"] = json!("");
                }
                1 => {
                    let nested = SegmentAttributeValue::ValueMap(BTreeMap::from([(
                        String::new(),
                        SegmentAttributeValue::ValueInteger(1),
                    )]));
                    input
                        .segment_attributes
                        .get_or_insert_with(BTreeMap::new)
                        .insert("k".into(), nested);
                    let map = member_object(&mut params, "SegmentAttributes");
                    map["k"] = json!({ "ValueMap": { "": { "ValueInteger": 1 } } });
                }
                2 => {
                    input
                        .segment_attributes
                        .get_or_insert_with(BTreeMap::new)
                        .insert(
                            long_key.clone(),
                            SegmentAttributeValue::ValueString("x".into()),
                        );
                    let map = member_object(&mut params, "SegmentAttributes");
                    map[long_key.as_str()] = json!({ "ValueString": "x" });
                }
                3 => {
                    input.related_contact_id = Some(String::new());
                    params["RelatedContactId"] = json!("");
                }
                4 => {
                    input.user_info = Some(UserInfo::builder().user_id("").build());
                    params["UserInfo"] = json!({ "UserId": "" });
                }
                _ => {
                    input.name = Some(long_text.clone());
                    params["Name"] = json!(long_text);
                    input
                        .attributes
                        .get_or_insert_with(BTreeMap::new)
                        .insert(String::new(), "v".into());
                    let map = member_object(&mut params, "Attributes");
                    map[""] = json!("v");
                }
            }
            (input, params)
        },
    )
}

#[test]
fn validation_reports_every_violation_botocore_reports() {
    let mut runner = TestRunner::deterministic();
    let strategy = invalid_input();
    let mut oracle = start_oracle();
    let cases = 1000;
    let mut botocore_total = 0;
    for case in 0..cases {
        let (input, params) = strategy.new_tree(&mut runner).expect("generate").current();
        let answer = oracle.ask(&json!({ "params": params }));
        let ours: Vec<String> = match input.validate() {
            Ok(()) => Vec::new(),
            Err(error) => error.violations.iter().map(|v| v.path.clone()).collect(),
        };
        assert!(
            !ours.is_empty(),
            "case {case}: we accepted an invalid input\n{params}"
        );
        for violation in answer["violations"].as_array().expect("violations") {
            botocore_total += 1;
            let path = violation["path"].as_str().expect("path");
            assert!(
                ours.iter().any(|p| p == path),
                "case {case}: botocore reports `{}` at `{path}`, we report {ours:?}\n{params}",
                violation["reason"]
            );
        }
    }
    // botocore checks minimums only: five of the six kinds of breakage are its to see.
    assert!(
        botocore_total >= cases / 2,
        "botocore should report most of these violations too ({botocore_total})"
    );
}

#[test]
fn an_unset_client_token_is_filled_once_with_a_uuid() {
    let mut input = CreateContactInput::builder()
        .instance_id("i")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .build()
        .unwrap();
    let first = create_contact::serialize_request(&input).unwrap();
    let second = create_contact::serialize_request(&input).unwrap();
    assert_ne!(
        first.body, second.body,
        "each unfilled call gets a fresh token"
    );
    create_contact::fill_idempotency_tokens(&mut input);
    let token = input.client_token.clone().expect("filled");
    assert_eq!(token.len(), 36);
    create_contact::fill_idempotency_tokens(&mut input);
    assert_eq!(
        input.client_token.as_deref(),
        Some(token.as_str()),
        "filling twice keeps the token"
    );
    let body = String::from_utf8(create_contact::serialize_request(&input).unwrap().body).unwrap();
    assert!(body.contains(&token));
}
