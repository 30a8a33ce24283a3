//! The `json` module of a generated crate: for every structure, union, list and map, a writer that
//! produces botocore's JSON for it and a reader that accepts any valid JSON form of it.
//!
//! Members bound to HTTP (labels, query, headers, payload, status) are left to the HTTP binding
//! emitters, which call these; this module knows nothing of HTTP.

use super::context::{ident, with_member, Ctx};
use super::paths::rt;
use crate::error::Error;
use crate::ir::{Member, Shape, ShapeId, ShapeKind, Simple, TimestampFormat};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits the body of `crate::json`.
pub fn emit(ctx: &Ctx<'_>) -> Result<TokenStream, Error> {
    let mut items = Vec::new();
    for shape in ctx.selection.model.shapes.values() {
        if !shape.kind.is_composite() || shape.id.is_unit() {
            continue;
        }
        items.push(writer_fn(ctx, shape)?);
        items.push(reader_fn(ctx, shape)?);
    }
    Ok(quote! { #( #items )* })
}

/// The path of the JSON writer function of an aggregate shape (`crate::json::write_user_info`).
pub fn writer_path(ctx: &Ctx<'_>, id: &ShapeId) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let name = ident(&ctx.symbols.functions(id)?.writer);
    Ok(quote! { #root::json::#name })
}

/// The path of the JSON reader function of an aggregate shape (`crate::json::read_user_info`).
pub fn reader_path(ctx: &Ctx<'_>, id: &ShapeId) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let name = ident(&ctx.symbols.functions(id)?.reader);
    Ok(quote! { #root::json::#name })
}

/// The timestamp format of a member in a JSON body (epoch seconds unless the model says).
pub fn body_timestamp_format(ctx: &Ctx<'_>, member: &Member) -> TimestampFormat {
    ctx.timestamp_format(member, TimestampFormat::EpochSeconds)
}

/// Writes an entry of a sparse collection (`null` for `None`), or a dense one as it is.
fn entry(write: TokenStream, sparse: bool) -> TokenStream {
    if sparse {
        quote! {
            match item {
                ::std::option::Option::Some(item) => { #write }
                ::std::option::Option::None => writer.null(),
            }
        }
    } else {
        write
    }
}

/// Tokens naming a runtime timestamp format.
pub fn timestamp_format_tokens(format: TimestampFormat) -> TokenStream {
    let variant = match format {
        TimestampFormat::EpochSeconds => "EpochSeconds",
        TimestampFormat::DateTime => "DateTime",
        TimestampFormat::HttpDate => "HttpDate",
    };
    rt::TIMESTAMP_FORMAT.variant(variant)
}

/// Statements that write `value` (an expression of type `&T` for the member's target).
pub fn write_value(
    ctx: &Ctx<'_>,
    member: &Member,
    value: TokenStream,
) -> Result<TokenStream, Error> {
    let target = ctx.shape(&member.target)?;
    Ok(match &target.kind {
        ShapeKind::Simple(simple) => match simple {
            Simple::String => quote! { writer.string(#value); },
            Simple::Boolean => quote! { writer.boolean(*#value); },
            Simple::Byte | Simple::Short | Simple::Integer => {
                quote! { writer.integer(i64::from(*#value)); }
            }
            Simple::Long => quote! { writer.integer(*#value); },
            Simple::Float => quote! { writer.float32(*#value); },
            Simple::Double => quote! { writer.float(*#value); },
            Simple::BigInteger | Simple::BigDecimal => quote! { writer.raw(#value.as_str()); },
            Simple::Blob => {
                let encode = rt::BASE64_ENCODE.path();
                quote! { writer.string(&#encode(#value)); }
            }
            Simple::Timestamp => {
                let write = rt::WRITE_TIMESTAMP.path();
                let format = timestamp_format_tokens(body_timestamp_format(ctx, member));
                quote! { #write(writer, #value, #format); }
            }
            Simple::Document => {
                let write = rt::WRITE_DOCUMENT.path();
                quote! { #write(writer, #value); }
            }
        },
        ShapeKind::Enum(_) => quote! { writer.string(#value.as_str()); },
        ShapeKind::IntEnum(_) => quote! { writer.integer(i64::from(#value.as_i32())); },
        ShapeKind::Structure(_) if target.id.is_unit() => {
            quote! { writer.begin_object(); writer.end_object(); }
        }
        ShapeKind::Structure(_)
        | ShapeKind::Union(_)
        | ShapeKind::List(_)
        | ShapeKind::Map { .. } => {
            let path = writer_path(ctx, &target.id)?;
            quote! { #path(writer, #value)?; }
        }
        _ => {
            return Err(Error::internal(format!(
                "{} cannot be written as JSON",
                target.id
            )))
        }
    })
}

/// An expression that reads a value of the member's target (type `T`, `?` applied).
pub fn read_value(ctx: &Ctx<'_>, member: &Member) -> Result<TokenStream, Error> {
    let target = ctx.shape(&member.target)?;
    Ok(match &target.kind {
        ShapeKind::Simple(simple) => match simple {
            Simple::String => quote! { reader.string()?.into_owned() },
            Simple::Boolean => quote! { reader.boolean()? },
            Simple::Byte => quote! { reader.integer::<i8>()? },
            Simple::Short => quote! { reader.integer::<i16>()? },
            Simple::Integer => quote! { reader.integer::<i32>()? },
            Simple::Long => quote! { reader.integer::<i64>()? },
            Simple::Float => quote! { reader.float()? as f32 },
            Simple::Double => quote! { reader.float()? },
            Simple::BigInteger => big_number(&rt::BIG_INTEGER.path(), "an integer"),
            Simple::BigDecimal => big_number(&rt::BIG_DECIMAL.path(), "a number"),
            Simple::Blob => {
                let read = rt::READ_BLOB.path();
                quote! { #read(reader)? }
            }
            Simple::Timestamp => {
                let read = rt::READ_TIMESTAMP.path();
                let format = timestamp_format_tokens(body_timestamp_format(ctx, member));
                quote! { #read(reader, #format)? }
            }
            Simple::Document => {
                let read = rt::READ_DOCUMENT.path();
                quote! { #read(reader)? }
            }
        },
        ShapeKind::Enum(_) => {
            let path = ctx.type_path(&target.id)?;
            quote! { #path::from(reader.string()?.as_ref()) }
        }
        ShapeKind::IntEnum(_) => {
            let path = ctx.type_path(&target.id)?;
            quote! { #path::from(reader.integer::<i32>()?) }
        }
        ShapeKind::Structure(_)
        | ShapeKind::Union(_)
        | ShapeKind::List(_)
        | ShapeKind::Map { .. } => {
            let path = reader_path(ctx, &target.id)?;
            quote! { #path(reader)? }
        }
        _ => {
            return Err(Error::internal(format!(
                "{} cannot be read from JSON",
                target.id
            )))
        }
    })
}

fn big_number(ty: &TokenStream, what: &str) -> TokenStream {
    let de_error = rt::DE_ERROR.path();
    let message = format!("expected {what}");
    quote! { {
        let offset = reader.offset();
        #ty::parse(reader.number_text()?).ok_or_else(|| #de_error::new(#message, offset))?
    } }
}

fn writer_fn(ctx: &Ctx<'_>, shape: &Shape) -> Result<TokenStream, Error> {
    let name = ident(&ctx.symbols.functions(&shape.id)?.writer);
    let ty = ctx.param_type(&shape.id)?;
    let json_writer = rt::JSON_WRITER.path();
    let ser_error = rt::SERIALIZE_ERROR.path();
    let body = match &shape.kind {
        ShapeKind::Structure(members) => {
            let mut statements = Vec::new();
            for member in members.iter().filter(|m| m.in_body()) {
                let names = ctx.symbols.member(&shape.id, &member.name)?;
                let field = ident(&names.field.ident);
                let key = member.wire_name();
                let write = write_value(ctx, member, quote! { item })?;
                statements.push(with_member(
                    member.traits.required,
                    quote! { value.#field },
                    quote! { writer.key(#key); #write },
                ));
            }
            quote! {
                writer.begin_object();
                #( #statements )*
                writer.end_object();
            }
        }
        ShapeKind::Union(members) => {
            let type_path = ctx.type_path(&shape.id)?;
            let mut arms = Vec::new();
            for member in members {
                let names = ctx.symbols.member(&shape.id, &member.name)?;
                let variant = ident(&names.variant.ident);
                let key = member.wire_name();
                if member.target.is_unit() {
                    arms.push(quote! { #type_path::#variant => { writer.key(#key); writer.begin_object(); writer.end_object(); } });
                } else {
                    let write = write_value(ctx, member, quote! { item })?;
                    arms.push(
                        quote! { #type_path::#variant(item) => { writer.key(#key); #write } },
                    );
                }
            }
            let message = format!(
                "cannot send {}: it holds the unknown member `{{}}`",
                shape.id.name()
            );
            quote! {
                writer.begin_object();
                match value {
                    #( #arms )*
                    #type_path::Unknown(unknown) => {
                        return ::std::result::Result::Err(#ser_error::new(::std::format!(#message, unknown.name())));
                    }
                }
                writer.end_object();
            }
        }
        ShapeKind::List(member) => {
            let element = entry(
                write_value(ctx, member, quote! { item })?,
                shape.traits.sparse,
            );
            quote! {
                writer.begin_array();
                for item in value {
                    writer.element();
                    #element
                }
                writer.end_array();
            }
        }
        ShapeKind::Map { key, value } => {
            let key_text = match ctx.shape(&key.target)?.kind {
                ShapeKind::Enum(_) => quote! { key.as_str() },
                _ => quote! { key },
            };
            let entry = entry(
                write_value(ctx, value, quote! { item })?,
                shape.traits.sparse,
            );
            quote! {
                writer.begin_object();
                for (key, item) in value {
                    writer.key(#key_text);
                    #entry
                }
                writer.end_object();
            }
        }
        _ => return Err(Error::internal(format!("no JSON writer for {}", shape.id))),
    };
    let doc = format!(" Writes {} as JSON.", super::docs::a_code(shape.id.name()));
    let uses_value = !matches!(&shape.kind, ShapeKind::Structure(members) if !members.iter().any(Member::in_body));
    let value_param = if uses_value {
        format_ident!("value")
    } else {
        format_ident!("_value")
    };
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(writer: &mut #json_writer, #value_param: &#ty) -> ::std::result::Result<(), #ser_error> {
            #body
            ::std::result::Result::Ok(())
        }
    })
}

/// The tokens of a structure's member loop: declares `f_<field>` locals for the members in the
/// body, fills them from the object the reader is inside, and skips unknown keys. Shared by the
/// structure reader and the readers of whole messages (which fill the locals of members bound to
/// HTTP themselves, from headers, labels, query and status).
pub fn member_loop(ctx: &Ctx<'_>, shape: &Shape) -> Result<(Vec<TokenStream>, TokenStream), Error> {
    let mut declarations = Vec::new();
    let mut arms = Vec::new();
    for member in shape.kind.members() {
        let names = ctx.symbols.member(&shape.id, &member.name)?;
        let local = ident(&names.local);
        if !member.in_body() {
            continue;
        }
        declarations.push(quote! { let mut #local = ::std::option::Option::None; });
        let key = member.wire_name();
        let read = read_value(ctx, member)?;
        let read = if ctx.is_boxed(&shape.id, member) {
            quote! { ::std::boxed::Box::new(#read) }
        } else {
            read
        };
        arms.push(quote! {
            #key => {
                if !reader.take_null()? {
                    #local = ::std::option::Option::Some(#read);
                }
            }
        });
    }
    let body = if arms.is_empty() {
        quote! {
            while reader.next_key()?.is_some() {
                reader.skip()?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(key) = reader.next_key()? {
                match key.as_ref() {
                    #( #arms )*
                    _ => {
                        reader.skip()?;
                    }
                }
            }
        }
    };
    Ok((declarations, body))
}

/// The struct literal that finishes reading: optional members as read, required ones corrected
/// to their zero value when absent (Smithy's client error correction). Members bound to HTTP have
/// locals only when `bound_locals` says so (a reader of whole messages); a JSON reader leaves them
/// unset. The flag returned says whether the literal refers to `reader_offset` (a required member
/// with no zero value).
pub fn construct(
    ctx: &Ctx<'_>,
    shape: &Shape,
    bound_locals: bool,
) -> Result<(TokenStream, bool), Error> {
    let path = ctx.type_path(&shape.id)?;
    let mut fields = Vec::new();
    let mut uses_offset = false;
    for member in shape.kind.members() {
        let names = ctx.symbols.member(&shape.id, &member.name)?;
        let field = ident(&names.field.ident);
        let local = ident(&names.local);
        if !member.in_body() && !bound_locals {
            let value = if member.traits.required {
                match zero_value(ctx, shape, member)? {
                    (Zero::Default, _) => quote! { ::std::default::Default::default() },
                    (Zero::Value(zero), _) => zero,
                    (Zero::Fail(_), _) => return Err(ctx.member_problem(
                        member,
                        "a required member bound to HTTP has no value to stand in for it in JSON",
                    )),
                }
            } else {
                quote! { ::std::option::Option::None }
            };
            fields.push(quote! { #field: #value, });
            continue;
        }
        if member.traits.required {
            let (zero, needs_offset) = zero_value(ctx, shape, member)?;
            uses_offset |= needs_offset;
            fields.push(match zero {
                Zero::Default => quote! { #field: #local.unwrap_or_default(), },
                Zero::Value(zero) => quote! { #field: #local.unwrap_or_else(|| #zero), },
                Zero::Fail(fail) => quote! {
                    #field: match #local {
                        ::std::option::Option::Some(value) => value,
                        ::std::option::Option::None => #fail,
                    },
                },
            });
        } else {
            fields.push(quote! { #field: #local, });
        }
    }
    Ok((quote! { #path { #( #fields )* } }, uses_offset))
}

/// What a missing required member becomes.
enum Zero {
    /// The type's `Default` (empty string, zero, false, empty collection).
    Default,
    /// Another zero value.
    Value(TokenStream),
    /// No zero value exists: the read fails.
    Fail(TokenStream),
}

/// The value a missing required member is given, or an error where no zero value exists. The
/// flag says whether the error refers to `reader_offset`.
fn zero_value(ctx: &Ctx<'_>, owner: &Shape, member: &Member) -> Result<(Zero, bool), Error> {
    let target = ctx.shape(&member.target)?;
    let de_error = rt::DE_ERROR.path();
    let zero = match &target.kind {
        ShapeKind::Simple(
            Simple::String
            | Simple::Boolean
            | Simple::Byte
            | Simple::Short
            | Simple::Integer
            | Simple::Long
            | Simple::Float
            | Simple::Double
            | Simple::Blob,
        )
        | ShapeKind::List(_)
        | ShapeKind::Map { .. } => Zero::Default,
        ShapeKind::Simple(Simple::Timestamp) => {
            let ty = rt::DATE_TIME.path();
            Zero::Value(quote! { #ty::from_secs(0) })
        }
        ShapeKind::Simple(Simple::Document) => {
            let ty = rt::DOCUMENT.path();
            Zero::Value(quote! { #ty::Null })
        }
        ShapeKind::Enum(_) => {
            let path = ctx.type_path(&target.id)?;
            Zero::Value(quote! { #path::from("") })
        }
        ShapeKind::IntEnum(_) => {
            let path = ctx.type_path(&target.id)?;
            Zero::Value(quote! { #path::from(0) })
        }
        _ => {
            let message = format!(
                "{} lacks its required member {}",
                owner.id.name(),
                member.name
            );
            return Ok((
                Zero::Fail(
                    quote! { return ::std::result::Result::Err(#de_error::new(#message, reader_offset)) },
                ),
                true,
            ));
        }
    };
    Ok((zero, false))
}

fn reader_fn(ctx: &Ctx<'_>, shape: &Shape) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let name = ident(&ctx.symbols.functions(&shape.id)?.reader);
    let ty = ctx.value_type(&shape.id)?;
    let json_reader = rt::JSON_READER.path();
    let de_error = rt::DE_ERROR.path();
    let body = match &shape.kind {
        ShapeKind::Structure(_) => {
            let (declarations, member_loop) = member_loop(ctx, shape)?;
            let (construct, uses_offset) = construct(ctx, shape, false)?;
            let offset = if uses_offset {
                quote! { let reader_offset = reader.offset(); }
            } else {
                TokenStream::new()
            };
            quote! {
                #offset
                reader.begin_object()?;
                #( #declarations )*
                #member_loop
                ::std::result::Result::Ok(#construct)
            }
        }
        ShapeKind::Union(members) => {
            let type_path = ctx.type_path(&shape.id)?;
            let mut arms = Vec::new();
            for member in members {
                let names = ctx.symbols.member(&shape.id, &member.name)?;
                let variant = ident(&names.variant.ident);
                let key = member.wire_name();
                if member.target.is_unit() {
                    arms.push(quote! { #key => { reader.skip()?; #type_path::#variant } });
                } else {
                    let read = read_value(ctx, member)?;
                    let read = if ctx.is_boxed(&shape.id, member) {
                        quote! { ::std::boxed::Box::new(#read) }
                    } else {
                        read
                    };
                    arms.push(quote! { #key => #type_path::#variant(#read), });
                }
            }
            let several = format!(
                "more than one member of the union {} is set",
                shape.id.name()
            );
            let none = format!("no member of the union {} is set", shape.id.name());
            quote! {
                let reader_offset = reader.offset();
                reader.begin_object()?;
                let mut found = ::std::option::Option::None;
                while let ::std::option::Option::Some(key) = reader.next_key()? {
                    if key == "__type" || reader.take_null()? {
                        if key == "__type" {
                            reader.skip()?;
                        }
                        continue;
                    }
                    let item = match key.as_ref() {
                        #( #arms )*
                        _ => {
                            let raw = reader.skip()?;
                            #type_path::Unknown(#root::primitives::UnknownMember::new(&key, raw))
                        }
                    };
                    if found.is_some() {
                        return ::std::result::Result::Err(#de_error::new(#several, reader_offset));
                    }
                    found = ::std::option::Option::Some(item);
                }
                found.ok_or_else(|| #de_error::new(#none, reader_offset))
            }
        }
        ShapeKind::List(member) => {
            let read = read_value(ctx, member)?;
            let null = if shape.traits.sparse {
                quote! { items.push(::std::option::Option::None); }
            } else {
                quote! {}
            };
            let push = if shape.traits.sparse {
                quote! { items.push(::std::option::Option::Some(#read)); }
            } else {
                quote! { items.push(#read); }
            };
            quote! {
                reader.begin_array()?;
                let mut items = ::std::vec::Vec::new();
                while reader.next_element()? {
                    if reader.take_null()? {
                        #null
                        continue;
                    }
                    #push
                }
                ::std::result::Result::Ok(items)
            }
        }
        ShapeKind::Map { key, value } => {
            let key_value = match ctx.shape(&key.target)?.kind {
                ShapeKind::Enum(_) => {
                    let path = ctx.type_path(&key.target)?;
                    quote! { #path::from(key.as_ref()) }
                }
                _ => quote! { key.into_owned() },
            };
            let read = read_value(ctx, value)?;
            let (null, insert) = if shape.traits.sparse {
                (
                    quote! { entries.insert(#key_value, ::std::option::Option::None); },
                    quote! { ::std::option::Option::Some(#read) },
                )
            } else {
                (quote! {}, read)
            };
            quote! {
                reader.begin_object()?;
                let mut entries = ::std::collections::BTreeMap::new();
                while let ::std::option::Option::Some(key) = reader.next_key()? {
                    if reader.take_null()? {
                        #null
                        continue;
                    }
                    let item = #insert;
                    entries.insert(#key_value, item);
                }
                ::std::result::Result::Ok(entries)
            }
        }
        _ => return Err(Error::internal(format!("no JSON reader for {}", shape.id))),
    };
    let doc = format!(
        " Reads {} from JSON; unknown keys are skipped.",
        super::docs::a_code(shape.id.name())
    );
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(reader: &mut #json_reader<'_>) -> ::std::result::Result<#ty, #de_error> {
            #body
        }
    })
}
