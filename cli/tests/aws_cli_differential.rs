//! `connect create-contact` against `aws connect create-contact` (AWS CLI v1 from PyPI): both run
//! the same invocations against a capture server on 127.0.0.1, and for each we compare whether a
//! request was sent, its method, path and JSON body, whether its signature is valid, what was
//! printed on stdout, the key lines of stderr, and the exit status (v1's mapped to v2's).
//!
//! Every difference is a failure unless the case is listed with the reason it is deliberate.

mod support;

use connect_test_support::Rng;
use serde_json::{json, Map, Value};
use std::path::Path;
use support::{base_env, connect, scratch, AwsCli, Canned, CaptureServer, Outcome, Signed};

const CHANNELS: &[&str] = connect_sdk::types::Channel::VALUES;
const METHODS: &[&str] = connect_sdk::types::ContactInitiationMethod::VALUES;
const REFERENCE_TYPES: &[&str] = &["URL", "ATTACHMENT", "NUMBER", "STRING", "DATE", "EMAIL"];
const SUCCESS: &str = r#"{"ContactId":"c-0001","ContactArn":"arn:aws:connect:us-east-1:111122223333:instance/i/contact/c-0001"}"#;

/// One invocation of both commands.
struct Case {
    name: String,
    args: Vec<String>,
    response: Canned,
    /// Attempts per call (1 unless the case exercises retries).
    attempts: u32,
    /// Where and why the two commands differ here on purpose, for a case where they do.
    deliberate: Option<Deliberate>,
}

/// What the commands' outcomes are compared on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    /// The requests sent (count, line, body, signature, client tokens).
    Requests,
    Stdout,
    Stderr,
    ExitStatus,
}

/// A check of our side alone: our outcome and the requests we sent.
type OurSide = fn(&Outcome, &[support::Captured]) -> Result<(), String>;

/// A deliberate difference: the fields that differ (everything else is compared as for any
/// case, and each field named must really differ), why, and a check of our side alone.
struct Deliberate {
    fields: &'static [Field],
    reason: &'static str,
    /// What our command must do instead (for a case where the whole outcome differs).
    ours: Option<OurSide>,
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_owned()).collect()
}

fn required() -> Vec<String> {
    words(&[
        "create-contact",
        "--instance-id",
        "inst-1",
        "--channel",
        "TASK",
        "--initiation-method",
        "API",
    ])
}

fn case(name: &str, extra: &[&str]) -> Case {
    let mut args = required();
    args.extend(words(extra));
    Case {
        name: name.to_owned(),
        args,
        response: Canned::json(200, SUCCESS),
        attempts: 1,
        deliberate: None,
    }
}

