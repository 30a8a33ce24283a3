//! What each fuzz target runs, one function per parser of outside input that the project owns.
//! Each takes arbitrary bytes and must return without panicking; where a second opinion exists
//! (serde_json for the JSON reader, formatting for timestamps) it also checks that both agree.
//! `fuzz/fuzz_targets/` calls these under libFuzzer; `tests/replay.rs` runs them over the
//! committed corpora in `fuzz/corpus/`, so every input the fuzzers kept stays in the suite.

use connect_runtime::json::{DeError, JsonReader, Token};
use serde_json::{Map, Value};

/// A fuzz target: arbitrary bytes in, no panic out.
pub type Target = fn(&[u8]);

/// Every target, by the name of its corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("json_reader", json_reader),
    ("timestamps", timestamps),
    ("shorthand", shorthand),
    ("arguments", arguments),
    ("config_files", config_files),
    ("credential_process", credential_process),
    ("endpoint_rules", endpoint_rules),
    ("sigv4", sigv4),
    ("local_request", local_request),
    ("import_csv", import_csv),
    ("import_json_lines", import_json_lines),
    ("yaml_input", yaml_input),
    ("model_smithy", model_smithy),
    ("model_botocore", model_botocore),
];

/// Text from fuzz bytes: invalid UTF-8 is replaced, as a file read lossily would be.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Reads one whole value with the runtime's pull reader, as JSON values.
fn read_value(reader: &mut JsonReader<'_>) -> Result<Value, String> {
    let error = |e: DeError| e.to_string();
    Ok(match reader.peek().map_err(error)? {
        Token::Null => {
            reader.take_null().map_err(error)?;
            Value::Null
        }
        Token::Bool => Value::Bool(reader.boolean().map_err(error)?),
        Token::String => Value::String(reader.string().map_err(error)?.into_owned()),
        Token::Number => {
            let number = reader.number_text().map_err(error)?;
            serde_json::from_str::<Value>(number).map_err(|e| e.to_string())?
        }
        Token::Array => {
            reader.begin_array().map_err(error)?;
            let mut items = Vec::new();
            while reader.next_element().map_err(error)? {
                items.push(read_value(reader)?);
            }
            Value::Array(items)
        }
        Token::Object => {
            reader.begin_object().map_err(error)?;
            let mut entries = Map::new();
            while let Some(key) = reader.next_key().map_err(error)? {
                let key = key.into_owned();
                let item = read_value(reader)?;
                entries.insert(key, item);
            }
            Value::Object(entries)
        }
    })
}

