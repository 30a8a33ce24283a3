//! Structures: the struct, its `Debug` (with sensitive members redacted) and its builder.

use super::context::{ident, Collection, Ctx};
use super::docs;
use super::paths::rt;
use crate::error::Error;
use crate::ir::{Member, Shape};
use crate::naming::MemberNames;
use proc_macro2::TokenStream;
use quote::quote;

/// What `Debug` prints instead of a sensitive value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// One member with everything the emitters need about it.
struct Field<'a> {
    member: &'a Member,
    names: &'a MemberNames,
    /// Type of the stored value (boxed where needed), without the `Option` of optional members.
    ty: TokenStream,
    /// Type before boxing.
    inner: TokenStream,
    boxed: bool,
    required: bool,
    sensitive: bool,
    /// List or map shape of the member, for the one-entry-at-a-time setters.
    collection: Collection<'a>,
    /// Type of one list entry or map value, as the one-entry setters take it.
    element: TokenStream,
    /// Type of a map key.
    key: TokenStream,
}

/// The items emitted for one structure.
pub struct Emitted {
    /// The struct, its inherent impl and its `Debug`.
    pub main: TokenStream,
    /// The builder and its impls; the caller places it where [`Ctx::builder_path`] says.
    pub builder: TokenStream,
}

/// The struct and its builder, which the caller's module layout puts where
/// [`Ctx::builder_path`] says.
pub fn emit(ctx: &Ctx<'_>, shape: &Shape) -> Result<Emitted, Error> {
    let builder_path = ctx.builder_path(&shape.id)?;
    let (_, name) = ctx.symbols.type_of(&shape.id)?;
    let type_ident = ident(&name.ident);
    let fields = fields(ctx, shape)?;
    let mut docs = docs::from_model(
        shape.traits.documentation.as_deref(),
        &format!("The `{}` structure.", shape.id.name()),
    );
    if let Some(renamed) = &name.renamed {
        docs.extend(docs::attrs(&format!("\nThe Rust name was {renamed}.")));
    }
    let declarations = fields.iter().map(|field| {
        let field_ident = ident(&field.names.field.ident);
        let ty = &field.ty;
        let ty = if field.required {
            quote! { #ty }
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        let member_docs = member_docs(ctx, field);
        quote! { #member_docs pub #field_ident: #ty, }
    });
    let debug = debug_impl(&type_ident, shape, &fields);
    let builder_ident = ident(ctx.symbols.builder(&shape.id)?);
    let type_path = ctx.type_path(&shape.id)?;
    // Documentation links are relative (the crate's module root is not known here).
    let (type_link, builder_link) = if ctx.builder_is_nested(&shape.id)? {
        (
            format!("[`{type_ident}`](super::{type_ident})"),
            format!("[`{builder_ident}`](builders::{builder_ident})"),
        )
    } else {
        (format!("[`{type_ident}`]"), format!("[`{builder_ident}`]"))
    };
    let builder = builder(
        shape,
        &type_path,
        &type_ident,
        &type_link,
        &builder_ident,
        &fields,
    );
    let builder_docs = docs::attrs(&format!(
        "Starts {} {builder_link}.",
        docs::article(&builder_ident.to_string())
    ));
    let main = quote! {
        #docs
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #type_ident {
            #( #declarations )*
        }

        impl #type_ident {
            #builder_docs
            pub fn builder() -> #builder_path {
                ::std::default::Default::default()
            }
        }

        #debug
    };
    Ok(Emitted { main, builder })
}

fn fields<'a>(ctx: &Ctx<'a>, shape: &'a Shape) -> Result<Vec<Field<'a>>, Error> {
    shape
        .kind
        .members()
        .iter()
        .map(|member| {
            let collection = ctx.collection(&member.target)?;
            let (element, key) = match &collection {
                Collection::None => (TokenStream::new(), TokenStream::new()),
                Collection::List { element, sparse } => {
                    (ctx.element_type(element, *sparse)?, TokenStream::new())
                }
                Collection::Map { key, value, sparse } => (
                    ctx.element_type(value, *sparse)?,
                    ctx.value_type(&key.target)?,
                ),
            };
            Ok(Field {
                collection,
                element,
                key,
                member,
                names: ctx.symbols.member(&shape.id, &member.name)?,
                ty: ctx.member_type(&shape.id, member)?,
                inner: ctx.value_type(&member.target)?,
                boxed: ctx.is_boxed(&shape.id, member),
                required: member.traits.required,
                sensitive: ctx.is_sensitive(member),
            })
        })
        .collect()
}

