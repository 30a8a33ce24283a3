//! Our SigV4 signatures equal botocore's for the same requests, credentials and clock.

use connect_runtime::credentials::Credentials;
use connect_runtime::primitives::DateTime;
use connect_runtime::sigv4::{Signer, SigningSettings};
use connect_sdk::operations::create_contact::{self, CreateContactInput};
use connect_sdk::types::SegmentAttributeValue;
use connect_tests::oracle::Oracle;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
struct Case {
    instance: String,
    name: String,
    segment: String,
    region: &'static str,
    token: Option<String>,
    time: i64,
    extra_header: Option<(String, String)>,
    query: Option<(String, String)>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        "[a-z0-9-]{1,36}",
        any::<String>(),
        "\\PC{0,12}",
        proptest::sample::select(
            &[
                "us-east-1",
                "eu-west-2",
                "ap-southeast-2",
                "cn-north-1",
                "us-gov-west-1",
            ][..],
        ),
        proptest::option::of("[A-Za-z0-9/+=]{16,64}"),
        0i64..4_102_444_800,
        proptest::option::of(("x-amz-[a-z]{1,10}", "[ -~]{0,20}")),
        proptest::option::of(("[A-Za-z0-9 ~&=%é]{1,8}", "[A-Za-z0-9 ~&=%é/]{0,8}")),
    )
        .prop_map(
            |(instance, name, segment, region, token, time, extra_header, query)| Case {
                instance,
                name,
                segment,
                region,
                token,
                time,
                extra_header,
                query,
            },
        )
}

#[test]
fn signatures_match_botocore() {
    let mut oracle = Oracle::start("botocore_signer.py", &[]);
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    for index in 0..500 {
        let case = strategy.new_tree(&mut runner).expect("case").current();
        let input = CreateContactInput::builder()
            .instance_id(case.instance.clone())
            .client_token("6f5f7e0c-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
            .channel("TASK")
            .initiation_method("API")
            .name(case.name.clone())
            .segment_attributes(
                "k",
                SegmentAttributeValue::ValueString(case.segment.clone()),
            )
            .build()
            .unwrap();
        let request = create_contact::serialize_request(&input).unwrap();
        let host = format!("connect.{}.amazonaws.com", case.region);
        let mut uri = request.uri.clone();
        if let Some((key, value)) = &case.query {
            uri = format!(
                "{uri}?{}={}",
                connect_runtime::encoding::percent::encode(key),
                connect_runtime::encoding::percent::encode(value)
            );
        }
        let mut headers: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-length"))
            .cloned()
            .collect();
        headers.push(("Host".to_owned(), host.clone()));
        if let Some((name, value)) = &case.extra_header {
            headers.push((name.clone(), value.clone()));
        }
        let botocore_headers: Vec<Value> = headers.iter().map(|(k, v)| json!([k, v])).collect();
        let body = String::from_utf8(request.body.clone()).unwrap();
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        let credentials = Credentials::new("AKIDEXAMPLE", secret, case.token.clone(), None, "test");
        let signer = Signer::new(case.region, "connect", SigningSettings::default());
        let mut signed = headers.clone();
        let ours = signer.sign(
            request.method,
            &uri,
            &mut signed,
            &request.body,
            &credentials,
            DateTime::from_secs(case.time),
        );
        let question = json!({
            "method": request.method,
            "url": format!("https://{host}{uri}"),
            "headers": botocore_headers,
            "body": body,
            "access_key": "AKIDEXAMPLE",
            "secret_key": secret,
            "token": case.token,
            "region": case.region,
            "service": "connect",
            "time": case.time,
        });
        let answer = oracle.ask(&question);
        assert_eq!(
            ours.canonical_request,
            answer["canonical_request"].as_str().unwrap(),
            "case {index}: canonical requests differ for {case:?}"
        );
        assert_eq!(
            ours.authorization,
            answer["authorization"].as_str().unwrap(),
            "case {index}: {case:?}"
        );
    }
}