/// How deeply `data` nests, counting brackets outside strings (an upper bound is enough).
fn nesting(data: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &byte in data {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (false, _, b'"') => in_string = true,
            (false, _, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, _, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The JSON reader against serde_json: the same documents accepted, with the same values. Only
/// documents nested near the depth limit (which the two count differently) are left out.
pub fn json_reader(data: &[u8]) {
    let ours = JsonReader::new(data)
        .map_err(|e| e.to_string())
        .and_then(|mut reader| {
            let value = read_value(&mut reader)?;
            reader.end().map_err(|e| e.to_string())?;
            Ok(value)
        });
    let theirs = serde_json::from_slice::<Value>(data);
    if nesting(data) >= 120 {
        return;
    }
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "different values for {:?}", text(data)),
        (Err(_), Err(_)) => {}
        _ => panic!(
            "one reader accepts what the other refuses: {:?}\nours: {ours:?}\nserde_json: {theirs:?}",
            text(data)
        ),
    }
}

/// The three timestamp forms: whatever parses formats back to a time that parses the same.
pub fn timestamps(data: &[u8]) {
    use connect_runtime::encoding::timestamp::{
        format_basic, format_date_time, format_http_date, parse_basic, parse_date_time,
        parse_http_date,
    };
    let text = text(data);
    if let Some(time) = parse_date_time(&text) {
        // Written with microseconds, as botocore writes them.
        let micros =
            |t: &connect_runtime::primitives::DateTime| (t.secs(), t.subsec_nanos() / 1000);
        let again = parse_date_time(&format_date_time(&time));
        assert_eq!(again.as_ref().map(micros), Some(micros(&time)), "{text:?}");
    }
    if let Some(time) = parse_basic(&text) {
        assert_eq!(parse_basic(&format_basic(&time)), Some(time), "{text:?}");
    }
    if let Some(time) = parse_http_date(&text) {
        let again = parse_http_date(&format_http_date(&time)).map(|t| t.secs());
        assert_eq!(again, Some(time.secs()), "{text:?}");
    }
}

/// The AWS CLI's shorthand syntax, with `@=file://` references answered by a stand-in.
pub fn shorthand(data: &[u8]) {
    let files = |path: &str| -> Option<Result<String, String>> {
        path.strip_prefix("file://")
            .map(|name| Ok(format!("contents of {name}")))
    };
    let _ = connect_cli::shorthand::parse(&text(data), &files);
}

/// The argument reader and the parameter conversion and checks of `connect`: words separated by
/// NUL bytes, read as a command line, then converted and checked as before sending (nothing is
/// sent, and no file is read: `file://` values are left out).
pub fn arguments(data: &[u8]) {
    let words: Vec<String> = text(data)
        .split('\0')
        .map(str::to_owned)
        .filter(|w| !w.contains("file://") && !w.contains("fileb://"))
        .collect();
    let Ok(parsed) = connect_cli::args::parse(&words) else {
        return;
    };
    let Some(command) = parsed
        .command
        .as_deref()
        .and_then(connect_cli::commands::find)
    else {
        return;
    };
    let _ = connect_cli::checked_input(command, &parsed);
}

/// The shared `config` and `credentials` files.
pub fn config_files(data: &[u8]) {
    let text = text(data);
    let mut profiles = connect_runtime::config::profile::ProfileSet::default();
    profiles.parse(&text, true);
    profiles.parse(&text, false);
}

/// A `credential_process` program's output.
pub fn credential_process(data: &[u8]) {
    let _ = connect_runtime::config::credentials::parse_process_output(data);
}

/// Connect's endpoint ruleset on arbitrary parameters: the first byte sets FIPS and dual-stack,
/// the rest is a region and a custom endpoint separated by a NUL byte. Also the rules engine's
/// parser on the bytes as a ruleset.
pub fn endpoint_rules(data: &[u8]) {
    use connect_runtime::endpoint::rules::RuleSet;
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let rest = text(rest);
    let (region, endpoint) = match rest.split_once('\0') {
        Some((region, endpoint)) => (region, Some(endpoint.to_owned())),
        None => (rest.as_str(), None),
    };
    let params = connect_runtime::endpoint::EndpointParams {
        region: (flags & 4 == 0).then(|| region.to_owned()),
        use_fips: flags & 1 != 0,
        use_dual_stack: flags & 2 != 0,
        endpoint,
    };
    if let Ok(rules) = RuleSet::parse(connect_sdk::client::SERVICE.endpoint_rules) {
        let _ = connect_runtime::endpoint::resolve(&rules, &params);
    }
    let _ = RuleSet::parse(&text(data));
}

/// A request as the local service receives it, from fuzz bytes: method, path, header lines and
/// body, separated by NUL bytes.
fn received(data: &[u8]) -> connect_local::wire::ReceivedRequest {
    let mut parts = data.splitn(4, |&b| b == 0);
    let method = text(parts.next().unwrap_or_default());
    let uri = text(parts.next().unwrap_or_default());
    let headers = text(parts.next().unwrap_or_default())
        .split('\n')
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    connect_local::wire::ReceivedRequest {
        method,
        uri,
        headers,
        body: parts.next().unwrap_or_default().to_vec(),
    }
}

/// The SigV4 `Authorization` parser and the local service's verifier.
pub fn sigv4(data: &[u8]) {
    let _ = connect_local::signature::Authorization::parse(&text(data));
    let keys = std::collections::BTreeMap::from([(
        connect_local::config::DEFAULT_ACCESS_KEY.to_owned(),
        connect_local::config::DEFAULT_SECRET_KEY.to_owned(),
    )]);
    let verifier = connect_local::auth::Verifier::new(keys, "us-east-1");
    let _ = verifier.verify(&received(data), std::time::SystemTime::now());
}

thread_local! {
    /// One service in memory per thread, with signatures checked and without.
    static SERVICES: [std::sync::Arc<connect_local::service::Service>; 2] = [true, false].map(|auth| {
        let options = connect_local::config::Options {
            data: None,
            auth,
            ..connect_local::config::Options::default()
        };
        let store = connect_local::store::Store::open(None).unwrap_or_else(|e| panic!("store: {e:?}"));
        connect_local::service::Service::new(options, store)
    });
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
}

/// The local service's whole request path (routing, signature, reading, rules, storing,
/// answering), with signatures checked and without.
pub fn local_request(data: &[u8]) {
    let request = received(data);
    SERVICES.with(|services| {
        RUNTIME.with(|runtime| {
            for service in services {
                let _ = runtime.block_on(service.handle(&request));
            }
        })
    });
}

fn import(data: &[u8], format: connect_cli::import::options::InputFormat) {
    if let Ok(shape) = connect_cli::import::input::input_shape() {
        let _ = connect_cli::import::input::read(&text(data), format, shape);
    }
}

/// The import's CSV reader.
pub fn import_csv(data: &[u8]) {
    import(data, connect_cli::import::options::InputFormat::Csv);
}

/// The import's JSON Lines reader.
pub fn import_json_lines(data: &[u8]) {
    import(data, connect_cli::import::options::InputFormat::JsonLines);
}

/// `--cli-input-yaml` documents.
pub fn yaml_input(data: &[u8]) {
    let _ = connect_cli::yaml::parse(&text(data));
}

fn model(data: &[u8], format: connect_codegen::Format) {
    let Ok(model) = connect_codegen::frontend::lower_text("fuzz.json", &text(data), Some(format))
    else {
        return;
    };
    let _ = connect_codegen::generate(
        model,
        &connect_codegen::Settings::default(),
        connect_codegen::Layout::Crate,
        "fuzz.json",
    );
}

/// The Smithy JSON AST front-end, then the generator end to end.
pub fn model_smithy(data: &[u8]) {
    model(data, connect_codegen::Format::Smithy);
}

/// The botocore front-end, then the generator end to end.
pub fn model_botocore(data: &[u8]) {
    model(data, connect_codegen::Format::Botocore);
}