fn error_response(status: u16, code: &str, message: &str) -> Canned {
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
fn edge_cases(files: &Path) -> Vec<Case> {
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
fn refuses_the_union(ours: &Outcome, requests: &[support::Captured]) -> Result<(), String> {
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
fn prints_yaml(ours: &Outcome, requests: &[support::Captured]) -> Result<(), String> {
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
fn describe(name: &str, extra: &[&str], body: &str) -> Case {
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
fn response_cases() -> Vec<Case> {
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

/// Random names for the generated inputs.
trait RandomWords {
    fn id(&mut self) -> String;
    fn key(&mut self) -> String;
    fn text(&mut self) -> String;
}

impl RandomWords for Rng {
    fn id(&mut self) -> String {
        let chars = b"abcdefghijklmnopqrstuvwxyz0123456789-";
        let len = 1 + self.below(20);
        let mut out: String = (0..len)
            .map(|_| chars[self.below(chars.len())] as char)
            .collect();
        if out.starts_with('-') {
            out.replace_range(0..1, "a");
        }
        out
    }

    fn key(&mut self) -> String {
        let chars = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        let len = 1 + self.below(12);
        (0..len)
            .map(|_| chars[self.below(chars.len())] as char)
            .collect()
    }

    /// Text of every kind: ASCII, accents, CJK, emoji, quotes, commas, equals, brackets.
    fn text(&mut self) -> String {
        let pieces = [
            "hello",
            "Wörld",
            "日本語",
            "☕",
            "\u{1F680}",
            " ",
            "a,b",
            "x=y",
            "[1]",
            "{k}",
            "'",
            "\"",
            "tab\there",
            "-",
            "é",
            "100%",
            "#tag",
            "/path",
            "null",
            "true",
            "  padded  ",
        ];
        let count = 1 + self.below(4);
        let text: String = (0..count)
            .map(|_| pieces[self.below(pieces.len())])
            .collect();
        text
    }
}

/// Shorthand for a string value: double-quoted, with `\` and `"` escaped.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A value of SegmentAttributeValue with exactly one member, to `depth` levels.
fn segment_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 2 } else { 4 }) {
        0 => json!({ "ValueString": rng.text() }),
        1 => json!({ "ValueInteger": rng.below(1000) as i64 - 100 }),
        2 => {
            let mut map = Map::new();
            for _ in 0..1 + rng.below(2) {
                map.insert(rng.key(), segment_value(rng, depth - 1));
            }
            json!({ "ValueMap": map })
        }
        _ => {
            json!({ "ValueList": (0..1 + rng.below(2)).map(|_| segment_value(rng, depth - 1)).collect::<Vec<_>>() })
        }
    }
}

/// Shorthand of a JSON value the generator makes (objects, strings, integers, lists).
fn shorthand_of(value: &Value) -> String {
    match value {
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k}={}", shorthand_of(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(shorthand_of).collect::<Vec<_>>().join(",")
        ),
        Value::String(text) => quoted(text),
        other => other.to_string(),
    }
}

/// The top level of a map or structure in shorthand (without the outer braces).
fn top_shorthand(value: &Value) -> String {
    let text = shorthand_of(value);
    text[1..text.len() - 1].to_owned()
}

/// A random valid invocation, passing each value one of the ways the command takes it.
fn random_case(rng: &mut Rng, index: usize, files: &Path) -> Case {
    let mut input = Map::new();
    input.insert("InstanceId".into(), json!(rng.id()));
    if rng.chance(30) {
        input.insert("ClientToken".into(), json!(rng.id()));
    }
    if rng.chance(30) {
        input.insert("RelatedContactId".into(), json!(rng.id()));
    }
    if rng.chance(50) {
        let mut map = Map::new();
        for _ in 0..1 + rng.below(3) {
            map.insert(rng.key(), json!(rng.text()));
        }
        input.insert("Attributes".into(), Value::Object(map));
    }
    if rng.chance(40) {
        let mut map = Map::new();
        for _ in 0..1 + rng.below(2) {
            map.insert(
                rng.key(),
                json!({ "Value": rng.text(), "Type": rng.pick(REFERENCE_TYPES) }),
            );
        }
        input.insert("References".into(), Value::Object(map));
    }
    input.insert("Channel".into(), json!(rng.pick(CHANNELS)));
    input.insert("InitiationMethod".into(), json!(rng.pick(METHODS)));
    if rng.chance(40) {
        input.insert(
            "ExpiryDurationInMinutes".into(),
            json!(rng.below(100_000) as i64 - 50),
        );
    }
    if rng.chance(30) {
        input.insert("UserInfo".into(), json!({ "UserId": rng.id() }));
    }
    if rng.chance(30) {
        input.insert("InitiateAs".into(), json!("COMPLETED"));
    }
    if rng.chance(60) {
        input.insert("Name".into(), json!(rng.text()));
    }
    if rng.chance(40) {
        input.insert("Description".into(), json!(rng.text()));
    }
    if rng.chance(40) {
        let mut map = Map::new();
        for _ in 0..1 + rng.below(2) {
            map.insert(format!("connect:{}", rng.key()), segment_value(rng, 2));
        }
        input.insert("SegmentAttributes".into(), Value::Object(map));
    }
    let mut args = vec!["create-contact".to_owned()];
    let way = rng.below(10);
    if way == 0 {
        args.push("--cli-input-json".into());
        args.push(Value::Object(input.clone()).to_string());
    } else if way == 1 {
        let path = files.join(format!("input-{index}.json"));
        std::fs::write(&path, Value::Object(input.clone()).to_string()).unwrap();
        args.push("--cli-input-json".into());
        args.push(format!("file://{}", path.display()));
    } else {
        for (key, value) in &input {
            let option = match key.as_str() {
                "InstanceId" => "--instance-id",
                "ClientToken" => "--client-token",
                "RelatedContactId" => "--related-contact-id",
                "Attributes" => "--attributes",
                "References" => "--references",
                "Channel" => "--channel",
                "InitiationMethod" => "--initiation-method",
                "ExpiryDurationInMinutes" => "--expiry-duration-in-minutes",
                "UserInfo" => "--user-info",
                "InitiateAs" => "--initiate-as",
                "Name" => "--name",
                "Description" => "--description",
                "SegmentAttributes" => "--segment-attributes",
                _ => "--previous-contact-id",
            };
            match value {
                Value::String(text) if rng.chance(15) && !text.contains('\r') => {
                    let path = files.join(format!("value-{index}-{key}.txt"));
                    std::fs::write(&path, text).unwrap();
                    args.push(option.into());
                    args.push(format!("file://{}", path.display()));
                }
                Value::String(text) if text.starts_with('-') => {
                    args.push(format!("{option}={text}"));
                }
                Value::String(text) => {
                    args.push(option.into());
                    args.push(text.clone());
                }
                Value::Number(n) => {
                    args.push(format!("{option}={n}"));
                }
                structured => {
                    args.push(option.into());
                    if rng.chance(50) {
                        args.push(structured.to_string());
                    } else {
                        args.push(top_shorthand(structured));
                    }
                }
            }
        }
    }
    match rng.below(6) {
        0 => args.extend(words(&["--output", "text"])),
        1 => args.extend(words(&["--output", "table"])),
        2 => args.extend(words(&["--query", "ContactArn"])),
        _ => {}
    }
    Case {
        name: format!("random {index}"),
        args,
        response: Canned::json(200, SUCCESS),
        attempts: 1,
        deliberate: None,
    }
}

/// Lines of stderr that carry the message (usage banners and blank lines left out), each without
/// the program's `aws: error: ` or `connect: error: ` lead.
fn key_lines(stderr: &str) -> Vec<String> {
    const KEYS: &[&str] = &[
        "Parameter validation failed",
        "Invalid type for parameter",
        "Invalid length for parameter",
        "Invalid value for parameter",
        "Missing required parameter",
        "Unknown parameter",
        "Invalid number of parameters",
        "An error occurred",
        "Error parsing parameter",
        "Could not connect",
        "the following arguments are required",
        "argument ",
        "Unknown options",
        "Expected:",
        "Second instance",
        "invalid literal",
        "Bad value for --query",
    ];
    stderr
        .lines()
        .map(|line| {
            line.trim_start_matches("aws: error: ")
                .trim_start_matches("connect: error: ")
                .trim()
                .to_owned()
        })
        .filter(|line| KEYS.iter().any(|key| line.starts_with(key)))
        .map(|line| {
            // How the two describe a query or JSON syntax error in detail is their parsers' own.
            if line.starts_with("Bad value for --query") {
                "Bad value for --query".to_owned()
            } else if let Some(at) = line.find("Invalid JSON:") {
                line[..at + "Invalid JSON:".len()].to_owned()
            } else {
                line
            }
        })
        .collect()
}

/// The AWS CLI v1's exit status as v2 reports the same failure.
fn v2_code(v1: &Outcome) -> i32 {
    let usage = [
        "Parameter validation failed",
        "Error parsing parameter",
        "Unknown options",
        "invalid literal for int()",
        "Expected:",
        "Second instance of key",
        "the following arguments are required",
        "Bad value for --query",
    ];
    match v1.code {
        0 => 0,
        2 => 252,
        255 if usage.iter().any(|u| v1.stderr.contains(u)) => 252,
        255 if v1.stderr.contains("An error occurred (") => 254,
        other => other,
    }
}

/// The body as JSON, with a generated idempotency token replaced by a marker.
fn normalized_body(body: &[u8]) -> Value {
    let mut value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    if let Some(token) = value.get_mut("ClientToken") {
        if token
            .as_str()
            .is_some_and(|t| t.len() == 36 && t.chars().filter(|c| *c == '-').count() == 4)
        {
            *token = json!("<generated>");
        }
    }
    value
}

fn compare(
    ours: &Outcome,
    theirs: &Outcome,
    our_requests: &[support::Captured],
    their_requests: &[support::Captured],
) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    if our_requests.len() != their_requests.len() {
        problems.push((
            Field::Requests,
            format!(
                "requests sent: ours {}, AWS CLI {}",
                our_requests.len(),
                their_requests.len()
            ),
        ));
    }
    for (mine, other) in our_requests.iter().zip(their_requests) {
        if mine.method != other.method || mine.target != other.target {
            problems.push((
                Field::Requests,
                format!(
                    "request line: ours {} {}, AWS CLI {} {}",
                    mine.method, mine.target, other.method, other.target
                ),
            ));
        }
        let (a, b) = (normalized_body(&mine.body), normalized_body(&other.body));
        if a != b {
            problems.push((Field::Requests, format!("body: ours {a}, AWS CLI {b}")));
        }
        if !mine.signature_is_valid() {
            problems.push((Field::Requests, "our signature does not verify".to_owned()));
        }
        if !other.signature_is_valid() {
            problems.push((
                Field::Requests,
                "the AWS CLI's signature does not verify".to_owned(),
            ));
        }
    }
    for (who, requests) in [("our", our_requests), ("the AWS CLI's", their_requests)] {
        let tokens: Vec<Value> = requests
            .iter()
            .map(|r| {
                serde_json::from_slice::<Value>(&r.body).unwrap_or(Value::Null)["ClientToken"]
                    .clone()
            })
            .collect();
        if tokens.windows(2).any(|pair| pair[0] != pair[1]) {
            problems.push((
                Field::Requests,
                format!("{who} attempts carry different client tokens: {tokens:?}"),
            ));
        }
    }
    if ours.stdout != theirs.stdout {
        problems.push((
            Field::Stdout,
            format!(
                "stdout: ours {:?}, AWS CLI {:?}",
                ours.stdout, theirs.stdout
            ),
        ));
    }
    let (mine, other) = (key_lines(&ours.stderr), key_lines(&theirs.stderr));
    if mine != other {
        problems.push((
            Field::Stderr,
            format!("stderr: ours {mine:?}, AWS CLI {other:?}"),
        ));
    }
    if ours.code != v2_code(theirs) {
        problems.push((
            Field::ExitStatus,
            format!(
                "exit status: ours {}, AWS CLI {} (v2: {})",
                ours.code,
                theirs.code,
                v2_code(theirs)
            ),
        ));
    }
    problems
}

