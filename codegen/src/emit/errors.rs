//! Error structures: the structure itself plus its code, HTTP status, fault, `Display`,
//! `std::error::Error` and the function that reads it from a whole HTTP response.

use super::context::{ident, Ctx};
use super::http::response;
use super::paths::rt;
use super::structures;
use crate::error::Error;
use crate::ir::{Fault, Shape, ShapeKind, Simple};
use crate::naming;
use quote::quote;

/// Emits an error structure with its builder (at `crate::error::builders`).
pub fn emit(ctx: &Ctx<'_>, shape: &Shape) -> Result<structures::Emitted, Error> {
    let (_, name) = ctx.symbols.type_of(&shape.id)?;
    let type_ident = ident(&name.ident);
    let structure = structures::emit(ctx, shape)?;
    let code = shape.id.name();
    let status = shape.traits.http_error.unwrap_or(match shape.traits.error {
        Some(Fault::Server) => 500,
        _ => 400,
    });
    let status = proc_macro2::Literal::u16_unsuffixed(status);
    let fault = match shape.traits.error {
        Some(Fault::Server) => rt::FAULT.variant("Server"),
        _ => rt::FAULT.variant("Client"),
    };
    let fault_type = rt::FAULT.path();
    let message = message_member(ctx, shape)?;
    let (message_fn, display) = match &message {
        Some((field, required)) => {
            let field = ident(field);
            let get = if *required {
                quote! { ::std::option::Option::Some(self.#field.as_str()) }
            } else {
                quote! { self.#field.as_deref() }
            };
            (
                quote! {
                    /// The message the service sent with the error, if any.
                    pub fn message(&self) -> ::std::option::Option<&str> {
                        #get
                    }
                },
                quote! {
                    match self.message() {
                        ::std::option::Option::Some(message) => {
                            f.write_str(#code)?;
                            f.write_str(": ")?;
                            f.write_str(message)
                        }
                        ::std::option::Option::None => f.write_str(#code),
                    }
                },
            )
        }
        None => (
            quote! {
                /// This error carries no message member.
                pub fn message(&self) -> ::std::option::Option<&str> {
                    ::std::option::Option::None
                }
            },
            quote! { f.write_str(#code) },
        ),
    };
    let retryable = shape.traits.retryable.is_some();
    let throttling = shape.traits.retryable.is_some_and(|r| r.throttling);
    let main = &structure.main;
    let builder_items = structure.builder;
    let response_reader =
        response::reader_fn(ctx, shape, &ident(naming::ERROR_FROM_RESPONSE), true)?;
    let main = quote! {
        #main

        impl #type_ident {
            /// The error code the service uses for this error.
            pub const CODE: &'static str = #code;
            /// The HTTP status code the service answers this error with.
            pub const HTTP_STATUS: u16 = #status;
            /// Whether the caller or the service is at fault.
            pub const FAULT: #fault_type = #fault;
            /// Whether the model marks the error as worth retrying.
            pub const RETRYABLE: bool = #retryable;
            /// Whether the model marks the error as throttling.
            pub const THROTTLING: bool = #throttling;

            #message_fn

            #response_reader
        }

        impl ::std::fmt::Display for #type_ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for #type_ident {}
    };
    Ok(structures::Emitted {
        main,
        builder: builder_items,
    })
}

/// The field holding the error message: a string member named `message` in any case.
fn message_member(ctx: &Ctx<'_>, shape: &Shape) -> Result<Option<(String, bool)>, Error> {
    for member in shape.kind.members() {
        if !member.name.eq_ignore_ascii_case("message") {
            continue;
        }
        let target = ctx.shape(&member.target)?;
        if matches!(target.kind, ShapeKind::Simple(Simple::String)) {
            let names = ctx.symbols.member(&shape.id, &member.name)?;
            return Ok(Some((names.field.ident.clone(), member.traits.required)));
        }
    }
    Ok(None)
}
