//! Unions (and structures the overlay marks as tagged unions): one variant per member plus
//! `Unknown`, which keeps a member this client does not know and is refused when sending.

use super::context::{ident, Ctx};
use super::docs;
use super::structures::REDACTED;
use crate::error::Error;
use crate::ir::Shape;
use proc_macro2::TokenStream;
use quote::quote;

/// Emits the enum for a union shape.
pub fn emit(ctx: &Ctx<'_>, shape: &Shape) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let (_, name) = ctx.symbols.type_of(&shape.id)?;
    let type_ident = ident(&name.ident);
    let docs = docs::from_model(
        shape.traits.documentation.as_deref(),
        &format!("The `{}` union.", shape.id.name()),
    );
    let mut variants = Vec::new();
    let mut names = Vec::new();
    let mut accessors = Vec::new();
    let mut debug_arms = Vec::new();
    for member in shape.kind.members() {
        let names_of = ctx.symbols.member(&shape.id, &member.name)?;
        let variant = ident(&names_of.variant.ident);
        let wire = member.name.as_str();
        let mut member_docs = docs::from_model(
            member.traits.documentation.as_deref(),
            &format!("The `{wire}` member."),
        );
        if let Some(renamed) = &names_of.variant.renamed {
            member_docs.extend(docs::attrs(&format!("\nThe variant was {renamed}.")));
        }
        let sensitive = ctx.is_sensitive(member);
        if member.target.is_unit() {
            variants.push(quote! { #member_docs #variant, });
            names.push(quote! { Self::#variant => #wire, });
            debug_arms.push(quote! { Self::#variant => f.write_str(#wire), });
            continue;
        }
        let ty = ctx.member_type(&shape.id, member)?;
        variants.push(quote! { #member_docs #variant(#ty), });
        names.push(quote! { Self::#variant(_) => #wire, });
        let accessor = ident(&names_of.accessor);
        let accessor_docs = docs::attrs(&format!("The `{wire}` value, if that is the member set."));
        accessors.push(quote! {
            #accessor_docs
            pub fn #accessor(&self) -> ::std::option::Option<&#ty> {
                match self {
                    Self::#variant(value) => ::std::option::Option::Some(value),
                    _ => ::std::option::Option::None,
                }
            }
        });
        debug_arms.push(if sensitive || shape.traits.sensitive {
            quote! { Self::#variant(_) => f.debug_tuple(#wire).field(&#REDACTED).finish(), }
        } else {
            quote! { Self::#variant(value) => f.debug_tuple(#wire).field(value).finish(), }
        });
    }
    Ok(quote! {
        #docs
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #type_ident {
            #( #variants )*
            /// A member this version of the client does not know, kept as received. It cannot be sent.
            Unknown(#root::primitives::UnknownMember),
        }

        impl #type_ident {
            /// The name of the member that is set, as the model spells it.
            pub fn member_name(&self) -> &str {
                match self {
                    #( #names )*
                    Self::Unknown(unknown) => unknown.name(),
                }
            }

            #( #accessors )*

            /// Whether the member is one this client does not know.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Debug for #type_ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( #debug_arms )*
                    Self::Unknown(unknown) => ::std::fmt::Debug::fmt(unknown, f),
                }
            }
        }
    })
}
