//! Scalars as the text of a URI label, query parameter or header, in both directions: rendering a
//! value into text and parsing text back into a value.

use crate::emit::context::{ident, simple_type, with_member, Ctx};
use crate::emit::json::timestamp_format_tokens;
use crate::emit::paths::rt;
use crate::error::Error;
use crate::ir::{HttpBinding, Member, Shape, ShapeKind, Simple, TimestampFormat};
use proc_macro2::TokenStream;
use quote::quote;

/// Where a member's text travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Label,
    Query,
    Header,
}

impl Place {
    /// The default timestamp format of the place (RFC 7231 dates in headers, RFC 3339 elsewhere).
    fn default_timestamp_format(self) -> TimestampFormat {
        match self {
            Place::Header => TimestampFormat::HttpDate,
            Place::Label | Place::Query => TimestampFormat::DateTime,
        }
    }

    /// The runtime's location of the place called `name` (`Location::Header("X-Amz-Foo")`).
    fn location(self, name: &str) -> TokenStream {
        let variant = match self {
            Place::Label => "Label",
            Place::Query => "Query",
            Place::Header => "Header",
        };
        let location = rt::LOCATION.variant(variant);
        quote! { #location(#name.to_owned()) }
    }

    /// How a message names the place (`the header X-Amz-Foo`).
    pub fn describe(self, name: &str) -> String {
        match self {
            Place::Label => format!("the URI label {name}"),
            Place::Query => format!("the query parameter {name}"),
            Place::Header => format!("the header {name}"),
        }
    }
}

/// The timestamp format a member's text uses in the place.
pub fn timestamp_format(ctx: &Ctx<'_>, member: &Member, place: Place) -> TimestampFormat {
    ctx.timestamp_format(member, place.default_timestamp_format())
}

/// An expression of type `String` that renders a scalar (`item: &T`, `T` the type of `target`) as
/// text for the place. `member` is the member bound to the place (for its traits).
pub fn render(
    ctx: &Ctx<'_>,
    member: &Member,
    target: &Shape,
    place: Place,
) -> Result<TokenStream, Error> {
    Ok(match &target.kind {
        ShapeKind::Simple(Simple::String) if ctx.is_json_text(member) => {
            let encode = rt::BASE64_ENCODE.path();
            quote! { #encode(item.as_bytes()) }
        }
        ShapeKind::Simple(Simple::String) => quote! { item.clone() },
        ShapeKind::Enum(_) => quote! { item.as_str().to_owned() },
        ShapeKind::IntEnum(_) => quote! { item.as_i32().to_string() },
        ShapeKind::Simple(
            Simple::Boolean | Simple::Byte | Simple::Short | Simple::Integer | Simple::Long,
        ) => quote! { item.to_string() },
        ShapeKind::Simple(Simple::Float) => {
            let repr = rt::PYTHON_FLOAT32_REPR.path();
            quote! { #repr(*item) }
        }
        ShapeKind::Simple(Simple::Double) => {
            let repr = rt::PYTHON_FLOAT_REPR.path();
            quote! { #repr(*item) }
        }
        ShapeKind::Simple(Simple::BigInteger | Simple::BigDecimal) => {
            quote! { item.as_str().to_owned() }
        }
        ShapeKind::Simple(Simple::Timestamp) => {
            let text = rt::TIMESTAMP_TEXT.path();
            let format = timestamp_format_tokens(timestamp_format(ctx, member, place));
            quote! { #text(item, #format) }
        }
        ShapeKind::Simple(Simple::Blob) => {
            let encode = rt::BASE64_ENCODE.path();
            quote! { #encode(item) }
        }
        _ => {
            return Err(ctx.member_problem(
                member,
                format!("{} cannot be bound to HTTP text", target.id),
            ))
        }
    })
}

/// An expression (`Result<T, DeError>`) that parses `text: &str` from the place called `name` as
/// a value of `target`.
pub fn parse(
    ctx: &Ctx<'_>,
    member: &Member,
    target: &Shape,
    place: Place,
    name: &str,
) -> Result<TokenStream, Error> {
    let de_error = rt::DE_ERROR.path();
    let location = place.location(name);
    let fail = quote! { #de_error::at(#location, "not a valid value") };
    Ok(match &target.kind {
        ShapeKind::Simple(Simple::String) if ctx.is_json_text(member) => {
            let decode = rt::BASE64_DECODE.path();
            quote! {
                #decode(text.trim())
                    .and_then(|bytes| ::std::string::String::from_utf8(bytes).ok())
                    .ok_or_else(|| #fail)
            }
        }
        ShapeKind::Simple(Simple::String) => {
            quote! { ::std::result::Result::<_, #de_error>::Ok(text.to_owned()) }
        }
        ShapeKind::Enum(_) => {
            let path = ctx.type_path(&target.id)?;
            quote! { ::std::result::Result::<_, #de_error>::Ok(#path::from(text.trim())) }
        }
        ShapeKind::IntEnum(_) => {
            let path = ctx.type_path(&target.id)?;
            quote! { text.trim().parse::<i32>().map(#path::from).map_err(|_| #fail) }
        }
        ShapeKind::Simple(Simple::Boolean) => quote! {
            match text.trim() {
                "true" => ::std::result::Result::Ok(true),
                "false" => ::std::result::Result::Ok(false),
                _ => ::std::result::Result::Err(#fail),
            }
        },
        ShapeKind::Simple(
            simple @ (Simple::Byte | Simple::Short | Simple::Integer | Simple::Long),
        ) => {
            let ty = simple_type(*simple);
            quote! { text.trim().parse::<#ty>().map_err(|_| #fail) }
        }
        ShapeKind::Simple(simple @ (Simple::Float | Simple::Double)) => {
            let ty = simple_type(*simple);
            quote! {
                match text.trim() {
                    "NaN" => ::std::result::Result::Ok(#ty::NAN),
                    "Infinity" => ::std::result::Result::Ok(#ty::INFINITY),
                    "-Infinity" => ::std::result::Result::Ok(#ty::NEG_INFINITY),
                    other => other.parse::<#ty>().map_err(|_| #fail),
                }
            }
        }
        ShapeKind::Simple(Simple::Timestamp) => {
            let parse = rt::PARSE_TIMESTAMP.path();
            let format = timestamp_format_tokens(timestamp_format(ctx, member, place));
            quote! { #parse(text.trim(), #format).ok_or_else(|| #fail) }
        }
        ShapeKind::Simple(Simple::Blob) => {
            let decode = rt::BASE64_DECODE.path();
            quote! { #decode(text.trim()).ok_or_else(|| #fail) }
        }
        ShapeKind::Simple(Simple::BigInteger) => {
            let ty = rt::BIG_INTEGER.path();
            quote! { #ty::parse(text.trim()).ok_or_else(|| #fail) }
        }
        ShapeKind::Simple(Simple::BigDecimal) => {
            let ty = rt::BIG_DECIMAL.path();
            quote! { #ty::parse(text.trim()).ok_or_else(|| #fail) }
        }
        _ => {
            return Err(ctx.member_problem(
                member,
                format!("{} cannot be read from {}", target.id, place.describe(name)),
            ))
        }
    })
}

/// Statements pushing every header-bound member of `shape` (its fields reached through `value`)
/// onto a local `headers: Vec<(String, String)>`: the one writer of header bindings, used by the
/// client's requests and the server half's responses. A list's items are joined by `, `, each
/// string or enum item quoted when it holds a comma or a double quote (so that
/// [`read_header`]'s split gives it back); a prefixed map becomes one header per key.
pub fn write_headers(
    ctx: &Ctx<'_>,
    shape: &Shape,
    value: &TokenStream,
) -> Result<Vec<TokenStream>, Error> {
    let mut statements = Vec::new();
    for member in shape.kind.members() {
        let push = match &member.traits.http {
            Some(HttpBinding::Header(name)) => {
                let target = ctx.shape(&member.target)?;
                let text = match &target.kind {
                    ShapeKind::List(element) => header_list_text(ctx, member, element)?,
                    _ => render(ctx, member, target, Place::Header)?,
                };
                quote! { headers.push((#name.to_owned(), #text)); }
            }
            Some(HttpBinding::PrefixHeaders(prefix)) => quote! {
                for (key, item) in item {
                    headers.push((::std::format!("{}{}", #prefix, key), item.clone()));
                }
            },
            _ => continue,
        };
        let field = ident(&ctx.symbols.member(&shape.id, &member.name)?.field.ident);
        statements.push(with_member(
            member.traits.required,
            quote! { #value.#field },
            push,
        ));
    }
    Ok(statements)
}

/// An expression rendering the list `item` as one header's text.
fn header_list_text(
    ctx: &Ctx<'_>,
    member: &Member,
    element: &Member,
) -> Result<TokenStream, Error> {
    let element_target = ctx.shape(&element.target)?;
    let text = render(ctx, member, element_target, Place::Header)?;
    let text = if matches!(
        element_target.kind,
        ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)
    ) {
        let quote_item = rt::QUOTE_HEADER_LIST_ITEM.path();
        quote! { #quote_item(&#text) }
    } else {
        text
    };
    Ok(quote! {
        item.iter().map(|item| #text).collect::<::std::vec::Vec<::std::string::String>>().join(", ")
    })
}

/// An expression (with `?` applied inside) reading the header `name` from `headers` (a
/// `&[(String, String)]`) as the member's type: `None` when the header is absent.
pub fn read_header(
    ctx: &Ctx<'_>,
    member: &Member,
    target: &Shape,
    name: &str,
    headers: TokenStream,
) -> Result<TokenStream, Error> {
    let find = rt::FIND_HEADER.path();
    let parse = match &target.kind {
        ShapeKind::List(element) => header_list(ctx, member, element, name)?,
        _ => {
            let parse = parse(ctx, member, target, Place::Header, name)?;
            quote! { #parse? }
        }
    };
    Ok(quote! {
        match #find(#headers, #name) {
            ::std::option::Option::Some(text) => ::std::option::Option::Some(#parse),
            ::std::option::Option::None => ::std::option::Option::None,
        }
    })
}

/// An expression (with `?` applied) reading a list from the header text `text`.
fn header_list(
    ctx: &Ctx<'_>,
    member: &Member,
    element: &Member,
    name: &str,
) -> Result<TokenStream, Error> {
    let element_target = ctx.shape(&element.target)?;
    let parse = parse(ctx, member, element_target, Place::Header, name)?;
    let split = rt::SPLIT_HEADER_LIST.path();
    let http_date = matches!(element_target.kind, ShapeKind::Simple(Simple::Timestamp))
        && timestamp_format(ctx, member, Place::Header) == TimestampFormat::HttpDate;
    let items = if http_date {
        // An HTTP date holds a comma itself: the items are every two pieces.
        quote! {
            #split(text)
                .chunks(2)
                .map(|pair| pair.join(", "))
                .collect::<::std::vec::Vec<_>>()
        }
    } else {
        quote! { #split(text) }
    };
    Ok(quote! {
        #items
            .iter()
            .map(|text| { let text = text.as_str(); #parse })
            .collect::<::std::result::Result<::std::vec::Vec<_>, _>>()?
    })
}
