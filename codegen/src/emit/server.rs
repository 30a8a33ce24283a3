//! The server half of restJson1, for a service that answers the operations: a router from method
//! and path to operation, and per operation a reader of the request into the input (labels, query,
//! headers, JSON body, with the same bounded JSON reader), a writer of the output as the response,
//! and a writer of any of the operation's errors (status from `httpError`, `X-Amzn-ErrorType`, JSON
//! body). Emitted only when the settings ask for it, into a `server` module of its own, so a client
//! crate never carries it.

use super::context::{ident, Ctx, OperationParts};
use super::http::text::{self, Place};
use super::http::{uri_template, UriPiece};
use super::json::{member_loop, reader_path, writer_path};
use super::paths::{rt, support};
use crate::error::Error;
use crate::ir::{HttpBinding, Member, Operation, Shape, ShapeId, ShapeKind, Simple};
use crate::naming::{self, upper_camel_case};
use proc_macro2::TokenStream;
use quote::quote;

/// Documentation of the `server` module.
pub const DOCS: &str =
    "The server half: a router, and per operation its request reader and response writers.";

/// The code of the `server` module, with one submodule per operation.
pub fn emit(ctx: &Ctx<'_>) -> Result<TokenStream, Error> {
    let mut variants = Vec::new();
    let mut names = Vec::new();
    let mut routes = Vec::new();
    let mut out = Vec::new();
    for op_id in &ctx.selection.operations {
        let parts = ctx.operation(op_id)?;
        let variant = ident(&upper_camel_case(op_id.name()));
        let op_name = op_id.name();
        variants.push(quote! { #variant, });
        names.push(quote! { Operation::#variant => #op_name, });
        let (method, uri) = parts.op.http.as_ref().map_or(("POST", "/"), |http| {
            (http.method.as_str(), http.uri.as_str())
        });
        let path = uri.split_once('?').map_or(uri, |(path, _)| path);
        routes.push(route(ctx, parts.input, method, path, &variant)?);
        let module = ident(&ctx.symbols.operation(op_id)?.module);
        let docs = super::docs::attrs(&format!(
            "Serving {op_name}: its request read, its output and errors written."
        ));
        let items = operation(ctx, op_id, &parts)?;
        out.push(quote! {
            #docs
            pub mod #module {
                #items
            }
        });
    }
    Ok(quote! {
            /// The operations this server answers.
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub enum Operation {
                #( #variants )*
            }

            impl Operation {
                /// The operation's name in the model.
                pub const fn name(self) -> &'static str {
                    match self {
                        #( #names )*
                    }
                }
            }

            /// The operation a request is for, with its URI labels (percent-decoded); `None`
            /// when no operation has this method and path.
            pub fn route(
                method: &str,
                path: &str,
            ) -> ::std::option::Option<(Operation, ::std::vec::Vec<(&'static str, ::std::string::String)>)> {
                let segments: ::std::vec::Vec<&str> = path.trim_start_matches('/').split('/').collect();
                #( #routes )*
                ::std::option::Option::None
            }

            #( #out )*
    })
}

/// The router's test for one operation: its method, its literal segments, and its labels.
fn route(
    ctx: &Ctx<'_>,
    input: &Shape,
    method: &str,
    path: &str,
    variant: &proc_macro2::Ident,
) -> Result<TokenStream, Error> {
    let label = support::LABEL.path(ctx.server_support()?);
    // The template's segments: literal text, a label, or a greedy label (the rest of the path).
    let mut checks = Vec::new();
    let mut captures = Vec::new();
    let mut greedy = false;
    let template: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    for (position, segment) in template.iter().enumerate() {
        let index = proc_macro2::Literal::usize_unsuffixed(position);
        let pieces = uri_template(ctx, input, segment)?;
        match pieces.as_slice() {
            [UriPiece::Label { member, greedy: true }] => {
                let name = &member.name;
                captures.push(quote! { (#name, #label(&segments[#index..].join("/"))) });
                greedy = true;
            }
            [UriPiece::Label { member, .. }] => {
                let name = &member.name;
                checks.push(quote! { !segments[#index].is_empty() });
                captures.push(quote! { (#name, #label(segments[#index])) });
            }
            _ if pieces.iter().all(|p| matches!(p, UriPiece::Literal(_))) => {
                checks.push(quote! { segments[#index] == #segment });
            }
            _ => {
                return Err(ctx.selection.model.error(
                    &input.pointer,
                    &input.id,
                    format!("the URI segment `{segment}` mixes text and a label, which the server cannot route"),
                ))
            }
        }
    }
    let count = proc_macro2::Literal::usize_unsuffixed(template.len());
    let length = if greedy {
        quote! { segments.len() >= #count }
    } else {
        quote! { segments.len() == #count }
    };
    Ok(quote! {
        if method == #method && #length #( && #checks )* {
            return ::std::option::Option::Some((Operation::#variant, ::std::vec::Vec::from([ #( #captures ),* ])));
        }
    })
}

/// The module of one operation.
fn operation(
    ctx: &Ctx<'_>,
    op_id: &ShapeId,
    parts: &OperationParts<'_>,
) -> Result<TokenStream, Error> {
    let reader = read_request(ctx, parts.input)?;
    let writer = write_response(ctx, parts.op, parts.output)?;
    let errors = write_error(ctx, op_id)?;
    Ok(quote! { #reader #writer #errors })
}

/// `read_request`: the input from the request and the router's labels.
fn read_request(ctx: &Ctx<'_>, input: &Shape) -> Result<TokenStream, Error> {
    let request_ty = support::RECEIVED_REQUEST.path(ctx.server_support()?);
    let request_error = support::REQUEST_ERROR.path(ctx.server_support()?);
    let input_ty = ctx.type_path(&input.id)?;
    let builder = ctx.builder_path(&input.id)?;
    let members = input.kind.members();
    let mut bound = Vec::new();
    for member in members {
        let local = ident(&ctx.symbols.member(&input.id, &member.name)?.local);
        let target = ctx.shape(&member.target)?;
        let value = match &member.traits.http {
            Some(HttpBinding::Label) => {
                let name = &member.name;
                let parse = text::parse(ctx, member, target, Place::Label, name)?;
                quote! {
                    match labels.iter().find(|(label, _)| *label == #name) {
                        ::std::option::Option::Some((_, text)) => { let text = text.as_str(); ::std::option::Option::Some(#parse?) }
                        ::std::option::Option::None => ::std::option::Option::None,
                    }
                }
            }
            Some(HttpBinding::Query(name)) => match &target.kind {
                ShapeKind::List(element) => {
                    let parse =
                        text::parse(ctx, member, ctx.shape(&element.target)?, Place::Query, name)?;
                    quote! { {
                        let mut items = ::std::vec::Vec::new();
                        for (_, text) in query.iter().filter(|(key, _)| key == #name) {
                            let text = text.as_str();
                            items.push(#parse?);
                        }
                        if items.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(items) }
                    } }
                }
                _ => {
                    let parse = text::parse(ctx, member, target, Place::Query, name)?;
                    quote! {
                        match query.iter().find(|(key, _)| key == #name) {
                            ::std::option::Option::Some((_, text)) => { let text = text.as_str(); ::std::option::Option::Some(#parse?) }
                            ::std::option::Option::None => ::std::option::Option::None,
                        }
                    }
                }
            },
            Some(HttpBinding::QueryParams) => {
                let ShapeKind::Map { value, .. } = &target.kind else {
                    return Err(ctx.member_problem(member, "httpQueryParams must bind a map"));
                };
                let list = matches!(ctx.shape(&value.target)?.kind, ShapeKind::List(_));
                let insert = if list {
                    quote! { entries.entry(key.clone()).or_insert_with(::std::vec::Vec::new).push(value.clone()); }
                } else {
                    quote! { entries.entry(key.clone()).or_insert_with(|| value.clone()); }
                };
                quote! { {
                    let mut entries = ::std::collections::BTreeMap::new();
                    for (key, value) in &query { #insert }
                    if entries.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(entries) }
                } }
            }
            Some(HttpBinding::Header(name)) => {
                text::read_header(ctx, member, target, name, quote! { &request.headers })?
            }
            Some(HttpBinding::PrefixHeaders(prefix)) => {
                let prefixed = rt::PREFIXED_HEADERS.path();
                let lower = prefix.to_ascii_lowercase();
                quote! { #prefixed(&request.headers, #lower) }
            }
            Some(HttpBinding::Payload) => payload(ctx, member, target)?,
            Some(HttpBinding::ResponseCode) | None => continue,
        };
        bound.push(quote! { let #local = #value; });
    }
    let body_members = members.iter().any(Member::in_body);
    let body = if body_members {
        let (declarations, member_loop) = member_loop(ctx, input)?;
        let json_reader = rt::JSON_READER.path();
        let document = rt::JSON_DOCUMENT.path();
        quote! {
            #( #declarations )*
            let reader = &mut #json_reader::new(#document(&request.body))?;
            reader.begin_object()?;
            #member_loop
            reader.end()?;
        }
    } else {
        TokenStream::new()
    };
    let uses_query = members.iter().any(|m| {
        matches!(
            m.traits.http,
            Some(HttpBinding::Query(_) | HttpBinding::QueryParams)
        )
    });
    let query = if uses_query {
        quote! { let query = request.query(); }
    } else {
        TokenStream::new()
    };
    let mut sets = Vec::new();
    for member in members {
        let names = ctx.symbols.member(&input.id, &member.name)?;
        let local = ident(&names.local);
        let setter = ident(&names.option_setter);
        sets.push(quote! { .#setter(#local) });
    }
    let build = if members.iter().any(|m| m.traits.required) {
        quote! { #builder::default() #( #sets )* .build().map_err(#request_error::Missing) }
    } else {
        quote! { ::std::result::Result::Ok(#builder::default() #( #sets )* .build()) }
    };
    let uses_request = body_members
        || members.iter().any(|m| {
            matches!(
                m.traits.http,
                Some(
                    HttpBinding::Query(_)
                        | HttpBinding::QueryParams
                        | HttpBinding::Header(_)
                        | HttpBinding::PrefixHeaders(_)
                        | HttpBinding::Payload
                )
            )
        });
    let request_param = if uses_request {
        quote! { request }
    } else {
        quote! { _request }
    };
    let uses_labels = members
        .iter()
        .any(|m| m.traits.http == Some(HttpBinding::Label));
    let labels_param = if uses_labels {
        quote! { labels }
    } else {
        quote! { _labels }
    };
    let name = ident(naming::READ_REQUEST);
    Ok(quote! {
        /// Reads the input from a request and the labels the router captured. Required members
        /// that are missing are named together.
        pub fn #name(
            #request_param: &#request_ty,
            #labels_param: &[(&'static str, ::std::string::String)],
        ) -> ::std::result::Result<#input_ty, #request_error> {
            #query
            #( #bound )*
            #body
            #build
        }
    })
}

/// The value of a payload member from the body.
fn payload(ctx: &Ctx<'_>, member: &Member, target: &Shape) -> Result<TokenStream, Error> {
    let de_error = rt::DE_ERROR.path();
    Ok(match &target.kind {
        ShapeKind::Simple(Simple::Blob) => quote! {
            if request.body.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(request.body.clone()) }
        },
        ShapeKind::Simple(Simple::String) => quote! {
            if request.body.is_empty() {
                ::std::option::Option::None
            } else {
                ::std::option::Option::Some(::std::string::String::from_utf8(request.body.clone())
                    .map_err(|error| #de_error::new("the payload is not valid UTF-8", error.utf8_error().valid_up_to()))?)
            }
        },
        ShapeKind::Structure(_)
        | ShapeKind::Union(_)
        | ShapeKind::List(_)
        | ShapeKind::Map { .. } => {
            let read = reader_path(ctx, &target.id)?;
            let json_reader = rt::JSON_READER.path();
            quote! {
                if request.body.iter().all(u8::is_ascii_whitespace) {
                    ::std::option::Option::None
                } else {
                    let reader = &mut #json_reader::new(&request.body)?;
                    let value = #read(reader)?;
                    reader.end()?;
                    ::std::option::Option::Some(value)
                }
            }
        }
        _ => {
            return Err(ctx.member_problem(
                member,
                format!("the server cannot read a {} payload", target.kind.word()),
            ))
        }
    })
}

/// `write_response`: the output as the success response.
fn write_response(ctx: &Ctx<'_>, op: &Operation, output: &Shape) -> Result<TokenStream, Error> {
    let status = op.http.as_ref().map_or(200, |http| http.code);
    let (headers, body) = response_parts(ctx, output, quote! { output })?;
    let response_ty = rt::HTTP_RESPONSE.path();
    let ser_error = rt::SERIALIZE_ERROR.path();
    let output_ty = ctx.type_path(&output.id)?;
    let name = ident(naming::WRITE_RESPONSE);
    let param = if output.kind.members().is_empty() {
        quote! { _output }
    } else {
        quote! { output }
    };
    Ok(quote! {
        /// Writes the output as the operation's success response.
        pub fn #name(#param: &#output_ty) -> ::std::result::Result<#response_ty, #ser_error> {
            #headers
            #body
            ::std::result::Result::Ok(#response_ty { status: #status, headers, body })
        }
    })
}

/// Statements that make `headers` and `body` for a structure written as a response.
fn response_parts(
    ctx: &Ctx<'_>,
    shape: &Shape,
    value: TokenStream,
) -> Result<(TokenStream, TokenStream), Error> {
    let statements = text::write_headers(ctx, shape, &value)?;
    let json_writer = rt::JSON_WRITER.path();
    let has_body = shape.kind.members().iter().any(Member::in_body);
    let body = if has_body {
        let write = writer_path(ctx, &shape.id)?;
        quote! {
            let mut writer = #json_writer::new();
            #write(&mut writer, #value)?;
            let body = writer.finish();
        }
    } else {
        quote! { let body = b"{}".to_vec(); }
    };
    let headers_mut = if statements.is_empty() {
        TokenStream::new()
    } else {
        quote! { mut }
    };
    let headers = quote! {
        let #headers_mut headers = ::std::vec![("Content-Type".to_owned(), "application/json".to_owned())];
        #( #statements )*
    };
    Ok((headers, body))
}

/// `write_error`: any of the operation's errors as its response.
fn write_error(ctx: &Ctx<'_>, op_id: &ShapeId) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let names = ctx.symbols.operation(op_id)?;
    let module = ident(&names.module);
    let error_enum = ident(&names.error);
    let unhandled = ident(&names.unhandled);
    let response_ty = rt::HTTP_RESPONSE.path();
    let ser_error = rt::SERIALIZE_ERROR.path();
    let json_writer = rt::JSON_WRITER.path();
    let error_ty = quote! { #root::operations::#module::#error_enum };
    let mut arms = Vec::new();
    for (error_id, variant) in &names.error_variants {
        let variant = ident(variant);
        let shape = ctx.shape(error_id)?;
        let path = ctx.type_path(error_id)?;
        let (headers, body) = response_parts(ctx, shape, quote! { error })?;
        arms.push(quote! {
            #error_ty::#variant(error) => {
                #headers
                #body
                (#path::CODE, #response_ty { status: #path::HTTP_STATUS, headers, body })
            }
        });
    }
    let name = ident(naming::WRITE_ERROR);
    Ok(quote! {
        /// Writes an error of the operation as its response: the model's status, the error code in
        /// `X-Amzn-ErrorType`, and the error's members. An error the model does not list keeps its
        /// own status and code.
        pub fn #name(error: &#error_ty) -> ::std::result::Result<#response_ty, #ser_error> {
            let (code, mut response) = match error {
                #( #arms )*
                #error_ty::#unhandled(error) => {
                    let mut writer = #json_writer::new();
                    writer.begin_object();
                    if let ::std::option::Option::Some(message) = error.message() {
                        writer.key("message");
                        writer.string(message);
                    }
                    writer.end_object();
                    let response = #response_ty {
                        status: error.status(),
                        headers: ::std::vec![("Content-Type".to_owned(), "application/json".to_owned())],
                        body: writer.finish(),
                    };
                    (error.code().unwrap_or("UnknownError"), response)
                }
            };
            response.headers.push(("X-Amzn-ErrorType".to_owned(), code.to_owned()));
            ::std::result::Result::Ok(response)
        }
    })
}