/// How a case came out: agreement (`None`), a deliberate difference as it should be (its line
/// for the report), or a failure. A deliberate case fails when a field it does not name differs,
/// when a field it names no longer differs, or when our side does not do what it should.
fn judge(
    case: &Case,
    problems: &[(Field, String)],
    ours: &Outcome,
    our_requests: &[support::Captured],
) -> Result<Option<String>, String> {
    let text = |list: &[&(Field, String)]| {
        list.iter()
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    };
    let Some(deliberate) = &case.deliberate else {
        let all: Vec<&(Field, String)> = problems.iter().collect();
        return if all.is_empty() {
            Ok(None)
        } else {
            Err(text(&all))
        };
    };
    let unexpected: Vec<&(Field, String)> = problems
        .iter()
        .filter(|(field, _)| !deliberate.fields.contains(field))
        .collect();
    if !unexpected.is_empty() {
        return Err(format!(
            "beyond the deliberate difference: {}",
            text(&unexpected)
        ));
    }
    let agreeing: Vec<&Field> = deliberate
        .fields
        .iter()
        .filter(|field| !problems.iter().any(|(f, _)| f == *field))
        .collect();
    if !agreeing.is_empty() {
        return Err(format!(
            "listed as differing in {agreeing:?}, which now agree: update the case"
        ));
    }
    if let Some(check) = deliberate.ours {
        check(ours, our_requests)?;
    }
    Ok(Some(format!(
        "{} ({:?}): {}",
        case.name, deliberate.fields, deliberate.reason
    )))
}

