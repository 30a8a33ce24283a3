//! One module per operation: its input and output structures with builders, its error enum and
//! the facts the protocol layer needs (name, HTTP method and URI).

use super::context::runtime;
use super::context::{ident, Ctx};
use super::validate;
use super::{docs, structures};
use crate::error::Error;
use crate::ir::Shape;
use crate::ir::{ShapeId, ShapeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits the body of `crate::operations::<name>`.
pub fn emit(ctx: &Ctx<'_>, plan: &validate::Plan, op_id: &ShapeId) -> Result<TokenStream, Error> {
    let shape = ctx.shape(op_id)?;
    let ShapeKind::Operation(op) = &shape.kind else {
        return Err(Error::internal(format!("{op_id} is not an operation")));
    };
    let mut items = Vec::new();
    for id in [&op.input, &op.output].into_iter().flatten() {
        let (_, name) = ctx.symbols.type_of(id)?;
        let builder = format_ident!("{}Builder", name.ident);
        let emitted = structures::emit(ctx, ctx.shape(id)?, &quote! { #builder })?;
        items.push(emitted.main);
        items.push(emitted.builder);
    }
    items.push(error_enum(ctx, op_id)?);
    items.push(super::http::emit(ctx, op_id, op)?);
    if let Some(input) = &op.input {
        let input = ctx.shape(input)?;
        items.push(input_checks(ctx, plan, input)?);
        items.push(super::client::operation_glue(ctx, op_id, op, input)?);
    }
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
    let names = ctx.symbols.operation(op_id)?;
    let enum_ident = ident(&names.error);
    let unhandled = ident(&names.unhandled);
    let unhandled_type = quote! { crate::primitives::UnhandledError };
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

/// `validate` on the input, and `fill_idempotency_tokens` for the operation.
fn input_checks(ctx: &Ctx<'_>, plan: &validate::Plan, input: &Shape) -> Result<TokenStream, Error> {
    let input_ty = ctx.type_path(&input.id)?;
    let validation_error = runtime(&["validation", "ValidationError"]);
    let validator_ty = runtime(&["validation", "Validator"]);
    let path_ty = runtime(&["validation", "Path"]);
    let body = if plan.has_validator(&input.id) {
        let name = validate::validator_name(ctx, &input.id)?;
        quote! {
            let mut validator = #validator_ty::default();
            crate::validate::#name(self, &#path_ty::Root, &mut validator);
            validator.finish()
        }
    } else {
        quote! { ::std::result::Result::Ok(()) }
    };
    let token = runtime(&["idempotency", "new_token"]);
    let mut fills = Vec::new();
    for member in input
        .kind
        .members()
        .iter()
        .filter(|m| m.traits.idempotency_token && !m.traits.required)
    {
        let field = ident(&ctx.symbols.member(&input.id, &member.name)?.field.ident);
        fills.push(quote! {
            if input.#field.is_none() {
                input.#field = ::std::option::Option::Some(#token());
            }
        });
    }
    let input_binding = if fills.is_empty() {
        quote! { _input }
    } else {
        quote! { input }
    };
    Ok(quote! {
        impl #input_ty {
            /// Checks every constraint of the model (lengths, ranges, patterns, union members) and
            /// reports all violations at once, with botocore's paths.
            pub fn validate(&self) -> ::std::result::Result<(), #validation_error> {
                #body
            }
        }

        /// Gives every unset idempotency token a fresh value, so that all attempts of one call send
        /// the same token.
        pub fn fill_idempotency_tokens(#input_binding: &mut #input_ty) {
            #( #fills )*
        }
    })
}