fn member_docs(ctx: &Ctx<'_>, field: &Field<'_>) -> TokenStream {
    let member = field.member;
    let mut out = docs::from_model(
        ctx.member_trait(member, |t| t.documentation.as_deref()),
        &format!("The `{}` member.", member.name),
    );
    let mut notes = Vec::new();
    if field.required {
        notes.push("Required.".to_owned());
    }
    if let Some(default) = &member.traits.default {
        notes.push(format!("The model's default is `{default}`."));
    }
    if field.sensitive {
        notes.push("Sensitive: `Debug` output hides it.".to_owned());
    }
    if member.traits.idempotency_token {
        notes.push(
            "An idempotency token: left unset, a fresh one is generated for each call.".to_owned(),
        );
    }
    if let Some(renamed) = &field.names.field.renamed {
        notes.push(format!("The field was {renamed}."));
    }
    if !notes.is_empty() {
        out.extend(docs::attrs(&format!("\n{}", notes.join(" "))));
    }
    out
}

fn debug_impl(type_ident: &proc_macro2::Ident, shape: &Shape, fields: &[Field<'_>]) -> TokenStream {
    let title = type_ident.to_string();
    let body = if shape.traits.sensitive {
        quote! { f.write_str(#REDACTED) }
    } else {
        let entries = fields.iter().map(|field| {
            let field_ident = ident(&field.names.field.ident);
            let label = field.names.field.ident.trim_start_matches("r#");
            if field.sensitive {
                quote! { .field(#label, &#REDACTED) }
            } else {
                quote! { .field(#label, &self.#field_ident) }
            }
        });
        quote! { f.debug_struct(#title) #( #entries )* .finish() }
    };
    quote! {
        impl ::std::fmt::Debug for #type_ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}

fn builder(
    shape: &Shape,
    type_path: &TokenStream,
    type_ident: &proc_macro2::Ident,
    type_link: &str,
    builder_ident: &proc_macro2::Ident,
    fields: &[Field<'_>],
) -> TokenStream {
    let storage = fields.iter().map(|field| {
        let field_ident = ident(&field.names.field.ident);
        let ty = &field.ty;
        quote! { #field_ident: ::std::option::Option<#ty>, }
    });
    let setters = fields.iter().map(|field| setters(field, None));
    let builder_docs = docs::attrs(&format!(
        "Builds {} {type_link} member by member; [`{builder_ident}::build`] checks that every required member is set.",
        docs::article(&type_ident.to_string())
    ));
    let build = build_fn(shape, type_path, type_link, fields);
    let debug = debug_impl(builder_ident, shape, fields);
    let from_fields = fields.iter().map(|field| {
        let field_ident = ident(&field.names.field.ident);
        if field.required {
            quote! { #field_ident: ::std::option::Option::Some(value.#field_ident), }
        } else {
            quote! { #field_ident: value.#field_ident, }
        }
    });
    let from_docs = docs::attrs(&format!(
        "A builder holding every member of the given {type_link}."
    ));
    let value_param = if fields.is_empty() {
        quote! { _value }
    } else {
        quote! { value }
    };
    quote! {
        #builder_docs
        #[derive(Clone, PartialEq, Default)]
        pub struct #builder_ident {
            #( #storage )*
        }

        impl #builder_ident {
            #( #setters )*
            #build
        }

        impl ::std::convert::From<#type_path> for #builder_ident {
            #from_docs
            fn from(#value_param: #type_path) -> Self {
                #builder_ident { #( #from_fields )* }
            }
        }

        #debug
    }
}

/// The builder methods of one member. With `delegate`, they forward to the builder held in that
/// field (the fluent builders of the client), with the same signatures.
fn setters(field: &Field<'_>, delegate: Option<&proc_macro2::Ident>) -> TokenStream {
    let field_ident = ident(&field.names.field.ident);
    let setter = ident(&field.names.setter);
    let option_setter = ident(&field.names.option_setter);
    let ty = &field.ty;
    let inner = &field.inner;
    let wire = &field.member.name;
    let element_ty = &field.element;
    let key_ty = &field.key;
    let (set_params, set_docs, set_body) = match &field.collection {
        Collection::None => {
            let wrap = if field.boxed {
                quote! { ::std::boxed::Box::new(value.into()) }
            } else {
                quote! { value.into() }
            };
            (
                quote! { value: impl ::std::convert::Into<#inner> },
                format!("Sets `{wire}`, replacing any earlier value."),
                quote! { self.#field_ident = ::std::option::Option::Some(#wrap); },
            )
        }
        Collection::List { .. } => (
            quote! { value: impl ::std::convert::Into<#element_ty> },
            format!("Appends one entry to `{wire}`; use [`Self::{option_setter}`] to set the whole list."),
            quote! { self.#field_ident.get_or_insert_with(::std::vec::Vec::new).push(value.into()); },
        ),
        Collection::Map { .. } => (
            quote! {
                key: impl ::std::convert::Into<#key_ty>,
                value: impl ::std::convert::Into<#element_ty>,
            },
            format!("Inserts one entry into `{wire}`; use [`Self::{option_setter}`] to set the whole map."),
            quote! {
                self.#field_ident
                    .get_or_insert_with(::std::collections::BTreeMap::new)
                    .insert(key.into(), value.into());
            },
        ),
    };
    let (set_body, option_body) = match delegate {
        Some(inner_builder) => {
            let args = match &field.collection {
                Collection::Map { .. } => quote! { key, value },
                _ => quote! { value },
            };
            (
                quote! { self.#inner_builder = self.#inner_builder.#setter(#args); },
                quote! { self.#inner_builder = self.#inner_builder.#option_setter(value); },
            )
        }
        None => (set_body, quote! { self.#field_ident = value; }),
    };
    let set_docs = docs::attrs(&set_docs);
    let option_docs = docs::attrs(&format!("Sets or clears `{wire}`."));
    quote! {
        #set_docs
        pub fn #setter(mut self, #set_params) -> Self {
            #set_body
            self
        }
        #option_docs
        pub fn #option_setter(mut self, value: ::std::option::Option<#ty>) -> Self {
            #option_body
            self
        }
    }
}

/// The setters of every member of a structure, forwarding to the builder in field `delegate`.
pub fn delegating_setters(
    ctx: &Ctx<'_>,
    shape: &Shape,
    delegate: &proc_macro2::Ident,
) -> Result<TokenStream, Error> {
    let fields = fields(ctx, shape)?;
    let setters = fields.iter().map(|field| setters(field, Some(delegate)));
    Ok(quote! { #( #setters )* })
}

fn build_fn(
    shape: &Shape,
    type_path: &TokenStream,
    type_link: &str,
    fields: &[Field<'_>],
) -> TokenStream {
    let title = shape.id.name().to_owned();
    let required: Vec<&Field<'_>> = fields.iter().filter(|f| f.required).collect();
    let assign = fields.iter().map(|field| {
        let field_ident = ident(&field.names.field.ident);
        if field.required {
            quote! { #field_ident, }
        } else {
            quote! { #field_ident: self.#field_ident, }
        }
    });
    if required.is_empty() {
        let docs = docs::attrs(&format!("Builds the {type_link}."));
        return quote! {
            #docs
            pub fn build(self) -> #type_path {
                #type_path { #( #assign )* }
            }
        };
    }
    let idents: Vec<_> = required
        .iter()
        .map(|f| ident(&f.names.field.ident))
        .collect();
    let wire: Vec<&str> = required.iter().map(|f| f.member.name.as_str()).collect();
    let error = rt::BUILD_ERROR.path();
    let docs = docs::attrs(&format!(
        "Builds the {type_link}, or names every required member that is missing ({}).",
        wire.iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    quote! {
        #docs
        pub fn build(self) -> ::std::result::Result<#type_path, #error> {
            match ( #( self.#idents, )* ) {
                ( #( ::std::option::Option::Some(#idents), )* ) => ::std::result::Result::Ok(#type_path { #( #assign )* }),
                ( #( #idents, )* ) => ::std::result::Result::Err(#error::missing(
                    #title,
                    [ #( (#wire, #idents.is_none()), )* ]
                        .into_iter()
                        .filter(|(_, missing)| *missing)
                        .map(|(member, _)| member)
                        .collect(),
                )),
            }
        }
    }
}