fn set(env: &mut Vec<(String, String)>, name: &str, value: &str) {
    env.retain(|(n, _)| n != name);
    env.push((name.to_owned(), value.to_owned()));
}

#[test]
fn create_contact_matches_the_aws_cli() {
    let Some(mut aws) = AwsCli::start() else {
        panic!(
            "awscli is not installed: run scripts/test.sh, which installs tests/requirements.txt"
        );
    };
    let server = CaptureServer::start();
    let files = scratch("differential");
    let home = scratch("differential-home");
    let mut env = base_env(&home);
    let mut cases = edge_cases(&files);
    let mut rng = Rng::seeded(0x5eed_cafe_f00d_1234);
    for index in 0..200 {
        cases.push(random_case(&mut rng, index, &files));
    }
    // A refused connection: a port bound (so no one else takes it) but not listening.
    let refusing = connect_test_support::refusing_address();

    let mut agree = 0;
    let mut deliberate = Vec::new();
    let mut failures = Vec::new();
    let total = cases.len() + 1;
    for case in &cases {
        let mut args = case.args.clone();
        args.extend(["--endpoint-url".to_owned(), server.url()]);
        set(&mut env, "AWS_MAX_ATTEMPTS", &case.attempts.to_string());
        server.prepare(case.response.clone());
        let theirs = aws.run(&args, &env);
        let their_requests = server.taken();
        server.prepare(case.response.clone());
        let ours = connect(&args, &env);
        let our_requests = server.taken();
        let problems = compare(&ours, &theirs, &our_requests, &their_requests);
        match judge(case, &problems, &ours, &our_requests) {
            Ok(None) => agree += 1,
            Ok(Some(line)) => deliberate.push(line),
            Err(why) => failures.push(format!("{} ({:?}):\n  {why}", case.name, case.args)),
        }
    }
    set(&mut env, "AWS_MAX_ATTEMPTS", "1");
    let mut refused = required();
    refused.extend(["--endpoint-url".to_owned(), refusing.url()]);
    let theirs = aws.run(&refused, &env);
    let ours = connect(&refused, &env);
    let problems = compare(&ours, &theirs, &[], &[]);
    match judge(&case("refused", &[]), &problems, &ours, &[]) {
        Ok(_) => agree += 1,
        Err(why) => failures.push(format!("connection refused:\n  {why}")),
    }
    env.clear();
    println!(
        "AWS CLI differential: {agree}/{total} agree, {} deliberate differences",
        deliberate.len()
    );
    for line in &deliberate {
        println!("  deliberate: {line}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} invocations differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Where a Python package's Connect model is, its version, and the model (decompressed).
fn oracle_model(import: &str) -> (String, Value) {
    let script = format!(
        r#"
import gzip, json, os, sys
{import}
data = os.path.join(os.path.dirname(botocore.__file__), "data", "connect", "2017-08-08")
path = os.path.join(data, "service-2.json")
raw = open(path, "rb").read() if os.path.exists(path) else gzip.open(path + ".gz").read()
sys.stdout.write(json.dumps({{"version": botocore.__version__, "model": json.loads(raw)}}))
"#
    );
    let output = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    (
        answer["version"].as_str().unwrap_or("?").to_owned(),
        answer["model"].clone(),
    )
}

/// The values of a botocore model's enum shape.
fn enum_values(model: &Value, shape: &str) -> Vec<String> {
    model["shapes"][shape]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{shape} is not an enum"))
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn the_oracles_say_which_connect_model_they_carry_and_the_cases_use_what_both_know() {
    // botocore and boto3 from PyPI carry the model the curated model is updated from.
    let (botocore, theirs) = oracle_model("import botocore");
    let pinned: Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../upstream/models/connect-2017-08-08.botocore.json"),
        )
        .expect("the pinned copy"),
    )
    .expect("JSON");
    assert!(
        theirs == pinned,
        "botocore {botocore} carries another Connect model than upstream/models/ pins"
    );
    // The AWS CLI v1 carries its own copy of botocore, with its own (older) Connect model.
    let (cli_botocore, cli_model) = oracle_model("import awscli\nimport botocore");
    println!("botocore {botocore}: the pinned Connect model; the AWS CLI's botocore {cli_botocore}: its own");
    let ours = &pinned["shapes"]["CreateContactRequest"]["members"];
    let cli_members = &cli_model["shapes"]["CreateContactRequest"]["members"];
    // Every option the differential passes is one the AWS CLI's model knows.
    for case in edge_cases(&scratch("oracle-models"))
        .iter()
        .filter(|case| case.args.first().map(String::as_str) == Some("create-contact"))
    {
        for option in case.args.iter().filter(|a| a.starts_with("--")) {
            let known_to_cli = cli_members
                .as_object()
                .unwrap()
                .keys()
                .any(|member| connect_codegen::naming::option_name(member) == *option);
            let known_to_us = ours
                .as_object()
                .unwrap()
                .keys()
                .any(|member| connect_codegen::naming::option_name(member) == *option);
            assert!(
                known_to_cli == known_to_us || is_global_or_document(option),
                "{}: {option} is known to one model only",
                case.name
            );
        }
    }
    // And every enum value the random cases draw from.
    for (shape, values) in [
        ("Channel", CHANNELS),
        ("ContactInitiationMethod", METHODS),
        ("ReferenceType", REFERENCE_TYPES),
    ] {
        let known = enum_values(&cli_model, shape);
        for value in values {
            assert!(
                known.iter().any(|k| k == value),
                "{shape} {value} is unknown to the AWS CLI's model (botocore {cli_botocore})"
            );
        }
    }
}

/// Options that are not members of the input.
fn is_global_or_document(option: &str) -> bool {
    connect_cli::flags::global(option).is_some()
        || connect_cli::flags::DOCUMENT
            .iter()
            .any(|flag| flag.name == option)
}
