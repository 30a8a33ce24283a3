//! One module per operation: its input and output structures with builders, its error enum, the
//! HTTP request writer and response readers, input validation and the client glue.

use super::context::{ident, Ctx};
use super::http::{request, response};
use super::paths::rt;
use super::validate;
use super::{client, docs, structures};
use crate::error::Error;
use crate::ir::{Shape, ShapeId};
use proc_macro2::TokenStream;
use quote::quote;

/// Emits the body of `crate::operations::<name>`.
pub fn emit(ctx: &Ctx<'_>, plan: &validate::Plan, op_id: &ShapeId) -> Result<TokenStream, Error> {
    let parts = ctx.operation(op_id)?;
    let (shape, op, input, output) = (parts.shape, parts.op, parts.input, parts.output);
    let mut items = Vec::new();
    for structure in [input, output] {
        let emitted = structures::emit(ctx, structure)?;
        items.push(emitted.main);
        items.push(emitted.builder);
    }
    items.push(error_enum(ctx, op_id)?);
    items.push(request::emit(ctx, shape, op, input)?);
    items.push(response::emit_operation(ctx, op_id, output)?);
    items.push(validate_impl(ctx, plan, input)?);
    items.push(client::operation_glue(
        ctx,
        op_id,
        input,
        output,
        request::has_finish(shape),
    )?);
    let op_name = op_id.name();
    let (method, uri, code) = match &op.http {
        Some(http) => (http.method.as_str(), http.uri.as_str(), http.code),
        None => ("POST", "/", 200),
    };
    let code = proc_macro2::Literal::u16_unsuffixed(code);
    Ok(quote! {
        /// The operation's name in the model.
        pub const OPERATION_NAME: &str = #op_name;

        /// HTTP method of the request.
        pub const HTTP_METHOD: &str = #method;

        /// URI pattern of the request, with `{Label}` placeholders.
        pub const URI_PATTERN: &str = #uri;

        /// Status code of a successful response.
        pub const SUCCESS_STATUS: u16 = #code;

        #( #items )*
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
