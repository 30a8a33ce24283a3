//! Each stage and emitter on a small model of its own: boxing, the closure, naming, and every
//! emitter's output read as prettyplease prints it.

use connect_codegen::emit::context::Ctx;
use connect_codegen::emit::paths::Root;
use connect_codegen::emit::{
    self, client, enums, errors, http, json, structures, unions, validate,
};
use connect_codegen::ir::{ShapeId, ShapeKind};
use connect_codegen::naming::{self, Symbols};
use connect_codegen::transform::{self, Selection};
use connect_codegen::{frontend, write, Format, Settings};

/// A service with one operation binding a member to each HTTP location (a list of strings in a
/// header of the request and of the error), an enum, a union, direct recursion, recursion through a list, a member with
/// a length constraint of its own, and an error read partly from a header.
const MODEL: &str = r##"{
  "smithy": "2.0",
  "shapes": {
    "example.small#Service": {
      "type": "service",
      "version": "1",
      "operations": [{ "target": "example.small#PutItem" }],
      "traits": {
        "aws.api#service": { "sdkId": "Small Store", "endpointPrefix": "small" },
        "aws.auth#sigv4": { "name": "smallstore" },
        "aws.protocols#restJson1": {}
      }
    },
    "example.small#PutItem": {
      "type": "operation",
      "input": { "target": "example.small#PutItemRequest" },
      "output": { "target": "example.small#PutItemResponse" },
      "errors": [{ "target": "example.small#Conflict" }],
      "traits": { "smithy.api#http": { "method": "PUT", "uri": "/items/{Id}?fixed=1", "code": 201 } }
    },
    "example.small#PutItemRequest": {
      "type": "structure",
      "members": {
        "Id": { "target": "smithy.api#String", "traits": { "smithy.api#required": {}, "smithy.api#httpLabel": {} } },
        "Version": { "target": "smithy.api#Integer", "traits": { "smithy.api#httpQuery": "version" } },
        "Trace": { "target": "smithy.api#String", "traits": { "smithy.api#httpHeader": "X-Trace" } },
        "Token": { "target": "smithy.api#String", "traits": { "smithy.api#idempotencyToken": {} } },
        "Colour": { "target": "example.small#Colour" },
        "Node": { "target": "example.small#Node" },
        "Shape": { "target": "example.small#Shape" },
        "Name": { "target": "example.small#Name" },
        "Nickname": { "target": "smithy.api#String", "traits": { "smithy.api#length": { "min": 5 } } },
        "Labels": { "target": "example.small#Labels", "traits": { "smithy.api#httpHeader": "X-Labels" } }
      }
    },
    "example.small#PutItemResponse": {
      "type": "structure",
      "members": {
        "Etag": { "target": "smithy.api#String" },
        "Size": { "target": "smithy.api#Long" }
      }
    },
    "example.small#Labels": { "type": "list", "member": { "target": "smithy.api#String" } },
    "example.small#Conflict": {
      "type": "structure",
      "members": {
        "Message": { "target": "smithy.api#String" },
        "Holder": { "target": "smithy.api#String", "traits": { "smithy.api#httpHeader": "X-Holder" } },
        "Holders": { "target": "example.small#Labels", "traits": { "smithy.api#httpHeader": "X-Holders" } }
      },
      "traits": { "smithy.api#error": "client", "smithy.api#httpError": 409 }
    },
    "example.small#Colour": {
      "type": "enum",
      "members": {
        "RED": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "red" } },
        "DARK_BLUE": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "dark-blue" } }
      }
    },
    "example.small#Node": {
      "type": "structure",
      "members": {
        "Next": { "target": "example.small#Node" },
        "Children": { "target": "example.small#Nodes" }
      }
    },
    "example.small#Nodes": { "type": "list", "member": { "target": "example.small#Node" } },
    "example.small#Shape": {
      "type": "union",
      "members": {
        "IPv4Address": { "target": "smithy.api#String" },
        "Sides": { "target": "smithy.api#Integer" }
      }
    },
    "example.small#Name": {
      "type": "string",
      "traits": { "smithy.api#length": { "min": 1, "max": 8 } }
    }
  }
}"##;

fn id(name: &str) -> ShapeId {
    ShapeId::new("example.small", name)
}

fn lowered(text: &str) -> connect_codegen::Model {
    frontend::lower_text("small.json", text, Some(Format::Smithy)).expect("the model lowers")
}

fn selection() -> Selection {
    transform::select(lowered(MODEL), &Settings::default()).expect("the selection")
}

/// Formats items as a file, as the generator does.
fn render(tokens: proc_macro2::TokenStream) -> String {
    write::format_file("test.rs", tokens, "small.json")
        .expect("the emitted code parses")
        .contents
}

