//! String enums and integer enums: the known values plus an opaque `Unknown` that keeps what the
//! model does not list, so such a value round-trips.

use super::context::{ident, Ctx};
use super::docs;
use crate::error::Error;
use crate::ir::{Shape, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// Emits a string enum or an int enum.
pub fn emit(ctx: &Ctx<'_>, shape: &Shape) -> Result<TokenStream, Error> {
    let (_, name) = ctx.symbols.type_of(&shape.id)?;
    let type_ident = ident(&name.ident);
    let variants = ctx.symbols.variants(&shape.id)?;
    let docs = docs::from_model(
        shape.traits.documentation.as_deref(),
        &format!("The `{}` enum.", shape.id.name()),
    );
    match &shape.kind {
        ShapeKind::Enum(values) => {
            let idents: Vec<_> = variants.iter().map(|v| ident(&v.ident)).collect();
            let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            let variant_docs = values.iter().zip(variants).map(|(value, variant)| {
                let mut text = value
                    .documentation
                    .as_deref()
                    .map(docs::to_markdown)
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| format!("`{}`", value.value));
                if let Some(renamed) = &variant.renamed {
                    text.push_str(&format!("\n\nThe variant was {renamed}."));
                }
                docs::attrs(&text)
            });
            Ok(string_enum(
                &ctx.root.path(),
                &type_ident,
                docs,
                &idents,
                &wire,
                variant_docs.collect(),
            ))
        }
        ShapeKind::IntEnum(values) => {
            let idents: Vec<_> = variants.iter().map(|v| ident(&v.ident)).collect();
            let numbers: Vec<i32> = values.iter().map(|v| v.value).collect();
            let variant_docs: Vec<TokenStream> = values
                .iter()
                .map(|v| {
                    docs::from_model(
                        v.documentation.as_deref(),
                        &format!("`{}` ({})", v.name, v.value),
                    )
                })
                .collect();
            Ok(int_enum(
                &ctx.root.path(),
                &type_ident,
                docs,
                &idents,
                &numbers,
                variant_docs,
            ))
        }
        _ => Err(Error::internal(format!("{} is not an enum", shape.id))),
    }
}

fn string_enum(
    root: &TokenStream,
    type_ident: &proc_macro2::Ident,
    docs: TokenStream,
    idents: &[proc_macro2::Ident],
    wire: &[&str],
    variant_docs: Vec<TokenStream>,
) -> TokenStream {
    let title = type_ident.to_string();
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #type_ident {
            #( #variant_docs #idents, )*
            /// A value this version of the client does not know, kept exactly as received.
            Unknown(#root::primitives::UnknownVariantValue),
        }

        /// Ordered by wire value, so that values a newer model adds do not change the order of
        /// the others.
        impl ::std::cmp::Ord for #type_ident {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::cmp::PartialOrd for #type_ident {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl #type_ident {
            /// Every value the model lists, in model order.
            pub const VALUES: &'static [&'static str] = &[ #( #wire ),* ];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wire, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Parses a value the model lists; any other value is an error. [`From<&str>`] never fails.
            pub fn try_parse(value: &str) -> ::std::result::Result<Self, #root::primitives::UnknownEnumValue> {
                match value {
                    #( #wire => ::std::result::Result::Ok(Self::#idents), )*
                    _ => ::std::result::Result::Err(#root::primitives::UnknownEnumValue::new(#title, value)),
                }
            }

            /// Whether the value is one the model lists.
            pub fn is_known(&self) -> bool {
                !::std::matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #type_ident {
            fn from(value: &str) -> Self {
                match Self::try_parse(value) {
                    ::std::result::Result::Ok(known) => known,
                    ::std::result::Result::Err(_) => {
                        Self::Unknown(#root::primitives::UnknownVariantValue::new(value))
                    }
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #type_ident {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #type_ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #type_ident {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #type_ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn int_enum(
    root: &TokenStream,
    type_ident: &proc_macro2::Ident,
    docs: TokenStream,
    idents: &[proc_macro2::Ident],
    numbers: &[i32],
    variant_docs: Vec<TokenStream>,
) -> TokenStream {
    let title = type_ident.to_string();
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #type_ident {
            #( #variant_docs #idents, )*
            /// A value this version of the client does not know, kept exactly as received.
            Unknown(#root::primitives::UnknownIntValue),
        }

        /// Ordered by wire value, so that values a newer model adds do not change the order of
        /// the others.
        impl ::std::cmp::Ord for #type_ident {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_i32().cmp(&other.as_i32())
            }
        }

        impl ::std::cmp::PartialOrd for #type_ident {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl #type_ident {
            /// Every value the model lists, in model order.
            pub const VALUES: &'static [i32] = &[ #( #numbers ),* ];

            /// The value as it travels on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #( Self::#idents => #numbers, )*
                    Self::Unknown(value) => value.value(),
                }
            }

            /// Parses a value the model lists; any other value is an error. [`From<i32>`] never fails.
            pub fn try_parse(value: i32) -> ::std::result::Result<Self, #root::primitives::UnknownEnumValue> {
                match value {
                    #( #numbers => ::std::result::Result::Ok(Self::#idents), )*
                    _ => ::std::result::Result::Err(#root::primitives::UnknownEnumValue::new(#title, &value.to_string())),
                }
            }
        }

        impl ::std::convert::From<i32> for #type_ident {
            fn from(value: i32) -> Self {
                match Self::try_parse(value) {
                    ::std::result::Result::Ok(known) => known,
                    ::std::result::Result::Err(_) => Self::Unknown(#root::primitives::UnknownIntValue::new(value)),
                }
            }
        }
    }
}
