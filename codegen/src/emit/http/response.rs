//! The client's response readers: a structure (an operation's output or an error) from a whole
//! HTTP response, its members taken from the headers, the status code, the payload or the JSON
//! body; and, per operation, `deserialize_response` and `deserialize_error`.

use super::text;
use crate::emit::context::{ident, Ctx};
use crate::emit::json::{construct, member_loop, read_value, reader_path};
use crate::emit::paths::rt;
use crate::error::Error;
use crate::ir::{HttpBinding, Member, Shape, ShapeId, ShapeKind, Simple};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The path of the function reading an error structure from a whole response
/// (`crate::error::AccessDeniedException::from_response`).
pub fn error_reader_path(ctx: &Ctx<'_>, error: &ShapeId) -> Result<TokenStream, Error> {
    let ty = ctx.type_path(error)?;
    let name = ident(naming::ERROR_FROM_RESPONSE);
    Ok(quote! { #ty::#name })
}

/// A function `name(response) -> Result<T, DeError>` reading the structure from a whole response.
pub fn reader_fn(
    ctx: &Ctx<'_>,
    shape: &Shape,
    name: &Ident,
    public: bool,
) -> Result<TokenStream, Error> {
    let ty = ctx.type_path(&shape.id)?;
    let response_ty = rt::HTTP_RESPONSE.path();
    let de_error = rt::DE_ERROR.path();
    let members = shape.kind.members();
    let bound = bound_members(ctx, shape)?;
    let payload = members
        .iter()
        .find(|m| m.traits.http == Some(HttpBinding::Payload));
    let body = if let Some(member) = payload {
        Some(read_payload(ctx, shape, member)?)
    } else if !members.iter().any(Member::in_body) {
        None
    } else if bound.is_empty() {
        // Every member is in the body: the shape's own JSON reader does the work.
        let read = reader_path(ctx, &shape.id)?;
        let reader = json_reader();
        let doc = doc(shape);
        let vis = visibility(public);
        return Ok(quote! {
            #doc
            #vis fn #name(response: &#response_ty) -> ::std::result::Result<#ty, #de_error> {
                #reader
                let value = #read(reader)?;
                reader.end()?;
                ::std::result::Result::Ok(value)
            }
        });
    } else {
        let (declarations, member_loop) = member_loop(ctx, shape)?;
        let reader = json_reader();
        Some(quote! {
            #( #declarations )*
            #reader
            reader.begin_object()?;
            #member_loop
            reader.end()?;
        })
    };
    let (construct, uses_offset) = construct(ctx, shape, true)?;
    let offset = if uses_offset {
        quote! { let reader_offset = 0usize; }
    } else {
        TokenStream::new()
    };
    let param = if body.is_none() && bound.is_empty() {
        quote! { _response }
    } else {
        quote! { response }
    };
    let doc = doc(shape);
    let vis = visibility(public);
    Ok(quote! {
        #doc
        #vis fn #name(#param: &#response_ty) -> ::std::result::Result<#ty, #de_error> {
            #offset
            #body
            #( #bound )*
            ::std::result::Result::Ok(#construct)
        }
    })
}

fn doc(shape: &Shape) -> TokenStream {
    let doc = format!(
        " Reads {} from a whole HTTP response.",
        crate::emit::docs::a_code(shape.id.name())
    );
    quote! { #[doc = #doc] }
}

fn visibility(public: bool) -> TokenStream {
    if public {
        quote! { pub }
    } else {
        TokenStream::new()
    }
}

/// `reader`, a JSON reader over the response body (an empty body reads as `{}`).
fn json_reader() -> TokenStream {
    let json_reader = rt::JSON_READER.path();
    let document = rt::JSON_DOCUMENT.path();
    quote! { let reader = &mut #json_reader::new(#document(&response.body))?; }
}

/// Statements that fill the payload member's local from the body.
fn read_payload(ctx: &Ctx<'_>, shape: &Shape, member: &Member) -> Result<TokenStream, Error> {
    let local = ident(&ctx.symbols.member(&shape.id, &member.name)?.local);
    let target = ctx.shape(&member.target)?;
    let de_error = rt::DE_ERROR.path();
    Ok(match &target.kind {
        ShapeKind::Simple(Simple::Blob) => quote! {
            let #local = if response.body.is_empty() {
                ::std::option::Option::None
            } else {
                ::std::option::Option::Some(response.body.clone())
            };
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
            let json_reader = rt::JSON_READER.path();
            let read = read_value(ctx, member)?;
            quote! {
                let #local = if response.body.iter().all(u8::is_ascii_whitespace) {
                    ::std::option::Option::None
                } else {
                    let reader = &mut #json_reader::new(&response.body)?;
                    let value = #read;
                    reader.end()?;
                    ::std::option::Option::Some(value)
                };
            }
        }
    })
}

/// Statements that fill the locals of members bound to headers and the status code.
fn bound_members(ctx: &Ctx<'_>, shape: &Shape) -> Result<Vec<TokenStream>, Error> {
    let mut statements = Vec::new();
    for member in shape.kind.members() {
        let local = ident(&ctx.symbols.member(&shape.id, &member.name)?.local);
        let target = ctx.shape(&member.target)?;
        let value = match &member.traits.http {
            Some(HttpBinding::Header(name)) => {
                text::read_header(ctx, member, target, name, quote! { &response.headers })?
            }
            Some(HttpBinding::PrefixHeaders(prefix)) => {
                let prefixed = rt::PREFIXED_HEADERS.path();
                let lower = prefix.to_ascii_lowercase();
                quote! { #prefixed(&response.headers, #lower) }
            }
            Some(HttpBinding::ResponseCode) => {
                quote! { ::std::option::Option::Some(i32::from(response.status)) }
            }
            Some(HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams) => {
                quote! { ::std::option::Option::None }
            }
            Some(HttpBinding::Payload) | None => continue,
        };
        statements.push(quote! { let #local = #value; });
    }
    Ok(statements)
}

/// `deserialize_response`, `deserialize_error` and the output's reader for an operation.
pub fn emit_operation(
    ctx: &Ctx<'_>,
    op_id: &ShapeId,
    output: &Shape,
) -> Result<TokenStream, Error> {
    let names = ctx.symbols.operation(op_id)?;
    let error_enum = ident(&names.error);
    let response_ty = rt::HTTP_RESPONSE.path();
    let de_error = rt::DE_ERROR.path();
    let output_ty = ctx.type_path(&output.id)?;
    let read_output = ident(naming::OUTPUT_READER);
    let output_reader = reader_fn(ctx, output, &read_output, false)?;
    let deserialize_response = ident(naming::DESERIALIZE_RESPONSE);
    let deserialize_error = ident(naming::DESERIALIZE_ERROR);
    let errors = deserialize_error_fn(ctx, op_id)?;
    Ok(quote! {
        /// Reads the response: the output for a 2xx status, otherwise the operation's error. The outer
        /// `Err` is a response that could not be read at all.
        pub fn #deserialize_response(
            response: &#response_ty,
        ) -> ::std::result::Result<::std::result::Result<#output_ty, #error_enum>, #de_error> {
            if !response.is_success() {
                return ::std::result::Result::Ok(::std::result::Result::Err(#deserialize_error(response)));
            }
            #read_output(response).map(::std::result::Result::Ok)
        }

        #output_reader

        #errors
    })
}

fn deserialize_error_fn(ctx: &Ctx<'_>, op_id: &ShapeId) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let names = ctx.symbols.operation(op_id)?;
    let error_enum = ident(&names.error);
    let unhandled = ident(&names.unhandled);
    let response_ty = rt::HTTP_RESPONSE.path();
    let metadata = rt::ERROR_METADATA.path();
    let name = ident(naming::DESERIALIZE_ERROR);
    let mut arms = Vec::new();
    for (error_id, variant) in &names.error_variants {
        let code = error_id.name();
        let variant = ident(variant);
        let read = error_reader_path(ctx, error_id)?;
        arms.push(quote! {
            ::std::option::Option::Some(#code) => #read(response).ok().map(#error_enum::#variant),
        });
    }
    let unhandled_error = quote! {
        #error_enum::#unhandled(#root::primitives::UnhandledError::new(
            metadata.code,
            metadata.message,
            response.status,
            response.request_id().map(str::to_owned),
        ))
    };
    let body = if arms.is_empty() {
        quote! {
            let metadata = #metadata(response);
            #unhandled_error
        }
    } else {
        quote! {
            let metadata = #metadata(response);
            let modelled = match metadata.code.as_deref() {
                #( #arms )*
                _ => ::std::option::Option::None,
            };
            modelled.unwrap_or_else(|| #unhandled_error)
        }
    };
    Ok(quote! {
        /// Turns an error response into the operation's error: a modelled error when the code is one
        /// the operation lists and its body reads, otherwise the unhandled variant with everything
        /// received.
        pub fn #name(response: &#response_ty) -> #error_enum {
            #body
        }
    })
}