/// Runs `emit` with a context over the small model and returns prettyplease's text.
fn emitted(emit: impl FnOnce(&Ctx<'_>) -> proc_macro2::TokenStream) -> String {
    let selection = selection();
    let symbols = Symbols::build(&selection).expect("names");
    let ctx =
        Ctx::new(&selection, &symbols, Root::default()).with_server_support(Root::local(&["wire"]));
    render(emit(&ctx))
}

fn synthetic(name: &str) -> ShapeId {
    ShapeId::new("example.small.synthetic", name)
}

#[test]
fn boxing_breaks_direct_cycles_only() {
    let boxed = selection().boxed;
    assert_eq!(
        boxed.into_iter().collect::<Vec<_>>(),
        vec![(id("Node"), "Next".to_owned())],
        "Next closes the direct cycle; Children recurses through a list"
    );
}

#[test]
fn the_closure_holds_what_the_operation_reaches_with_synthetic_shapes() {
    let mut model = lowered(MODEL);
    let unrelated = model.get(&id("Name")).unwrap().clone();
    let mut orphan = unrelated.clone();
    orphan.id = id("Orphan");
    model.shapes.insert(orphan.id.clone(), orphan);
    let selection = transform::select(model, &Settings::default()).unwrap();
    let ids: Vec<String> = selection
        .model
        .shapes
        .keys()
        .filter(|id| id.namespace() != "smithy.api")
        .map(ToString::to_string)
        .collect();
    assert!(
        ids.contains(&synthetic("PutItemInput").to_string()),
        "{ids:?}"
    );
    assert!(ids.contains(&synthetic("PutItemOutput").to_string()));
    assert!(ids.contains(&id("Conflict").to_string()));
    assert!(
        !ids.contains(&id("Orphan").to_string()),
        "unreached shapes are left out"
    );
    assert!(
        !ids.contains(&id("PutItemRequest").to_string()),
        "replaced by the synthetic input"
    );
    assert_eq!(
        selection.model.user_id(&synthetic("PutItemInput")),
        &id("PutItemRequest"),
        "messages name the model's own input shape"
    );
}

#[test]
fn naming_gives_every_function_its_own_name_and_reports_clashes() {
    let selection = selection();
    let symbols = Symbols::build(&selection).unwrap();
    let conflict = symbols.functions(&id("Conflict")).unwrap();
    assert_eq!(conflict.writer, "write_conflict");
    assert_eq!(conflict.reader, "read_conflict");
    let union = symbols.member(&id("Shape"), "IPv4Address").unwrap();
    assert_eq!(union.accessor, "as_ipv4_address");
    assert_eq!(union.variant.ident, "Ipv4Address");
    assert_eq!(symbols.builder(&id("Node")).unwrap(), "NodeBuilder");
    let op = symbols.operation(&id("PutItem")).unwrap();
    assert_eq!(
        (op.module.as_str(), op.error.as_str(), op.fluent.as_str()),
        ("put_item", "PutItemError", "PutItemFluentBuilder")
    );

    // An error `Item` and a structure `ItemResponse` would once have shared a function name.
    let text = MODEL
        .replace("example.small#Conflict", "example.small#Item")
        .replace(
            r#""example.small#Name": {"#,
            r#""example.small#ItemResponse": { "type": "structure", "members": {} },
    "example.small#Name": {"#,
        )
        .replace(
            r#""Name": { "target": "example.small#Name" }"#,
            r#""Name": { "target": "example.small#Name" },
        "Extra": { "target": "example.small#ItemResponse" }"#,
        );
    let selection = transform::select(lowered(&text), &Settings::default()).unwrap();
    let symbols = Symbols::build(&selection).expect("no clash");
    let ctx = Ctx::new(&selection, &symbols, Root::default());
    let error_reader = http::response::error_reader_path(&ctx, &id("Item")).unwrap();
    let json_reader = json::reader_path(&ctx, &id("ItemResponse")).unwrap();
    assert_eq!(
        (error_reader.to_string(), json_reader.to_string()),
        (
            "crate :: error :: Item :: from_response".to_owned(),
            "crate :: json :: read_item_response".to_owned()
        )
    );

    // Two shapes whose names read the same become one Rust type: refused, naming both.
    let text = MODEL.replace(
        r#""example.small#Name": {"#,
        r#""example.small#COLOUR": { "type": "enum", "members": { "A": { "target": "smithy.api#Unit" } } },
    "example.small#Name": {"#,
    ).replace(
        r#""Name": { "target": "example.small#Name" }"#,
        r#""Name": { "target": "example.small#Name" },
        "Other": { "target": "example.small#COLOUR" }"#,
    );
    let selection = transform::select(lowered(&text), &Settings::default()).unwrap();
    let error = Symbols::build(&selection).unwrap_err().to_string();
    assert!(
        error.contains("example.small#COLOUR") && error.contains("example.small#Colour"),
        "{error}"
    );
    assert_eq!(naming::snake_case("IPv4Address"), "ipv4_address");
}

#[test]
fn structures_come_before_their_builders() {
    let text = emitted(|ctx| {
        let made = structures::emit(ctx, ctx.shape(&id("Node")).unwrap()).unwrap();
        let (main, builder) = (made.main, made.builder);
        quote::quote! { #main #builder }
    });
    let structure = text.find("pub struct Node {").unwrap();
    let builder = text.find("pub struct NodeBuilder {").unwrap();
    let from = text
        .find("impl ::std::convert::From<crate::types::Node> for NodeBuilder")
        .unwrap();
    assert!(structure < builder && builder < from, "{text}");
    assert!(text.contains("pub next: ::std::option::Option<::std::boxed::Box<crate::types::Node>>"));
    assert!(
        text.contains("}\n\nimpl"),
        "items are separated by a blank line"
    );
}

#[test]
fn enums_keep_unknown_values() {
    let text = emitted(|ctx| enums::emit(ctx, ctx.shape(&id("Colour")).unwrap()).unwrap());
    assert!(text.contains("DarkBlue,"), "{text}");
    assert!(text.contains("Self::DarkBlue => \"dark-blue\""), "{text}");
    assert!(
        text.contains("Unknown(crate::primitives::UnknownVariantValue)"),
        "{text}"
    );
}

#[test]
fn unions_get_accessors_named_by_naming() {
    let text = emitted(|ctx| unions::emit(ctx, ctx.shape(&id("Shape")).unwrap()).unwrap());
    assert!(text.contains("pub fn as_ipv4_address(&self)"), "{text}");
    assert!(
        text.contains("Ipv4Address(::std::string::String)"),
        "{text}"
    );
}

#[test]
fn errors_carry_their_response_reader() {
    let text = emitted(|ctx| {
        errors::emit(ctx, ctx.shape(&id("Conflict")).unwrap())
            .unwrap()
            .main
    });
    assert!(text.contains("pub const HTTP_STATUS: u16 = 409;"), "{text}");
    assert!(
        text.contains("/// Reads a `Conflict` from a whole HTTP response."),
        "{text}"
    );
    assert!(text.contains("pub fn from_response("), "{text}");
    assert!(
        text.contains("\"X-Holder\""),
        "the header member is read from its header: {text}"
    );
}

#[test]
fn json_writers_leave_http_bound_members_out() {
    let text = emitted(|ctx| json::emit(ctx).unwrap());
    let writer = text
        .split("pub(crate) fn write_put_item_input(")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .unwrap();
    assert!(writer.contains("writer.key(\"Colour\")"), "{writer}");
    assert!(
        !writer.contains("\"Id\"") && !writer.contains("\"Trace\""),
        "{writer}"
    );
    assert!(
        !text.contains("HttpResponse"),
        "the JSON module knows nothing of HTTP"
    );
}

#[test]
fn the_request_writer_has_one_helper_per_location() {
    let text = emitted(|ctx| {
        let op_shape = ctx.shape(&id("PutItem")).unwrap();
        let ShapeKind::Operation(op) = &op_shape.kind else {
            panic!()
        };
        let input = ctx.shape(&synthetic("PutItemInput")).unwrap();
        http::request::emit(ctx, op_shape, op, input).unwrap()
    });
    for helper in [
        "fn write_path(",
        "fn write_query(",
        "fn write_headers(",
        "fn write_body(",
        "fn with_idempotency_tokens(",
        "pub fn fill_idempotency_tokens(",
    ] {
        assert!(text.contains(helper), "{helper} missing:\n{text}");
    }
    assert!(
        text.contains("crate::json::write_put_item_input(writer, input)"),
        "{text}"
    );
    assert!(text.contains("uri.push_str(\"fixed=1\");"), "{text}");
    assert!(
        !text.contains("fn finish_request("),
        "no compression nor checksum here"
    );
    assert!(!text.contains("let mut owned"), "{text}");
}

#[test]
fn a_response_read_from_the_body_alone_calls_the_shape_reader() {
    let text = emitted(|ctx| {
        let output = ctx.shape(&synthetic("PutItemOutput")).unwrap();
        http::response::emit_operation(ctx, &id("PutItem"), output).unwrap()
    });
    assert!(
        text.contains("crate::json::read_put_item_output(reader)?"),
        "{text}"
    );
    assert!(!text.contains("next_key"), "no second member loop: {text}");
    assert!(
        text.contains("crate::error::Conflict::from_response(response)"),
        "{text}"
    );
}

#[test]
fn validators_check_lengths_with_botocore_paths() {
    let text = emitted(|ctx| {
        let plan = validate::Plan::new(ctx, false);
        validate::emit(ctx, &plan).unwrap()
    });
    assert!(
        text.contains("/// Checks the constraints inside a `PutItemInput`."),
        "{text}"
    );
    assert!(text.contains("\"Name\""), "{text}");
}

#[test]
fn the_client_passes_the_service_identity_and_rules() {
    let text = emitted(|ctx| client::emit(ctx).unwrap());
    assert!(text.contains("sdk_id: \"Small Store\""), "{text}");
    assert!(text.contains("signing_name: \"smallstore\""), "{text}");
    assert!(text.contains("env_name: \"SMALL_STORE\""), "{text}");
    assert!(text.contains("config_key: \"small_store\""), "{text}");
    assert!(
        text.contains("https://small.{Region}"),
        "the standard rules use the endpoint prefix: {text}"
    );
    assert!(text.contains("/// Starts a PutItem call"), "{text}");
}

#[test]
fn operation_modules_state_their_http_facts() {
    let selection = selection();
    let symbols = Symbols::build(&selection).unwrap();
    let ctx = Ctx::new(&selection, &symbols, Root::default());
    let modules = emit::modules(&ctx, false).unwrap();
    let folder = modules
        .iter()
        .find(|m| m.path == ["operations", "put_item"])
        .expect("the operation's folder");
    assert!(folder.folder && folder.tokens.is_empty());
    let prefix = folder.path.clone();
    let parts: Vec<String> = modules
        .into_iter()
        .filter(|m| m.path.len() == 3 && m.path.starts_with(&prefix))
        .map(|m| m.path[2].clone() + "\n" + &render(m.tokens))
        .collect();
    assert_eq!(parts.len(), 6, "one file per part");
    let text = parts.join("\n");
    assert!(
        text.contains("pub const SUCCESS_STATUS: u16 = 201;"),
        "{text}"
    );
    assert!(text.contains("pub const URI_PATTERN: &str = \"/items/{Id}?fixed=1\";"));
    assert!(text.contains("_ => ::std::option::Option::None,"), "{text}");
}

#[test]
fn a_member_constraint_reaches_the_client_validation_and_the_command_checks() {
    // `Nickname` targets the unconstrained prelude string and carries `@length(min: 5)` itself.
    let validation = emitted(|ctx| {
        let plan = validate::Plan::new(ctx, false);
        validate::emit(ctx, &plan).unwrap()
    });
    let check = validation
        .split("\"Nickname\"")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .unwrap_or_else(|| panic!("no check of Nickname: {validation}"));
    assert!(
        check.contains("string_length(") && check.contains("Some(5)"),
        "{check}"
    );

    let selection = selection();
    let symbols = Symbols::build(&selection).expect("names");
    let ctx = Ctx::new(&selection, &symbols, Root::external("small_store"));
    let tables = render(emit::cli::emit(&ctx).unwrap());
    let shapes: Vec<&str> = tables
        .split("Shape {")
        .skip(1)
        .map(|entry| entry.split("\n    Shape").next().unwrap())
        .collect();
    let index: usize = tables
        .split("name: \"Nickname\"")
        .nth(1)
        .and_then(|rest| rest.split("shape: ").nth(1))
        .and_then(|rest| rest.split(',').next())
        .and_then(|index| index.trim().trim_end_matches("usize").parse().ok())
        .unwrap_or_else(|| panic!("no member Nickname: {tables}"));
    let entry = shapes[index];
    assert!(entry.contains("name: \"String\""), "{entry}");
    assert!(entry.contains("min_length: Some(5)"), "{entry}");
    // The prelude string itself stays unconstrained for every other member.
    let plain = shapes
        .iter()
        .find(|entry| entry.contains("name: \"String\"") && !entry.contains("Some(5)"))
        .unwrap_or_else(|| panic!("no plain String: {tables}"));
    assert!(plain.contains("min_length: None"), "{plain}");
}

#[test]
fn the_server_half_quotes_header_list_items_as_the_client_does() {
    let request = emitted(|ctx| {
        let op_shape = ctx.shape(&id("PutItem")).unwrap();
        let ShapeKind::Operation(op) = &op_shape.kind else {
            panic!("PutItem is an operation")
        };
        let input = ctx.shape(&synthetic("PutItemInput")).unwrap();
        http::request::emit(ctx, op_shape, op, input).unwrap()
    });
    let server = emitted(|ctx| emit::server::emit(ctx).unwrap());
    for (side, text, header) in [
        ("client", &request, "X-Labels"),
        ("server", &server, "X-Holders"),
    ] {
        let statement = text
            .split(&format!("\"{header}\""))
            .nth(1)
            .and_then(|after| after.split("));").next())
            .unwrap_or_default();
        assert!(
            statement.contains("quote_header_list_item") && statement.contains(".join(\", \")"),
            "{side}: {statement}"
        );
    }
}
