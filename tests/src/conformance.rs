//! botocore's restJson1 conformance suite, run through the botocore front-end, the generator and
//! the generated code.
//!
//! Each suite (one operation with its small model) becomes a module of one scratch crate; each
//! case becomes a function that builds the input or response from the case's data, runs the
//! generated serializer or deserializer, and compares with the expectation. A binary runs every
//! case and prints `PASS`/`FAIL` lines that the test reads back.

use connect_codegen::emit::context::Ctx;
use connect_codegen::emit::paths::Root;
use connect_codegen::ir::{ShapeId, ShapeKind, Simple};
use connect_codegen::naming::Symbols;
use connect_codegen::transform;
use connect_codegen::{emit, frontend, Format, GeneratedFile, Layout, Settings};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

/// Input or output cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Input,
    Output,
}

impl Direction {
    pub fn word(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

/// A suite that could not be generated, with the generator's reason.
pub struct Refused {
    pub direction: Direction,
    pub description: String,
    pub cases: Vec<String>,
    pub reason: String,
}

/// The generated harness crate's files, the case names it runs, and the suites it could not build.
pub struct Harness {
    pub files: Vec<GeneratedFile>,
    pub cases: Vec<(Direction, String)>,
    pub refused: Vec<Refused>,
}

/// Builds the harness from the two conformance files.
pub fn build(input: &Value, output: &Value) -> Result<Harness, String> {
    let mut harness = Harness {
        files: Vec::new(),
        cases: Vec::new(),
        refused: Vec::new(),
    };
    let mut modules = Vec::new();
    let mut case_fns = Vec::new();
    for (direction, suites) in [(Direction::Input, input), (Direction::Output, output)] {
        let suites = suites
            .as_array()
            .ok_or("a conformance file is not a list of suites")?;
        for (index, suite) in suites.iter().enumerate() {
            let module = format!("{}_{index}", direction.word());
            match suite_module(direction, suite, &module) {
                Ok((files, fns)) => {
                    for file in files {
                        let path = if file.path == "lib.rs" {
                            format!("{module}/mod.rs")
                        } else {
                            format!("{module}/{}", file.path)
                        };
                        harness.files.push(GeneratedFile {
                            path,
                            contents: file.contents,
                        });
                    }
                    modules.push(format_ident!("{}", module));
                    harness
                        .cases
                        .extend(fns.iter().map(|case| (direction, case.id.clone())));
                    case_fns.extend(fns);
                }
                Err(reason) => harness.refused.push(Refused {
                    direction,
                    description: suite["description"].as_str().unwrap_or_default().to_owned(),
                    cases: case_ids(suite),
                    reason,
                }),
            }
        }
    }
    let registrations = case_fns.iter().map(|case| {
        let direction = case.direction.word();
        let id = &case.id;
        let name = &case.name;
        quote! { (#direction, #id, #name as fn() -> ::std::result::Result<(), ::std::string::String>), }
    });
    let bodies = case_fns.iter().map(|case| &case.definition);
    let lib = quote! {
        #![allow(dead_code, clippy::all)]
        pub mod check;
        #( pub mod #modules; )*

        #( #bodies )*

        /// Every case: direction, id, function.
        pub const CASES: &[(&str, &str, fn() -> ::std::result::Result<(), ::std::string::String>)] = &[
            #( #registrations )*
        ];
    };
    harness.files.push(format_rust("lib.rs", lib)?);
    harness.files.push(GeneratedFile {
        path: "check.rs".to_owned(),
        contents: include_str!("../conformance/check.rs").to_owned(),
    });
    harness.files.push(format_rust(
        "main.rs",
        quote! {
            fn main() {
                std::panic::set_hook(Box::new(|_| {}));
                for (direction, id, case) in connect_conformance::CASES {
                    match std::panic::catch_unwind(case) {
                        Ok(Ok(())) => println!("PASS {direction} {id}"),
                        Ok(Err(reason)) => println!("FAIL {direction} {id}: {}", reason.replace('\n', " ")),
                        Err(_) => println!("FAIL {direction} {id}: panicked"),
                    }
                }
            }
        },
    )?);
    Ok(harness)
}

fn format_rust(path: &str, tokens: TokenStream) -> Result<GeneratedFile, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("{path}: {e}"))?;
    Ok(GeneratedFile {
        path: path.to_owned(),
        contents: prettyplease::unparse(&file),
    })
}

fn case_ids(suite: &Value) -> Vec<String> {
    suite["cases"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// One generated case function.
struct CaseFn {
    direction: Direction,
    id: String,
    name: Ident,
    definition: TokenStream,
}

/// Generates one suite's client as module `module` and its case functions.
fn suite_module(
    direction: Direction,
    suite: &Value,
    module: &str,
) -> Result<(Vec<GeneratedFile>, Vec<CaseFn>), String> {
    let cases = suite["cases"].as_array().ok_or("a suite without cases")?;
    let given = &cases.first().ok_or("a suite without cases")?["given"];
    let op_name = given["name"]
        .as_str()
        .ok_or("a case without an operation name")?;
    let mut metadata = suite["metadata"].clone();
    metadata["serviceId"] = Value::from("Protocol Tests");
    let document = serde_json::json!({
        "metadata": metadata,
        "shapes": suite["shapes"],
        "operations": { op_name: given },
    });
    let source = format!(
        "{}#{module}",
        suite["description"].as_str().unwrap_or("suite")
    );
    let text = document.to_string();
    let model =
        frontend::lower_text(&source, &text, Some(Format::Botocore)).map_err(|e| e.to_string())?;
    let settings = Settings {
        module_root: module.to_owned(),
        ..Settings::default()
    };
    let files = connect_codegen::generate(model.clone(), &settings, Layout::Crate, &source)
        .map_err(|e| e.to_string())?;
    let selection = transform::select(model, &settings).map_err(|e| e.to_string())?;
    let symbols = Symbols::build(&selection).map_err(|e| e.to_string())?;
    let ctx = Ctx::new(&selection, &symbols, Root::local(&[module]));
    let op_id = selection
        .operations
        .first()
        .ok_or("no operation selected")?
        .clone();
    let mut fns = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        if case["given"] != *given {
            return Err("cases of one suite use different operations".to_owned());
        }
        let id = case["id"].as_str().unwrap_or("unnamed").to_owned();
        let function = format_ident!("{}_case_{}", module, index);
        let body = match direction {
            Direction::Input => input_case(
                &ctx,
                &op_id,
                case,
                suite.get("clientEndpoint").and_then(Value::as_str),
            )?,
            Direction::Output => output_case(&ctx, &op_id, case)?,
        };
        fns.push(CaseFn {
            direction,
            id: id.clone(),
            definition: quote! { pub fn #function() -> ::std::result::Result<(), ::std::string::String> { #body } },
            name: function,
        });
    }
    Ok((files, fns))
}

fn operation(ctx: &Ctx<'_>, op_id: &ShapeId) -> Result<connect_codegen::ir::Operation, String> {
    match ctx.selection.model.get(op_id).map(|s| &s.kind) {
        Some(ShapeKind::Operation(op)) => Ok(op.clone()),
        _ => Err(format!("{op_id} is not an operation")),
    }
}

fn op_module(ctx: &Ctx<'_>, op_id: &ShapeId) -> Result<TokenStream, String> {
    let names = ctx.symbols.operation(op_id).map_err(|e| e.to_string())?;
    let module = emit::context::ident(&names.module);
    let root = ctx.root.path();
    Ok(quote! { #root::operations::#module })
}

fn text_option(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote! { ::std::option::Option::Some(#text) },
        None => quote! { ::std::option::Option::None },
    }
}

fn input_case(
    ctx: &Ctx<'_>,
    op_id: &ShapeId,
    case: &Value,
    client_endpoint: Option<&str>,
) -> Result<TokenStream, String> {
    let op = operation(ctx, op_id)?;
    let input_id = op.input.ok_or("no input")?;
    let input = value_expr(ctx, &input_id, &case["params"])?;
    let module = op_module(ctx, op_id)?;
    let serialized = &case["serialized"];
    let method = serialized["method"].as_str().unwrap_or("POST");
    let uri = serialized["uri"].as_str().unwrap_or("/");
    let headers: Vec<(String, String)> = serialized["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let header_pairs = headers.iter().map(|(k, v)| quote! { (#k, #v) });
    let list = |key: &str| -> Vec<String> {
        serialized[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let require = list("requireHeaders");
    let forbid = list("forbidHeaders");
    let body = text_option(serialized["body"].as_str());
    let endpoint = text_option(client_endpoint);
    let host = text_option(serialized["host"].as_str());
    let token_absent = ctx
        .selection
        .model
        .get(&input_id)
        .map(|shape| {
            shape
                .kind
                .members()
                .iter()
                .any(|m| m.traits.idempotency_token && case["params"].get(&m.name).is_none())
        })
        .unwrap_or(false);
    let token = text_option(token_absent.then_some("00000000-0000-4000-8000-000000000000"));
    Ok(quote! {
        let input = #input;
        let mut request = #module::serialize_request(&input).map_err(|e| e.to_string())?;
        // What the client does next: compress and checksum as the operation asks, with the
        // default settings.
        if let ::std::option::Option::Some(finish) = #module::SPEC.finish {
            finish(&mut request, &::std::default::Default::default());
        }
        check::check_request(&request, &check::Expected {
            method: #method,
            uri: #uri,
            headers: &[#( #header_pairs ),*],
            require_headers: &[#( #require ),*],
            forbid_headers: &[#( #forbid ),*],
            body: #body,
            endpoint: #endpoint,
            host: #host,
            token: #token,
        })
    })
}

fn output_case(ctx: &Ctx<'_>, op_id: &ShapeId, case: &Value) -> Result<TokenStream, String> {
    let op = operation(ctx, op_id)?;
    let module = op_module(ctx, op_id)?;
    let response = &case["response"];
    let status = response["status_code"].as_u64().unwrap_or(200) as u16;
    let headers: Vec<TokenStream> = response["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| {
                    let v = v.as_str().unwrap_or_default();
                    quote! { (#k.to_owned(), #v.to_owned()) }
                })
                .collect()
        })
        .unwrap_or_default();
    let body = response["body"].as_str().unwrap_or_default();
    let response_ty = quote! { ::connect_runtime::http::HttpResponse };
    let prelude = quote! {
        let response = #response_ty { status: #status, headers: ::std::vec![#( #headers ),*], body: #body.as_bytes().to_vec() };
        let parsed = #module::deserialize_response(&response).map_err(|e| ::std::format!("unreadable: {e}"))?;
    };
    if let Some(code) = case.get("errorCode").and_then(Value::as_str) {
        let names = ctx.symbols.operation(op_id).map_err(|e| e.to_string())?;
        let (error_id, variant) = names
            .error_variants
            .iter()
            .find(|(id, _)| id.name() == code)
            .ok_or_else(|| format!("the operation does not list the error {code}"))?;
        let error_enum = emit::context::ident(&names.error);
        let variant = emit::context::ident(variant);
        let expected = value_expr(
            ctx,
            error_id,
            case.get("error")
                .unwrap_or(&Value::Object(Default::default())),
        )?;
        return Ok(quote! {
            #prelude
            match parsed {
                ::std::result::Result::Err(#module::#error_enum::#variant(error)) => {
                    let expected = #expected;
                    check::check_value(&error, &expected)
                }
                other => ::std::result::Result::Err(::std::format!("expected the error {}, got {:?}", #code, other)),
            }
        });
    }
    let output_id = op.output.ok_or("no output")?;
    let expected = value_expr(
        ctx,
        &output_id,
        case.get("result")
            .unwrap_or(&Value::Object(Default::default())),
    )?;
    Ok(quote! {
        #prelude
        let output = parsed.map_err(|e| ::std::format!("unexpected error {e:?}"))?;
        let expected = #expected;
        check::check_value(&output, &expected)
    })
}

/// A Rust expression building the value `json` (in botocore's parameter form) of the target.
fn value_expr(ctx: &Ctx<'_>, target: &ShapeId, json: &Value) -> Result<TokenStream, String> {
    let shape = ctx.shape(target).map_err(|e| e.to_string())?;
    let path = || ctx.type_path(target).map_err(|e| e.to_string());
    Ok(match &shape.kind {
        ShapeKind::Structure(members) => {
            let path = path()?;
            let object = json
                .as_object()
                .ok_or_else(|| format!("{target}: expected an object, got {json}"))?;
            let mut setters = Vec::new();
            for (key, value) in object {
                let member = members
                    .iter()
                    .find(|m| &m.name == key)
                    .ok_or_else(|| format!("{target} has no member {key}"))?;
                if value.is_null() {
                    continue;
                }
                let names = ctx
                    .symbols
                    .member(target, &member.name)
                    .map_err(|e| e.to_string())?;
                let setter = format_ident!("{}", names.option_setter);
                let mut inner = value_expr(ctx, &member.target, value)?;
                if ctx.is_boxed(target, member) {
                    inner = quote! { ::std::boxed::Box::new(#inner) };
                }
                setters.push(quote! { .#setter(::std::option::Option::Some(#inner)) });
            }
            let build = if members.iter().any(|m| m.traits.required) {
                quote! { .build().unwrap() }
            } else {
                quote! { .build() }
            };
            quote! { #path::builder() #( #setters )* #build }
        }
        ShapeKind::Union(members) => {
            let path = path()?;
            let object = json
                .as_object()
                .ok_or_else(|| format!("{target}: expected an object"))?;
            let (key, value) = object
                .iter()
                .next()
                .ok_or_else(|| format!("{target}: an empty union"))?;
            let member = members
                .iter()
                .find(|m| &m.name == key)
                .ok_or_else(|| format!("{target} has no member {key}"))?;
            let names = ctx
                .symbols
                .member(target, &member.name)
                .map_err(|e| e.to_string())?;
            let variant = emit::context::ident(&names.variant.ident);
            if member.target.is_unit() {
                quote! { #path::#variant }
            } else {
                let mut inner = value_expr(ctx, &member.target, value)?;
                if ctx.is_boxed(target, member) {
                    inner = quote! { ::std::boxed::Box::new(#inner) };
                }
                quote! { #path::#variant(#inner) }
            }
        }
        ShapeKind::List(element) => {
            let items = json
                .as_array()
                .ok_or_else(|| format!("{target}: expected a list"))?;
            let mut out = Vec::new();
            for item in items {
                if shape.traits.sparse {
                    if item.is_null() {
                        out.push(quote! { ::std::option::Option::None });
                    } else {
                        let inner = value_expr(ctx, &element.target, item)?;
                        out.push(quote! { ::std::option::Option::Some(#inner) });
                    }
                } else {
                    out.push(value_expr(ctx, &element.target, item)?);
                }
            }
            quote! { ::std::vec![#( #out ),*] }
        }
        ShapeKind::Map { key, value } => {
            let entries = json
                .as_object()
                .ok_or_else(|| format!("{target}: expected a map"))?;
            let mut out = Vec::new();
            for (k, v) in entries {
                let key_expr = value_expr(ctx, &key.target, &Value::from(k.as_str()))?;
                let value_expr = if shape.traits.sparse {
                    if v.is_null() {
                        quote! { ::std::option::Option::None }
                    } else {
                        let inner = value_expr(ctx, &value.target, v)?;
                        quote! { ::std::option::Option::Some(#inner) }
                    }
                } else {
                    value_expr(ctx, &value.target, v)?
                };
                out.push(quote! { (#key_expr, #value_expr) });
            }
            quote! { ::std::collections::BTreeMap::from_iter([#( #out ),*]) }
        }
        ShapeKind::Enum(_) => {
            let path = path()?;
            let text = json
                .as_str()
                .ok_or_else(|| format!("{target}: expected a string"))?;
            quote! { #path::from(#text) }
        }
        ShapeKind::IntEnum(_) => {
            let path = path()?;
            let number = json
                .as_i64()
                .ok_or_else(|| format!("{target}: expected an integer"))?
                as i32;
            quote! { #path::from(#number) }
        }
        ShapeKind::Simple(simple) => simple_expr(*simple, shape, json)?,
        other => return Err(format!("{target}: no values of a {}", other.word())),
    })
}

fn simple_expr(
    simple: Simple,
    shape: &connect_codegen::ir::Shape,
    json: &Value,
) -> Result<TokenStream, String> {
    let target = &shape.id;
    Ok(match simple {
        Simple::String => {
            let text = match json {
                Value::String(text) => text.clone(),
                // A JSON-valued string holds its value's JSON text.
                other => other.to_string(),
            };
            quote! { ::std::string::String::from(#text) }
        }
        Simple::Boolean => {
            let value = json
                .as_bool()
                .ok_or_else(|| format!("{target}: expected a boolean"))?;
            quote! { #value }
        }
        Simple::Byte | Simple::Short | Simple::Integer | Simple::Long => {
            let value = json
                .as_i64()
                .ok_or_else(|| format!("{target}: expected an integer"))?;
            let literal = match simple {
                Simple::Byte => Literal::i8_suffixed(value as i8),
                Simple::Short => Literal::i16_suffixed(value as i16),
                Simple::Integer => Literal::i32_suffixed(value as i32),
                _ => Literal::i64_suffixed(value),
            };
            quote! { #literal }
        }
        Simple::Float | Simple::Double => {
            let ty = if simple == Simple::Float {
                quote! { f32 }
            } else {
                quote! { f64 }
            };
            match json {
                Value::String(text) if text == "NaN" => quote! { #ty::NAN },
                Value::String(text) if text == "Infinity" => quote! { #ty::INFINITY },
                Value::String(text) if text == "-Infinity" => quote! { #ty::NEG_INFINITY },
                other => {
                    let value = other
                        .as_f64()
                        .ok_or_else(|| format!("{target}: expected a number"))?;
                    let literal = Literal::f64_unsuffixed(value);
                    quote! { (#literal as #ty) }
                }
            }
        }
        Simple::Timestamp => {
            let ty = quote! { ::connect_runtime::primitives::DateTime };
            match json {
                Value::Number(number) => {
                    let value = number
                        .as_f64()
                        .ok_or_else(|| format!("{target}: expected a number"))?;
                    let literal = Literal::f64_unsuffixed(value);
                    quote! { #ty::from_secs_f64(#literal).unwrap() }
                }
                Value::String(text) => {
                    quote! { ::connect_runtime::encoding::timestamp::parse_date_time(#text).unwrap() }
                }
                _ => return Err(format!("{target}: expected a timestamp")),
            }
        }
        Simple::Blob => {
            let text = json
                .as_str()
                .ok_or_else(|| format!("{target}: expected a string"))?;
            quote! { #text.as_bytes().to_vec() }
        }
        Simple::Document => document_expr(json),
        Simple::BigInteger => {
            let text = json.to_string();
            quote! { ::connect_runtime::primitives::BigInteger::parse(#text).unwrap() }
        }
        Simple::BigDecimal => {
            let text = json.to_string();
            quote! { ::connect_runtime::primitives::BigDecimal::parse(#text).unwrap() }
        }
    })
}

fn document_expr(json: &Value) -> TokenStream {
    let document = quote! { ::connect_runtime::primitives::Document };
    match json {
        Value::Null => quote! { #document::Null },
        Value::Bool(b) => quote! { #document::Bool(#b) },
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                quote! { #document::Number(::connect_runtime::primitives::Number::PosInt(#u)) }
            } else if let Some(i) = n.as_i64() {
                quote! { #document::Number(::connect_runtime::primitives::Number::NegInt(#i)) }
            } else {
                let f = Literal::f64_unsuffixed(n.as_f64().unwrap_or(0.0));
                quote! { #document::Number(::connect_runtime::primitives::Number::Float(#f)) }
            }
        }
        Value::String(s) => quote! { #document::String(::std::string::String::from(#s)) },
        Value::Array(items) => {
            let items = items.iter().map(document_expr);
            quote! { #document::Array(::std::vec![#( #items ),*]) }
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = document_expr(v);
                quote! { (::std::string::String::from(#k), #v) }
            });
            quote! { #document::Object(::std::collections::BTreeMap::from_iter([#( #entries ),*])) }
        }
    }
}
