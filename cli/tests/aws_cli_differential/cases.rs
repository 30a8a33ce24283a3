//! The hand-picked cases, the deliberate differences and the printing cases.

use super::*;
use serde_json::json;
use std::path::Path;

pub(crate) fn error_response(status: u16, code: &str, message: &str) -> Canned {
    Canned {
        status,
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Amzn-ErrorType".to_owned(), code.to_owned()),
            ("X-Amzn-RequestId".to_owned(), "req-1".to_owned()),
        ],
        body: json!({ "Message": message }).to_string(),
    }
}

/// The hand-picked cases: every option of the seed, quoting, files, bad input of each kind,
/// output formats and queries, every modelled error and an unmodelled one.
pub(crate) fn edge_cases(files: &Path) -> Vec<Case> {
    let mut cases = vec![
        case("required only", &[]),
        case("client token", &["--client-token", "token-123"]),
        case("related contact", &["--related-contact-id", "rel-1"]),
        case("attributes shorthand", &["--attributes", "k1=v1,k2=v2"]),
        case(
            "attributes spaces",
            &["--attributes", " k1 = v1 , k2 = v2 "],
        ),
        case("attributes escaped comma", &["--attributes", r"k=a\,b"]),
        case("attributes quoted", &["--attributes", "k='a,b',j=\"c,d\""]),
        case(
            "attributes quote escapes",
            &["--attributes", r#"k='it\'s',j="say \"hi\"""#],
        ),
        case("attributes a=x=y", &["--attributes", "a=x=y"]),
        case("attributes empty value", &["--attributes", "a="]),
        case(
            "attributes json",
            &["--attributes", r#"{"k": "v", "é": "ü"}"#],
        ),
        case("attributes key chars", &["--attributes", "a-b_c.d#e/f:g=1"]),
        case(
            "references shorthand",
            &["--references", "k={Value=https://x/a?b=c,Type=URL}"],
        ),
        case(
            "references json",
            &["--references", r#"{"k": {"Value": "v", "Type": "STRING"}}"#],
        ),
        case(
            "references two",
            &[
                "--references",
                "a={Value=1,Type=NUMBER},b={Value=x,Type=EMAIL}",
            ],
        ),
        case(
            "channel voice",
            &["--channel", "VOICE", "--initiation-method", "TRANSFER"],
        ),
        case("unknown enum value", &["--channel", "FAX"]),
        case("expiry", &["--expiry-duration-in-minutes", "135"]),
        case("expiry negative", &["--expiry-duration-in-minutes", "-5"]),
        case("expiry spaces", &["--expiry-duration-in-minutes", " 12 "]),
        case("user info shorthand", &["--user-info", "UserId=user-1"]),
        case(
            "user info json",
            &["--user-info", r#"{"UserId": "user-1"}"#],
        ),
        case("initiate as", &["--initiate-as", "COMPLETED"]),
        case(
            "name and description",
            &["--name", "Follow up", "--description", "Call back"],
        ),
        case("unicode name", &["--name", "Café ☕ 日本 \u{1F600}"]),
        case(
            "control characters",
            &["--description", "line1\nline2\ttab\u{7}"],
        ),
        case("name equals form", &["--name=-starts-with-dash"]),
        case(
            "segment expiry",
            &[
                "--segment-attributes",
                "connect:ContactExpiry={ValueMap={ExpiryDuration={ValueInteger=135}}}",
            ],
        ),
        case(
            "segment json deep",
            &[
                "--segment-attributes",
                r#"{"connect:A": {"ValueMap": {"b": {"ValueMap": {"c": {"ValueString": "d"}}}}}}"#,
            ],
        ),
        case(
            "segment list and arn",
            &[
                "--segment-attributes",
                r#"{"connect:L": {"ValueList": [{"ValueString": "x"}, {"ValueInteger": 2}]}, "connect:A": {"ValueArn": "arn:aws:x"}}"#,
            ],
        ),
        case("previous contact", &["--previous-contact-id", "prev-1"]),
        case("output text", &["--output", "text"]),
        case("output table", &["--output", "table"]),
        case("output json", &["--output", "json"]),
        case("query field", &["--query", "ContactId"]),
        case(
            "query hash",
            &["--query", "{id: ContactId, arn: ContactArn}"],
        ),
        case(
            "query list text",
            &["--query", "[ContactId, ContactArn]", "--output", "text"],
        ),
        case(
            "query table",
            &["--query", "{id: ContactId}", "--output", "table"],
        ),
        case("query missing", &["--query", "Nothing"]),
        case("query bad", &["--query", "[["]),
        // Bad input of each kind.
        case("duplicate key", &["--attributes", "a=1,a=2"]),
        case("bad json", &["--attributes", "{bad"]),
        case("type error in map", &["--attributes", r#"{"a": 1}"#]),
        case("list where string", &["--attributes", "a=[1]"]),
        case("missing reference type", &["--references", "k={Value=v}"]),
        case("unknown user info member", &["--user-info", "UserIdd=x"]),
        case("empty instance id", &["--instance-id", ""]),
        case(
            "expiry not a number",
            &["--expiry-duration-in-minutes", "abc"],
        ),
        case("expiry fraction", &["--expiry-duration-in-minutes", "1.5"]),
        case("unknown option", &["--foo", "1"]),
        case("option without value", &["--name"]),
        case("shorthand without equals", &["--user-info", "abc"]),
        case("bad output", &["--output", "xml"]),
        case("empty attributes json", &["--attributes", "{}"]),
        case("empty references", &["--references", "{}"]),
    ];
    let mut missing = words(&["create-contact", "--channel", "TASK"]);
    missing.extend(words(&["--name", "x"]));
    cases.push(Case {
        name: "missing required".to_owned(),
        args: missing,
        response: Canned::json(200, SUCCESS),
        attempts: 1,
        deliberate: None,
    });

    // Values from files.
    let name_file = files.join("name.txt");
    std::fs::write(&name_file, "From a file ✓\nsecond line").unwrap();
    let name_arg = format!("file://{}", name_file.display());
    let json_file = files.join("input.json");
    std::fs::write(
        &json_file,
        r#"{"InstanceId": "inst-file", "Channel": "TASK", "InitiationMethod": "API", "Name": "from json"}"#,
    )
    .unwrap();
    let json_arg = format!("file://{}", json_file.display());
    let attributes_file = files.join("attributes.json");
    std::fs::write(&attributes_file, r#"{"from": "file"}"#).unwrap();
    let attributes_arg = format!("file://{}", attributes_file.display());
    let missing_file = format!("file://{}", files.join("absent.txt").display());
    let owned = |name: &str, args: Vec<String>| Case {
        name: name.to_owned(),
        args,
        response: Canned::json(200, SUCCESS),
        attempts: 1,
        deliberate: None,
    };
    let mut with = |name: &str, extra: Vec<String>| {
        let mut args = required();
        args.extend(extra);
        cases.push(owned(name, args));
    };
    with("name from file", vec!["--name".into(), name_arg.clone()]);
    with(
        "attributes from file",
        vec!["--attributes".into(), attributes_arg],
    );
    with("missing file", vec!["--name".into(), missing_file]);
    with(
        "shorthand value from file",
        vec!["--attributes".into(), format!("a@={name_arg}")],
    );
    cases.push(owned(
        "cli input json file",
        words(&["create-contact", "--cli-input-json"])
            .into_iter()
            .chain([json_arg])
            .collect(),
    ));
    cases.push(owned(
        "cli input json inline with override",
        words(&[
            "create-contact",
            "--cli-input-json",
            r#"{"InstanceId": "doc", "Channel": "EMAIL", "InitiationMethod": "FLOW", "Name": "doc name"}"#,
            "--name",
            "flag name",
        ]),
    ));
    cases.push(owned(
        "cli input json unknown member",
        words(&[
            "create-contact",
            "--cli-input-json",
            r#"{"InstanceId": "doc", "Channel": "TASK", "InitiationMethod": "API", "Bogus": 1}"#,
        ]),
    ));

    // Responses: every modelled error, an unmodelled one, extra members, an empty body.
    for (status, code) in [
        (403, "AccessDeniedException"),
        (500, "InternalServiceException"),
        (400, "InvalidRequestException"),
        (400, "InvalidParameterException"),
        (404, "ResourceNotFoundException"),
        (429, "ThrottlingException"),
        (409, "IdempotencyException"),
        (409, "ConflictException"),
        (402, "ServiceQuotaExceededException"),
        (400, "SomethingNewException"),
    ] {
        let mut c = case(&format!("error {code}"), &[]);
        c.response = error_response(status, code, &format!("{code} happened"));
        // Throttling and 5xx are retried: three attempts, the same token on each.
        c.attempts = 3;
        cases.push(c);
    }
    let mut empty = case("empty response body", &[]);
    empty.response = Canned::json(200, "");
    cases.push(empty);
    cases.extend(response_cases());

    // Deliberate differences.
    const EVERYTHING: &[Field] = &[
        Field::Requests,
        Field::Stdout,
        Field::Stderr,
        Field::ExitStatus,
    ];
    for (name, value) in [
        ("tagged union with no member", "a={}"),
        (
            "tagged union with two members",
            "a={ValueString=x,ValueInteger=1}",
        ),
    ] {
        let mut union = case(name, &["--segment-attributes", value]);
        union.deliberate = Some(Deliberate {
            fields: EVERYTHING,
            reason: "SegmentAttributeValue is a tagged union (one member exactly); the AWS CLI v1 sends any number",
            ours: Some(refuses_the_union),
        });
        cases.push(union);
    }
    // botocore's message for a shorthand syntax error holds the literal
    // `{self._error_location()}`; the lines compared (the error's first) agree.
    cases.push(case("shorthand syntax error", &["--user-info", "a={b=c"]));
    let mut yaml = case("output yaml", &["--output", "yaml"]);
    yaml.deliberate = Some(Deliberate {
        fields: EVERYTHING,
        reason: "yaml output is AWS CLI v2's; v1 refuses the choice",
        ours: Some(prints_yaml),
    });
    cases.push(yaml);
    let mut skeleton = case("skeleton", &["--generate-cli-skeleton"]);
    skeleton.deliberate = Some(Deliberate {
        fields: &[Field::Stdout],
        reason: "the AWS CLI v1 fills enums with random values; the first value is shown here",
        ours: None,
    });
    cases.push(skeleton);
    cases
}

/// Ours refuses a tagged union without exactly one member before sending anything.
pub(crate) fn refuses_the_union(
    ours: &Outcome,
    requests: &[support::Captured],
) -> Result<(), String> {
    let refused = ours.code == 252
        && requests.is_empty()
        && ours
            .stderr
            .contains("Invalid number of parameters set for tagged union structure");
    refused.then_some(()).ok_or_else(|| {
        format!(
            "ours: exit {}, {} requests, stderr {:?}",
            ours.code,
            requests.len(),
            ours.stderr
        )
    })
}

/// Ours sends the request once and prints the response as YAML.
pub(crate) fn prints_yaml(ours: &Outcome, requests: &[support::Captured]) -> Result<(), String> {
    let printed = ours.code == 0
        && requests.len() == 1
        && ours.stdout.contains("ContactId: c-0001\n")
        && ours.stdout.contains("ContactArn: arn:aws:connect:");
    printed.then_some(()).ok_or_else(|| {
        format!(
            "ours: exit {}, {} requests, stdout {:?}",
            ours.code,
            requests.len(),
            ours.stdout
        )
    })
}

/// A DescribeContact invocation with these extra words.
pub(crate) fn describe(name: &str, extra: &[&str], body: &str) -> Case {
    let mut args = words(&[
        "describe-contact",
        "--instance-id",
        "inst-1",
        "--contact-id",
        "c-1",
    ]);
    args.extend(words(extra));
    Case {
        name: name.to_owned(),
        args,
        response: Canned::json(200, body),
        attempts: 1,
        deliberate: None,
    }
}

/// How a response is printed: unmodelled and null members, empty objects, queries that select
/// nothing, display widths, errors the model does not know, skeletons of the output, and
/// DescribeContact, in each output format the AWS CLI v1 has.
pub(crate) fn response_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let formats = ["json", "text", "table"];
    let bodies = [
        (
            "unmodelled member",
            r#"{"ContactId":"c-2","ContactArn":"arn:x","Surprise":{"b":1,"a":[true,null]},"ignored":"v"}"#,
        ),
        ("null member", r#"{"ContactArn":"arn:y","ContactId":null}"#),
        ("empty object", "{}"),
        (
            "accented text",
            r#"{"ContactId":"caf\u00e9-cr\u00e8me-\u00fc","ContactArn":"arn:\u00e9t\u00e9"}"#,
        ),
        (
            "CJK text",
            r#"{"ContactId":"\u4e2d\u6587\u5951\u7d04","ContactArn":"arn:\u65e5\u672c\u8a9e\uff21"}"#,
        ),
        (
            "emoji text",
            r#"{"ContactId":"\ud83d\ude00 smile","ContactArn":"arn:\ud83d\ude80\u2615"}"#,
        ),
    ];
    for (what, body) in bodies {
        for format in formats {
            let mut c = case(&format!("{what}, {format}"), &["--output", format]);
            c.response = Canned::json(200, body);
            cases.push(c);
        }
    }
    for format in formats {
        cases.push(case(
            &format!("query selecting nothing, {format}"),
            &["--query", "Missing", "--output", format],
        ));
        cases.push(case(
            &format!("query selecting a list with nothing, {format}"),
            &["--query", "[ContactId, Missing]", "--output", format],
        ));
        cases.push(case(
            &format!("output skeleton, {format}"),
            &["--generate-cli-skeleton", "output", "--output", format],
        ));
    }
    cases.push(case(
        "output skeleton under --query",
        &["--generate-cli-skeleton", "output", "--query", "ContactArn"],
    ));
    let unknown_errors = [
        (
            "HTML 502",
            502,
            "text/html",
            "<html><body><b>Bad Gateway</b></body></html>",
        ),
        ("empty 503", 503, "text/plain", ""),
        ("non-JSON 400", 400, "text/plain", "something went wrong"),
        (
            "lower-case message",
            400,
            "application/json",
            r#"{"message":"lower case"}"#,
        ),
        (
            "lower-case message of a modelled error",
            400,
            "application/json",
            r#"{"__type":"InvalidRequestException","message":"lower case"}"#,
        ),
        (
            "code key and both messages",
            400,
            "application/json",
            r#"{"Message":"upper","code":"com.amazonaws.connect#InvalidParameterException:x","message":"lower"}"#,
        ),
    ];
    for (what, status, content_type, body) in unknown_errors {
        let mut c = case(&format!("unknown error: {what}"), &[]);
        c.response = Canned {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.to_owned(),
        };
        // 5xx answers are retried: three attempts.
        c.attempts = if status >= 500 { 3 } else { 1 };
        cases.push(c);
    }
    let contact = r#"{"Contact":{"Arn":"arn:c","Id":"c-1","Name":"Caf\u00e9","Channel":"TASK","InitiationMethod":"API","InitiationTimestamp":1796540559.123,"LastUpdateTimestamp":1796540560,"Description":null,"Unknown":{"x":1},"SegmentAttributes":{"connect:Subtype":{"ValueString":"connect:Guide"}}}}"#;
    for format in formats {
        cases.push(describe(
            &format!("describe-contact, {format}"),
            &["--output", format],
            contact,
        ));
    }
    cases.push(describe(
        "describe-contact with a query",
        &["--query", "Contact.[Id, Name, Channel]", "--output", "text"],
        contact,
    ));
    let mut missing = describe("describe-contact of a missing contact", &[], "");
    missing.response = error_response(404, "ResourceNotFoundException", "Contact not found");
    cases.push(missing);
    cases
}
