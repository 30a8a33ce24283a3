//! restJson1's HTTP bindings: where each member of an operation's input and output travels
//! (URI labels, query, headers, payload, status) and the functions that put it there and read it
//! back. The JSON document itself is the business of [`crate::emit::json`], which these emitters
//! call and which never calls them.
//!
//! - [`request`]: the client's request writer (`serialize_request` and its helpers);
//! - [`response`]: the client's response readers (outputs and errors);
//! - [`text`]: scalars as label, query and header text, in both directions.

pub mod request;
pub mod response;
pub mod text;

use crate::emit::context::Ctx;
use crate::error::Error;
use crate::ir::{HttpBinding, Member, Shape};

/// One piece of a URI path template.
#[derive(Clone, Debug, PartialEq)]
pub enum UriPiece<'a> {
    /// Text sent as it is.
    Literal(&'a str),
    /// A `{Label}` (or greedy `{Label+}`) filled from a label member.
    Label { member: &'a Member, greedy: bool },
}

/// Splits the path part of a URI template into literals and labels, each label resolved to the
/// input's member bound to it.
pub fn uri_template<'a>(
    ctx: &Ctx<'_>,
    input: &'a Shape,
    path: &'a str,
) -> Result<Vec<UriPiece<'a>>, Error> {
    let model = &ctx.selection.model;
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(UriPiece::Literal(&rest[..open]));
        }
        let close = rest[open..].find('}').map(|i| i + open).ok_or_else(|| {
            model.error(
                &input.pointer,
                &input.id,
                format!("unclosed label in the URI `{path}`"),
            )
        })?;
        let label = &rest[open + 1..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let member = input
            .kind
            .members()
            .iter()
            .find(|m| m.name == name && m.traits.http == Some(HttpBinding::Label))
            .ok_or_else(|| {
                model.error(
                    &input.pointer,
                    &input.id,
                    format!("the URI `{path}` names the label {name}, which is not a label member of the input"),
                )
            })?;
        pieces.push(UriPiece::Label { member, greedy });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(UriPiece::Literal(rest));
    }
    Ok(pieces)
}
