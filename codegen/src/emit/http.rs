//! HTTP bindings of restJson1: turning an operation input into a request (URI labels, query,
//! headers, payload or JSON body) and a response into the output or the operation's error.

use super::context::{ident, runtime, Ctx};
use super::json::{
    self, in_body, local_name, member_loop, read_value, reader_name, wire_name, write_value,
};
use crate::error::Error;
use crate::ir::{
    HttpBinding, Member, Operation, Shape, ShapeId, ShapeKind, Simple, TimestampFormat,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Where a member's text goes, for its default timestamp format.
#[derive(Clone, Copy)]
enum Place {
    Header,
    Query,
    Label,
}

fn text_timestamp_format(ctx: &Ctx<'_>, member: &Member, place: Place) -> TimestampFormat {
    json::timestamp_format(
        ctx,
        member,
        match place {
            Place::Header => TimestampFormat::HttpDate,
            Place::Query | Place::Label => TimestampFormat::DateTime,
        },
    )
}

/// An expression of type `String` that renders a scalar (`item: &T`) as header, query or label text.
fn scalar_text(
    ctx: &Ctx<'_>,
    member: &Member,
    target: &Shape,
    place: Place,
) -> Result<TokenStream, Error> {
    Ok(match &target.kind {
        ShapeKind::Simple(Simple::String) => {
            if target.traits.media_type.as_deref() == Some("application/json")
                || member.traits.media_type.as_deref() == Some("application/json")
            {
                let encode = runtime(&["encoding", "base64", "encode"]);
                quote! { #encode(item.as_bytes()) }
            } else {
                quote! { item.clone() }
            }
        }
        ShapeKind::Enum(_) => quote! { item.as_str().to_owned() },
        ShapeKind::IntEnum(_) => quote! { item.as_i32().to_string() },
        ShapeKind::Simple(
            Simple::Boolean | Simple::Byte | Simple::Short | Simple::Integer | Simple::Long,
        ) => {
            quote! { item.to_string() }
        }
        ShapeKind::Simple(Simple::Float) => {
            let repr = runtime(&["json", "python_float32_repr"]);
            quote! { #repr(*item) }
        }
        ShapeKind::Simple(Simple::Double) => {
            let repr = runtime(&["json", "python_float_repr"]);
            quote! { #repr(*item) }
        }
        ShapeKind::Simple(Simple::BigInteger | Simple::BigDecimal) => {
            quote! { item.as_str().to_owned() }
        }
        ShapeKind::Simple(Simple::Timestamp) => {
            let text = runtime(&["protocol", "timestamp_text"]);
            let format = json::timestamp_format_tokens(text_timestamp_format(ctx, member, place));
            quote! { #text(item, #format) }
        }
        ShapeKind::Simple(Simple::Blob) => {
            let encode = runtime(&["encoding", "base64", "encode"]);
            quote! { #encode(item) }
        }
        _ => {
            return Err(Error::model(
                &ctx.selection.model.source,
                &member.pointer,
                &member.name,
                format!("{} cannot be bound to HTTP text", target.id),
            ))
        }
    })
}

/// Emits `serialize_request`, `deserialize_response` and `deserialize_error` for an operation.
pub fn emit(ctx: &Ctx<'_>, op_id: &ShapeId, op: &Operation) -> Result<TokenStream, Error> {
    let input = ctx.shape(
        op.input
            .as_ref()
            .ok_or_else(|| Error::internal("operation without synthetic input"))?,
    )?;
    let output = ctx.shape(
        op.output
            .as_ref()
            .ok_or_else(|| Error::internal("operation without synthetic output"))?,
    )?;
    let request = serialize_request(ctx, op, input)?;
    let response = deserialize_response(ctx, op_id, output)?;
    let errors = deserialize_error(ctx, op_id)?;
    Ok(quote! { #request #response #errors })
}

fn field(ctx: &Ctx<'_>, shape: &Shape, member: &Member) -> Result<proc_macro2::Ident, Error> {
    Ok(ident(
        &ctx.symbols.member(&shape.id, &member.name)?.field.ident,
    ))
}

/// `if let Some(item) = &input.field { ... }`, or the same over a required member; an unset
/// idempotency token becomes a fresh one.
fn with_item(
    ctx: &Ctx<'_>,
    shape: &Shape,
    member: &Member,
    body: TokenStream,
) -> Result<TokenStream, Error> {
    let field = field(ctx, shape, member)?;
    if member.traits.required {
        return Ok(quote! { { let item = &input.#field; #body } });
    }
    if member.traits.idempotency_token {
        let token = runtime(&["idempotency", "new_token"]);
        return Ok(quote! { {
            let fresh;
            let item = match &input.#field {
                ::std::option::Option::Some(item) => item,
                ::std::option::Option::None => {
                    fresh = #token();
                    &fresh
                }
            };
            #body
        } });
    }
    Ok(quote! { if let ::std::option::Option::Some(item) = &input.#field { #body } })
}

fn serialize_request(ctx: &Ctx<'_>, op: &Operation, input: &Shape) -> Result<TokenStream, Error> {
    let request_ty = runtime(&["http", "HttpRequest"]);
    let ser_error = runtime(&["protocol", "SerializeError"]);
    let percent = runtime(&["encoding", "percent", "encode"]);
    let percent_greedy = runtime(&["encoding", "percent", "encode_greedy"]);
    let (method, template) = match &op.http {
        Some(http) => (http.method.clone(), http.uri.clone()),
        None => ("POST".to_owned(), "/".to_owned()),
    };
    let (path_template, fixed_query) = match template.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (template.clone(), None),
    };
    let members = input.kind.members();

    // Path: literal pieces and labels.
    let mut path_statements = Vec::new();
    let mut rest = path_template.as_str();
    while let Some(open) = rest.find('{') {
        let literal = &rest[..open];
        if !literal.is_empty() {
            path_statements.push(quote! { uri.push_str(#literal); });
        }
        let close = rest[open..].find('}').map(|i| i + open).ok_or_else(|| {
            Error::model(
                &ctx.selection.model.source,
                "",
                &input.id,
                format!("unclosed label in URI `{template}`"),
            )
        })?;
        let label = &rest[open + 1..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let member = members.iter().find(|m| m.name == name && m.traits.http == Some(HttpBinding::Label)).ok_or_else(|| {
            Error::model(
                &ctx.selection.model.source,
                &input.pointer,
                &input.id,
                format!("the URI `{template}` names the label {name}, which is not a label member of the input"),
            )
        })?;
        let text = scalar_text(ctx, member, ctx.shape(&member.target)?, Place::Label)?;
        let encode = if greedy { &percent_greedy } else { &percent };
        let message = format!("the URI label {name} must not be empty");
        let field = field(ctx, input, member)?;
        let item = if member.traits.required {
            quote! { let item = &input.#field; }
        } else {
            quote! {
                let ::std::option::Option::Some(item) = &input.#field else {
                    return ::std::result::Result::Err(#ser_error::new(#message));
                };
            }
        };
        path_statements.push(quote! { {
            #item
            let text = #text;
            if text.is_empty() {
                return ::std::result::Result::Err(#ser_error::new(#message));
            }
            uri.push_str(&#encode(&text));
        } });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        path_statements.push(quote! { uri.push_str(#rest); });
    }

    // Query.
    let mut query_statements = Vec::new();
    let explicit: Vec<String> = members
        .iter()
        .filter_map(|m| match &m.traits.http {
            Some(HttpBinding::Query(name)) => Some(name.clone()),
            _ => None,
        })
        .collect();
    for member in members {
        match &member.traits.http {
            Some(HttpBinding::Query(name)) => {
                let target = ctx.shape(&member.target)?;
                let statement = match &target.kind {
                    ShapeKind::List(element) => {
                        let element_target = ctx.shape(&element.target)?;
                        let text = scalar_text(ctx, member, element_target, Place::Query)?;
                        quote! { for item in item { query.push((#name.to_owned(), #text)); } }
                    }
                    _ => {
                        let text = scalar_text(ctx, member, target, Place::Query)?;
                        quote! { query.push((#name.to_owned(), #text)); }
                    }
                };
                query_statements.push(with_item(ctx, input, member, statement)?);
            }
            Some(HttpBinding::QueryParams) => {
                let target = ctx.shape(&member.target)?;
                let ShapeKind::Map { value, .. } = &target.kind else {
                    return Err(Error::internal(format!(
                        "httpQueryParams on a non-map {}",
                        target.id
                    )));
                };
                let value_target = ctx.shape(&value.target)?;
                let push = match &value_target.kind {
                    ShapeKind::List(_) => {
                        quote! { for item in item { query.push((key.clone(), item.clone())); } }
                    }
                    _ => quote! { query.push((key.clone(), item.clone())); },
                };
                query_statements.push(with_item(
                    ctx,
                    input,
                    member,
                    quote! {
                        const EXPLICIT: &[&str] = &[#( #explicit ),*];
                        for (key, item) in item {
                            if EXPLICIT.contains(&key.as_str()) {
                                continue;
                            }
                            #push
                        }
                    },
                )?);
            }
            _ => {}
        }
    }
    let query = if query_statements.is_empty() && fixed_query.is_none() {
        TokenStream::new()
    } else {
        let fixed = fixed_query.unwrap_or_default();
        quote! {
            let mut query: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
            #( #query_statements )*
            let mut separator = '?';
            if !#fixed.is_empty() {
                uri.push(separator);
                uri.push_str(#fixed);
                separator = '&';
            }
            for (key, item) in &query {
                uri.push(separator);
                uri.push_str(&#percent(key));
                uri.push('=');
                uri.push_str(&#percent(item));
                separator = '&';
            }
        }
    };

    // Headers.
    let mut header_statements = Vec::new();
    for member in members {
        match &member.traits.http {
            Some(HttpBinding::Header(name)) => {
                let target = ctx.shape(&member.target)?;
                let statement = match &target.kind {
                    ShapeKind::List(element) => {
                        let element_target = ctx.shape(&element.target)?;
                        let text = scalar_text(ctx, member, element_target, Place::Header)?;
                        let quote_item = runtime(&["http", "quote_header_list_item"]);
                        let text = if matches!(
                            element_target.kind,
                            ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)
                        ) {
                            quote! { #quote_item(&#text) }
                        } else {
                            text
                        };
                        quote! {
                            let parts: ::std::vec::Vec<::std::string::String> = item.iter().map(|item| #text).collect();
                            headers.push((#name.to_owned(), parts.join(", ")));
                        }
                    }
                    _ => {
                        let text = scalar_text(ctx, member, target, Place::Header)?;
                        quote! { headers.push((#name.to_owned(), #text)); }
                    }
                };
                header_statements.push(with_item(ctx, input, member, statement)?);
            }
            Some(HttpBinding::PrefixHeaders(prefix)) => {
                header_statements.push(with_item(
                    ctx,
                    input,
                    member,
                    quote! {
                        for (key, item) in item {
                            headers.push((::std::format!("{}{}", #prefix, key), item.clone()));
                        }
                    },
                )?);
            }
            _ => {}
        }
    }

    // Body.
    let json_writer = runtime(&["json", "JsonWriter"]);
    let payload = members
        .iter()
        .find(|m| m.traits.http == Some(HttpBinding::Payload));
    let body_members: Vec<&Member> = members.iter().filter(|m| in_body(m)).collect();
    let (body, streaming) = match payload {
        Some(member) => {
            let target = ctx.shape(&member.target)?;
            let field = field(ctx, input, member)?;
            match &target.kind {
                ShapeKind::Simple(Simple::Blob) => (
                    quote! { let body = input.#field.clone().unwrap_or_default(); },
                    true,
                ),
                ShapeKind::Simple(Simple::String) => (
                    quote! { let body = input.#field.clone().unwrap_or_default().into_bytes(); },
                    true,
                ),
                ShapeKind::Enum(_) => (
                    quote! {
                        let body = input.#field.as_ref().map(|item| item.as_str().as_bytes().to_vec()).unwrap_or_default();
                    },
                    true,
                ),
                _ => {
                    let write = write_value(ctx, member, quote! { item })?;
                    // An unset structure payload is sent as `{}`, an unset union or document as nothing.
                    let unset = if matches!(target.kind, ShapeKind::Structure(_)) {
                        quote! { writer.begin_object(); writer.end_object(); }
                    } else {
                        TokenStream::new()
                    };
                    let write = if member.traits.required {
                        quote! { let item = &input.#field; #write }
                    } else {
                        quote! {
                            match &input.#field {
                                ::std::option::Option::Some(item) => { #write }
                                ::std::option::Option::None => { #unset }
                            }
                        }
                    };
                    (
                        quote! {
                            let mut owned = #json_writer::new();
                            let writer = &mut owned;
                            #write
                            let body = owned.finish();
                        },
                        false,
                    )
                }
            }
        }
        None if body_members.is_empty() => (quote! { let body = ::std::vec::Vec::new(); }, false),
        None => {
            let mut statements = Vec::new();
            for member in &body_members {
                let key = wire_name(member);
                let write = write_value(ctx, member, quote! { item })?;
                statements.push(with_item(
                    ctx,
                    input,
                    member,
                    quote! { writer.key(#key); #write },
                )?);
            }
            (
                quote! {
                    let mut owned = #json_writer::with_capacity(512);
                    let writer = &mut owned;
                    writer.begin_object();
                    #( #statements )*
                    writer.end_object();
                    let body = owned.finish();
                },
                false,
            )
        }
    };
    let media_type = if streaming {
        let declared = payload.and_then(|m| {
            m.traits.media_type.clone().or_else(|| {
                ctx.selection
                    .model
                    .get(&m.target)
                    .and_then(|t| t.traits.media_type.clone())
            })
        });
        let blob = payload
            .and_then(|m| ctx.selection.model.get(&m.target))
            .is_some_and(|t| matches!(t.kind, ShapeKind::Simple(Simple::Blob)));
        declared.unwrap_or_else(|| {
            if blob {
                "application/octet-stream"
            } else {
                "text/plain"
            }
            .to_owned()
        })
    } else {
        "application/json".to_owned()
    };
    let content_type = quote! {
        if !body.is_empty() {
            if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
                headers.push(("Content-Type".to_owned(), #media_type.to_owned()));
            }
            headers.push(("Content-Length".to_owned(), body.len().to_string()));
        }
    };
    let host_prefix = match &op.host_prefix {
        None => quote! { ::std::option::Option::None },
        Some(prefix) => host_prefix(ctx, input, prefix)?,
    };
    let input_ty = ctx.type_path(&input.id)?;
    let headers_mut = quote! {
        let mut headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
    };
    let input_param = if members.is_empty() {
        format_ident!("_input")
    } else {
        format_ident!("input")
    };
    Ok(quote! {
        /// Serializes the input into an HTTP request (not yet signed). An unset idempotency token is
        /// filled with a fresh one; call [`fill_idempotency_tokens`] first to keep one across retries.
        pub fn serialize_request(#input_param: &#input_ty) -> ::std::result::Result<#request_ty, #ser_error> {
            let mut uri = ::std::string::String::with_capacity(64);
            #( #path_statements )*
            #query
            #headers_mut
            #( #header_statements )*
            #body
            #content_type
            ::std::result::Result::Ok(#request_ty {
                method: #method,
                uri,
                headers,
                body,
                host_prefix: #host_prefix,
            })
        }
    })
}

/// The host prefix with its `{Label}`s replaced by host-label members.
fn host_prefix(ctx: &Ctx<'_>, input: &Shape, prefix: &str) -> Result<TokenStream, Error> {
    let ser_error = runtime(&["protocol", "SerializeError"]);
    let mut pieces = Vec::new();
    let mut rest = prefix;
    while let Some(open) = rest.find('{') {
        let literal = &rest[..open];
        pieces.push(quote! { prefix.push_str(#literal); });
        let close = rest[open..]
            .find('}')
            .map(|i| i + open)
            .ok_or_else(|| Error::internal(format!("unclosed host label in `{prefix}`")))?;
        let name = &rest[open + 1..close];
        let member = input
            .kind
            .members()
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| {
                Error::model(
                    &ctx.selection.model.source,
                    &input.pointer,
                    &input.id,
                    format!("host prefix `{prefix}` names {name}, which the input lacks"),
                )
            })?;
        let field = field(ctx, input, member)?;
        let message = format!("the host label {name} must be set and contain only letters, digits, hyphens and periods");
        let value = if member.traits.required {
            quote! { input.#field.as_str() }
        } else {
            quote! { input.#field.as_deref().unwrap_or_default() }
        };
        pieces.push(quote! { {
            let value = #value;
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
                return ::std::result::Result::Err(#ser_error::new(#message));
            }
            prefix.push_str(value);
        } });
        rest = &rest[close + 1..];
    }
    pieces.push(quote! { prefix.push_str(#rest); });
    Ok(quote! { {
        let mut prefix = ::std::string::String::new();
        #( #pieces )*
        ::std::option::Option::Some(prefix)
    } })
}

/// An expression (`Result<T, DeError>`) that parses header text `text: &str` as the target.
fn parse_scalar(
    ctx: &Ctx<'_>,
    member: &Member,
    target: &Shape,
    header: &str,
) -> Result<TokenStream, Error> {
    let de_error = runtime(&["json", "DeError"]);
    let bad = format!("the header {header} does not hold a valid value");
    let fail = quote! { #de_error::new(#bad, 0) };
    Ok(match &target.kind {
        ShapeKind::Simple(Simple::String) => {
            if target.traits.media_type.as_deref() == Some("application/json")
                || member.traits.media_type.as_deref() == Some("application/json")
            {
                let decode = runtime(&["encoding", "base64", "decode"]);
                quote! {
                    #decode(text.trim())
                        .and_then(|bytes| ::std::string::String::from_utf8(bytes).ok())
                        .ok_or_else(|| #fail)
                }
            } else {
                quote! { ::std::result::Result::<_, #de_error>::Ok(text.to_owned()) }
            }
        }
        ShapeKind::Enum(_) => {
            let path = ctx.type_path(&target.id)?;
            quote! { ::std::result::Result::<_, #de_error>::Ok(#path::from(text.trim())) }
        }
        ShapeKind::IntEnum(_) => {
            let path = ctx.type_path(&target.id)?;
            quote! { text.trim().parse::<i32>().map(#path::from).map_err(|_| #fail) }
        }
        ShapeKind::Simple(Simple::Boolean) => quote! {
            match text.trim() {
                "true" => ::std::result::Result::Ok(true),
                "false" => ::std::result::Result::Ok(false),
                _ => ::std::result::Result::Err(#fail),
            }
        },
        ShapeKind::Simple(
            simple @ (Simple::Byte | Simple::Short | Simple::Integer | Simple::Long),
        ) => {
            let ty = super::context::simple_type(*simple);
            quote! { text.trim().parse::<#ty>().map_err(|_| #fail) }
        }
        ShapeKind::Simple(simple @ (Simple::Float | Simple::Double)) => {
            let ty = super::context::simple_type(*simple);
            quote! {
                match text.trim() {
                    "NaN" => ::std::result::Result::Ok(#ty::NAN),
                    "Infinity" => ::std::result::Result::Ok(#ty::INFINITY),
                    "-Infinity" => ::std::result::Result::Ok(#ty::NEG_INFINITY),
                    other => other.parse::<#ty>().map_err(|_| #fail),
                }
            }
        }
        ShapeKind::Simple(Simple::Timestamp) => {
            let parse = runtime(&["protocol", "parse_timestamp"]);
            let format =
                json::timestamp_format_tokens(text_timestamp_format(ctx, member, Place::Header));
            quote! { #parse(text.trim(), #format).ok_or_else(|| #fail) }
        }
        ShapeKind::Simple(Simple::Blob) => {
            let decode = runtime(&["encoding", "base64", "decode"]);
            quote! { #decode(text.trim()).ok_or_else(|| #fail) }
        }
        ShapeKind::Simple(Simple::BigInteger) => {
            let ty = runtime(&["primitives", "BigInteger"]);
            quote! { #ty::parse(text.trim()).ok_or_else(|| #fail) }
        }
        ShapeKind::Simple(Simple::BigDecimal) => {
            let ty = runtime(&["primitives", "BigDecimal"]);
            quote! { #ty::parse(text.trim()).ok_or_else(|| #fail) }
        }
        _ => {
            return Err(Error::model(
                &ctx.selection.model.source,
                &member.pointer,
                &member.name,
                format!("{} cannot be read from a header", target.id),
            ))
        }
    })
}

/// Statements that fill the locals of members bound to headers and the status code.
fn bound_members(ctx: &Ctx<'_>, shape: &Shape) -> Result<Vec<TokenStream>, Error> {
    let mut statements = Vec::new();
    let find = runtime(&["http", "find_header"]);
    for member in shape.kind.members() {
        let names = ctx.symbols.member(&shape.id, &member.name)?;
        let local = local_name(&names.field.ident);
        let target = ctx.shape(&member.target)?;
        match &member.traits.http {
            Some(HttpBinding::Header(name)) => {
                let value = match &target.kind {
                    ShapeKind::List(element) => {
                        let element_target = ctx.shape(&element.target)?;
                        let parse = parse_scalar(ctx, member, element_target, name)?;
                        let split = runtime(&["http", "split_header_list"]);
                        let http_date =
                            matches!(element_target.kind, ShapeKind::Simple(Simple::Timestamp))
                                && text_timestamp_format(ctx, member, Place::Header)
                                    == TimestampFormat::HttpDate;
                        let items = if http_date {
                            // An HTTP date holds a comma itself: the items are every two pieces.
                            quote! {
                                #split(text)
                                    .chunks(2)
                                    .map(|pair| pair.join(", "))
                                    .collect::<::std::vec::Vec<_>>()
                            }
                        } else {
                            quote! { #split(text) }
                        };
                        quote! {
                            match #find(&response.headers, #name) {
                                ::std::option::Option::Some(text) => {
                                    let mut items = ::std::vec::Vec::new();
                                    for text in #items.iter().map(|t| t.as_str()) {
                                        items.push(#parse?);
                                    }
                                    ::std::option::Option::Some(items)
                                }
                                ::std::option::Option::None => ::std::option::Option::None,
                            }
                        }
                    }
                    _ => {
                        let parse = parse_scalar(ctx, member, target, name)?;
                        quote! {
                            match #find(&response.headers, #name) {
                                ::std::option::Option::Some(text) => ::std::option::Option::Some(#parse?),
                                ::std::option::Option::None => ::std::option::Option::None,
                            }
                        }
                    }
                };
                statements.push(quote! { let #local = #value; });
            }
            Some(HttpBinding::PrefixHeaders(prefix)) => {
                let lower = prefix.to_ascii_lowercase();
                statements.push(quote! {
                    let #local = {
                        let mut entries = ::std::collections::BTreeMap::new();
                        for (name, value) in &response.headers {
                            if name.len() >= #lower.len() && name.is_char_boundary(#lower.len()) && name[..#lower.len()].eq_ignore_ascii_case(#lower) {
                                entries.insert(name[#lower.len()..].to_owned(), value.clone());
                            }
                        }
                        if entries.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(entries) }
                    };
                });
            }
            Some(HttpBinding::ResponseCode) => {
                statements.push(quote! { let #local = ::std::option::Option::Some(i32::from(response.status)); });
            }
            Some(HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams) => {
                statements.push(quote! { let #local = ::std::option::Option::None; });
            }
            Some(HttpBinding::Payload) | None => {}
        }
    }
    Ok(statements)
}

/// A function reading a structure (an output or an error) from a whole response.
pub fn response_reader(ctx: &Ctx<'_>, shape: &Shape) -> Result<TokenStream, Error> {
    let name = format_ident!("{}_response", reader_name(ctx, &shape.id)?);
    let ty = ctx.type_path(&shape.id)?;
    let response_ty = runtime(&["http", "HttpResponse"]);
    let de_error = runtime(&["json", "DeError"]);
    let json_reader = runtime(&["json", "JsonReader"]);
    let bound = bound_members(ctx, shape)?;
    let payload = shape
        .kind
        .members()
        .iter()
        .find(|m| m.traits.http == Some(HttpBinding::Payload));
    let (construct, uses_offset) = json::construct(ctx, shape)?;
    let offset = if uses_offset {
        quote! { let reader_offset = 0usize; }
    } else {
        TokenStream::new()
    };
    let body = match payload {
        Some(member) => {
            let local = local_name(&ctx.symbols.member(&shape.id, &member.name)?.field.ident);
            let target = ctx.shape(&member.target)?;
            match &target.kind {
                ShapeKind::Simple(Simple::Blob) => quote! {
                    let #local = if response.body.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(response.body.clone()) };
                },
                ShapeKind::Enum(_) => {
                    let path = ctx.type_path(&target.id)?;
                    quote! {
                        let #local = if response.body.is_empty() {
                            ::std::option::Option::None
                        } else {
                            ::std::option::Option::Some(#path::from(
                                ::std::str::from_utf8(&response.body)
                                    .map_err(|error| #de_error::new("the payload is not valid UTF-8", error.valid_up_to()))?,
                            ))
                        };
                    }
                }
                ShapeKind::Simple(Simple::String) => quote! {
                    let #local = if response.body.is_empty() {
                        ::std::option::Option::None
                    } else {
                        ::std::option::Option::Some(
                            ::std::string::String::from_utf8(response.body.clone())
                                .map_err(|error| #de_error::new("the payload is not valid UTF-8", error.utf8_error().valid_up_to()))?,
                        )
                    };
                },
                _ => {
                    let read = read_value(ctx, member)?;
                    quote! {
                        let #local = if response.body.iter().all(u8::is_ascii_whitespace) {
                            ::std::option::Option::None
                        } else {
                            let mut owned = #json_reader::new(&response.body)?;
                            let reader = &mut owned;
                            let value = #read;
                            reader.end()?;
                            ::std::option::Option::Some(value)
                        };
                    }
                }
            }
        }
        None => {
            let (declarations, member_loop) = member_loop(ctx, shape, false)?;
            if declarations.is_empty() {
                TokenStream::new()
            } else {
                quote! {
                    #( #declarations )*
                    if !response.body.iter().all(u8::is_ascii_whitespace) {
                        let mut owned = #json_reader::new(&response.body)?;
                        let reader = &mut owned;
                        reader.begin_object()?;
                        #member_loop
                        reader.end()?;
                    }
                }
            }
        }
    };
    let doc = format!(" Reads a `{}` from a whole HTTP response.", shape.id.name());
    let param = if body.is_empty() && bound.is_empty() {
        format_ident!("_response")
    } else {
        format_ident!("response")
    };
    Ok(quote! {
        #[doc = #doc]
        pub fn #name(#param: &#response_ty) -> ::std::result::Result<#ty, #de_error> {
            #offset
            #body
            #( #bound )*
            ::std::result::Result::Ok(#construct)
        }
    })
}

fn deserialize_response(
    ctx: &Ctx<'_>,
    op_id: &ShapeId,
    output: &Shape,
) -> Result<TokenStream, Error> {
    let names = ctx.symbols.operation(op_id)?;
    let error_enum = ident(&names.error);
    let response_ty = runtime(&["http", "HttpResponse"]);
    let de_error = runtime(&["json", "DeError"]);
    let output_ty = ctx.type_path(&output.id)?;
    let reader = format_ident!("{}_response", reader_name(ctx, &output.id)?);
    Ok(quote! {
        /// Reads the response: the output for a 2xx status, otherwise the operation's error. The outer
        /// `Err` is a response that could not be read at all.
        pub fn deserialize_response(
            response: &#response_ty,
        ) -> ::std::result::Result<::std::result::Result<#output_ty, #error_enum>, #de_error> {
            if !response.is_success() {
                return ::std::result::Result::Ok(::std::result::Result::Err(deserialize_error(response)));
            }
            crate::json::#reader(response).map(::std::result::Result::Ok)
        }
    })
}

fn deserialize_error(ctx: &Ctx<'_>, op_id: &ShapeId) -> Result<TokenStream, Error> {
    let names = ctx.symbols.operation(op_id)?;
    let error_enum = ident(&names.error);
    let unhandled = ident(&names.unhandled);
    let response_ty = runtime(&["http", "HttpResponse"]);
    let metadata = runtime(&["protocol", "error_metadata"]);
    let mut arms = Vec::new();
    for (error_id, variant) in &names.error_variants {
        let code = error_id.name();
        let variant = ident(variant);
        let reader = format_ident!("{}_response", reader_name(ctx, error_id)?);
        arms.push(quote! {
            ::std::option::Option::Some(#code) => {
                if let ::std::result::Result::Ok(error) = crate::json::#reader(response) {
                    return #error_enum::#variant(error);
                }
            }
        });
    }
    Ok(quote! {
        /// Turns an error response into the operation's error: a modelled error when the code is one
        /// the operation lists and its body reads, otherwise the unhandled variant with everything
        /// received.
        pub fn deserialize_error(response: &#response_ty) -> #error_enum {
            let metadata = #metadata(response);
            match metadata.code.as_deref() {
                #( #arms )*
                _ => {}
            }
            #error_enum::#unhandled(crate::primitives::UnhandledError::new(
                metadata.code,
                metadata.message,
                response.status,
                response.request_id().map(str::to_owned),
            ))
        }
    })
}
