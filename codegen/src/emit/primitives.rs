//! The `primitives` module of a generated crate: the runtime's value types re-exported, plus the
//! opaque holders of unknown enum values and union members, which only the generated crate can
//! construct.

use super::paths::RUNTIME;
use crate::ir::{Model, ShapeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits the body of `crate::primitives`. Each holder of unknown values is emitted only when the
/// selection has a shape that needs it.
pub fn emit(model: &Model) -> TokenStream {
    let runtime = format_ident!("{}", RUNTIME);
    let has = |test: fn(&ShapeKind) -> bool| model.shapes.values().any(|shape| test(&shape.kind));
    // Re-exported for users of the client; a program that includes the client in a private
    // module uses only some of them.
    let mut items = vec![quote! {
        #[allow(unused_imports)]
        pub use ::#runtime::primitives::{
            BigDecimal, BigInteger, BuildError, DateTime, Document, Fault, UnhandledError, UnknownEnumValue,
        };
    }];
    if has(|kind| matches!(kind, ShapeKind::Enum(_))) {
        items.push(unknown_variant_value());
    }
    if has(|kind| matches!(kind, ShapeKind::IntEnum(_))) {
        items.push(unknown_int_value());
    }
    if has(|kind| matches!(kind, ShapeKind::Union(_))) {
        items.push(unknown_member());
    }
    quote! { #( #items )* }
}

fn unknown_variant_value() -> TokenStream {
    quote! {
        /// A string enum value the model does not list. Only this crate creates one (when it reads such
        /// a value or converts a string); it keeps the value exactly.
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct UnknownVariantValue(::std::string::String);

        impl UnknownVariantValue {
            pub(crate) fn new(value: &str) -> Self {
                UnknownVariantValue(value.to_owned())
            }

            /// The value as received.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    }
}

fn unknown_int_value() -> TokenStream {
    quote! {
        /// An integer enum value the model does not list, kept exactly.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct UnknownIntValue(i32);

        impl UnknownIntValue {
            pub(crate) fn new(value: i32) -> Self {
                UnknownIntValue(value)
            }

            /// The value as received.
            pub fn value(&self) -> i32 {
                self.0
            }
        }
    }
}

fn unknown_member() -> TokenStream {
    quote! {
        /// A union member the model does not know: its name and its value as raw JSON text.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct UnknownMember {
            name: ::std::string::String,
            json: ::std::string::String,
        }

        impl UnknownMember {
            pub(crate) fn new(name: &str, json: &str) -> Self {
                UnknownMember {
                    name: name.to_owned(),
                    json: json.to_owned(),
                }
            }

            /// The member name as received.
            pub fn name(&self) -> &str {
                &self.name
            }

            /// The member's value as the JSON text received.
            pub fn json(&self) -> &str {
                &self.json
            }
        }
    }
}
