//! One folder per operation: its input and output structures with builders, its error enum, the
//! HTTP request writer and response readers, input validation and the client glue, each part a
//! file of its own (see [`Part`]).

use super::context::{ident, Ctx};
use super::http::{request, response};
use super::paths::rt;
use super::validate;
use super::{client, docs, structures};
use crate::error::Error;
use crate::ir::{Shape, ShapeId};
use proc_macro2::TokenStream;
use quote::quote;

/// The files of an operation's folder (`operations/<name>/`), each a private module whose items
/// the operation's module re-exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The input structure, its builder and its validation.
    Input,
    /// The output structure and its builder.
    Output,
    /// The error enum.
    Error,
    /// The request writer (`serialize_request` and its helpers).
    Request,
    /// The response readers.
    Response,
    /// The operation's facts and the client's fluent builder.
    Client,
}

impl Part {
    /// Every part, in the order the files are declared.
    pub const ALL: [Part; 6] = [
        Part::Client,
        Part::Input,
        Part::Output,
        Part::Error,
        Part::Request,
        Part::Response,
    ];

    /// The module (and file) name of the part.
    pub fn name(self) -> &'static str {
        match self {
            Part::Input => "input",
            Part::Output => "output",
            Part::Error => "error",
            Part::Request => "request",
            Part::Response => "response",
            Part::Client => "client",
        }
    }

    /// What the part holds, for its module's documentation.
    pub fn docs(self) -> &'static str {
        match self {
            Part::Input => "The input, its builder and its validation.",
            Part::Output => "The output and its builder.",
            Part::Error => "The errors the operation can return.",
            Part::Request => "The request writer.",
            Part::Response => "The response readers.",
            Part::Client => "The operation's facts and the client's call.",
        }
    }
}

/// Emits one part of the folder of an operation.
pub fn emit(
    ctx: &Ctx<'_>,
    plan: &validate::Plan,
    op_id: &ShapeId,
    part: Part,
) -> Result<TokenStream, Error> {
    let parts = ctx.operation(op_id)?;
    let (shape, op, input, output) = (parts.shape, parts.op, parts.input, parts.output);
    Ok(match part {
        Part::Input => {
            let emitted = structures::emit(ctx, input)?;
            let (main, builder) = (emitted.main, emitted.builder);
            let validate = validate_impl(ctx, plan, input)?;
            quote! { #main #builder #validate }
        }
        Part::Output => {
            let emitted = structures::emit(ctx, output)?;
            let (main, builder) = (emitted.main, emitted.builder);
            quote! { #main #builder }
        }
        Part::Error => error_enum(ctx, op_id)?,
        Part::Request => request::emit(ctx, shape, op, input)?,
        Part::Response => {
            let readers = response::emit_operation(ctx, op_id, output)?;
            // The readers name the operation's error enum and output as its module does.
            quote! {
                use super::*;

                #readers
            }
        }
        Part::Client => {
            let glue =
                client::operation_glue(ctx, op_id, input, output, request::has_finish(shape))?;
            let op_name = op_id.name();
            let (method, uri, code) = match &op.http {
                Some(http) => (http.method.as_str(), http.uri.as_str(), http.code),
                None => ("POST", "/", 200),
            };
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote! {
                // The call names the request writer, the readers and the error enum as the
                // operation's module does.
                use super::*;

                /// The operation's name in the model.
                pub const OPERATION_NAME: &str = #op_name;

                /// HTTP method of the request.
                pub const HTTP_METHOD: &str = #method;

                /// URI pattern of the request, with `{Label}` placeholders.
                pub const URI_PATTERN: &str = #uri;

                /// Status code of a successful response.
                pub const SUCCESS_STATUS: u16 = #code;

                #glue
            }
        }
    })
}

fn error_enum(ctx: &Ctx<'_>, op_id: &ShapeId) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let names = ctx.symbols.operation(op_id)?;
    let enum_ident = ident(&names.error);
    let unhandled = ident(&names.unhandled);
    let unhandled_type = quote! { #root::primitives::UnhandledError };
    let mut variants = Vec::new();
    let mut codes = Vec::new();
    let mut messages = Vec::new();
    let mut sources = Vec::new();
    let mut displays = Vec::new();
    let mut statuses = Vec::new();
    for (error_id, variant) in &names.error_variants {
        let variant = ident(variant);
        let path = ctx.type_path(error_id)?;
        let docs = docs::attrs(&format!("The service answered `{}`.", error_id.name()));
        variants.push(quote! { #docs #variant(#path), });
        codes.push(quote! { Self::#variant(_) => #path::CODE, });
        messages.push(quote! { Self::#variant(error) => error.message(), });
        sources.push(quote! { Self::#variant(error) => ::std::option::Option::Some(error), });
        displays.push(quote! { Self::#variant(error) => ::std::fmt::Display::fmt(error, f), });
        statuses.push(quote! { Self::#variant(_) => #path::HTTP_STATUS, });
    }
    let title = op_id.name();
    let docs = docs::attrs(&format!(
        "Every error {title} can return: one variant per error the model lists, plus [`{0}::{1}`] for any other.",
        names.error, names.unhandled
    ));
    Ok(quote! {
        #docs
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #enum_ident {
            #( #variants )*
            /// An error the model does not list for this operation: its code, message, HTTP status and
            /// request id are kept.
            #unhandled(#unhandled_type),
        }

        impl #enum_ident {
            /// The error code (`ThrottlingException`, ...).
            pub fn code(&self) -> &str {
                match self {
                    #( #codes )*
                    Self::#unhandled(error) => error.code().unwrap_or("Unknown"),
                }
            }

            /// The error message, if the service sent one.
            pub fn message(&self) -> ::std::option::Option<&str> {
                match self {
                    #( #messages )*
                    Self::#unhandled(error) => error.message(),
                }
            }

            /// The HTTP status the model gives the error (for an unhandled error, the one received).
            pub fn http_status(&self) -> u16 {
                match self {
                    #( #statuses )*
                    Self::#unhandled(error) => error.status(),
                }
            }
        }

        impl ::std::fmt::Display for #enum_ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( #displays )*
                    Self::#unhandled(error) => ::std::fmt::Display::fmt(error, f),
                }
            }
        }

        impl ::std::error::Error for #enum_ident {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( #sources )*
                    Self::#unhandled(error) => ::std::option::Option::Some(error),
                }
            }
        }
    })
}

/// `validate` on the input.
fn validate_impl(
    ctx: &Ctx<'_>,
    plan: &validate::Plan,
    input: &Shape,
) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let input_ty = ctx.type_path(&input.id)?;
    let validation_error = rt::VALIDATION_ERROR.path();
    let validator_ty = rt::VALIDATOR.path();
    let path_ty = rt::VALIDATION_PATH.path();
    let body = if plan.has_validator(&input.id) {
        let name = validate::validator_name(ctx, &input.id)?;
        quote! {
            let mut validator = #validator_ty::default();
            #root::validate::#name(self, &#path_ty::Root, &mut validator);
            validator.finish()
        }
    } else {
        quote! { ::std::result::Result::Ok(()) }
    };
    Ok(quote! {
        impl #input_ty {
            /// Checks every constraint of the model (lengths, ranges, patterns, union members) and
            /// reports all violations at once, with botocore's paths.
            pub fn validate(&self) -> ::std::result::Result<(), #validation_error> {
                #body
            }
        }
    })
}
