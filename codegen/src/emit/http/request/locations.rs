//! The path with its labels, the query string and the headers of the request.

use super::{helper, push_text, RequestWriter};
use crate::emit::context::with_member;
use crate::emit::http::text::{self, Place};
use crate::emit::http::{uri_template, UriPiece};
use crate::emit::paths::rt;
use crate::error::Error;
use crate::ir::{HttpBinding, ShapeKind};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

impl RequestWriter<'_, '_> {
    /// Appends the path with its labels filled in; `None` when the path has no label.
    pub(super) fn write_path(&self) -> Result<Option<TokenStream>, Error> {
        let (path, _) = self.template();
        let pieces = uri_template(self.ctx, self.input, path)?;
        if !pieces
            .iter()
            .any(|piece| matches!(piece, UriPiece::Label { .. }))
        {
            return Ok(None);
        }
        let ser_error = &self.ser_error;
        let mut statements = Vec::new();
        for piece in pieces {
            match piece {
                UriPiece::Literal(literal) => statements.push(push_text(literal)),
                UriPiece::Label { member, greedy } => {
                    let target = self.ctx.shape(&member.target)?;
                    let text = text::render(self.ctx, member, target, Place::Label)?;
                    let encode = if greedy {
                        rt::PERCENT_ENCODE_GREEDY.path()
                    } else {
                        rt::PERCENT_ENCODE.path()
                    };
                    let message = format!("the URI label {} must not be empty", member.name);
                    let access = self.access(member)?;
                    let item = if member.traits.required {
                        quote! { let item = &#access; }
                    } else {
                        quote! {
                            let ::std::option::Option::Some(item) = &#access else {
                                return ::std::result::Result::Err(#ser_error::new(#message));
                            };
                        }
                    };
                    statements.push(quote! { {
                        #item
                        let text = #text;
                        if text.is_empty() {
                            return ::std::result::Result::Err(#ser_error::new(#message));
                        }
                        uri.push_str(&#encode(&text));
                    } });
                }
            }
        }
        let name = helper(naming::WRITE_PATH);
        let input_ty = &self.input_ty;
        Ok(Some(quote! {
            /// Appends the URI path with every label percent-encoded; a label must not be empty.
            fn #name(input: &#input_ty, uri: &mut ::std::string::String) -> ::std::result::Result<(), #ser_error> {
                #( #statements )*
                ::std::result::Result::Ok(())
            }
        }))
    }

    /// Appends the query string (the URI's fixed part, then every query member); `None` when the
    /// input binds nothing to the query.
    pub(super) fn write_query(&self) -> Result<Option<TokenStream>, Error> {
        let explicit: Vec<&str> = self
            .members()
            .iter()
            .filter_map(|m| match &m.traits.http {
                Some(HttpBinding::Query(name)) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        let mut statements = Vec::new();
        for member in self.members() {
            let statement = match &member.traits.http {
                Some(HttpBinding::Query(name)) => {
                    let target = self.ctx.shape(&member.target)?;
                    match &target.kind {
                        ShapeKind::List(element) => {
                            let element_target = self.ctx.shape(&element.target)?;
                            let text =
                                text::render(self.ctx, member, element_target, Place::Query)?;
                            quote! { for item in item { query.push((#name, #text)); } }
                        }
                        _ => {
                            let text = text::render(self.ctx, member, target, Place::Query)?;
                            quote! { query.push((#name, #text)); }
                        }
                    }
                }
                Some(HttpBinding::QueryParams) => {
                    let target = self.ctx.shape(&member.target)?;
                    let ShapeKind::Map { value, .. } = &target.kind else {
                        return Err(self
                            .ctx
                            .member_problem(member, "httpQueryParams must bind a map"));
                    };
                    let push = match &self.ctx.shape(&value.target)?.kind {
                        ShapeKind::List(_) => {
                            quote! { for item in item { query.push((key.as_str(), item.clone())); } }
                        }
                        _ => quote! { query.push((key.as_str(), item.clone())); },
                    };
                    // Parameters bound to their own members win over the map's entries.
                    let skip = if explicit.is_empty() {
                        TokenStream::new()
                    } else {
                        quote! {
                            if [#( #explicit ),*].contains(&key.as_str()) {
                                continue;
                            }
                        }
                    };
                    quote! {
                        for (key, item) in item {
                            #skip
                            #push
                        }
                    }
                }
                _ => continue,
            };
            statements.push(with_member(
                member.traits.required,
                self.access(member)?,
                statement,
            ));
        }
        if statements.is_empty() {
            return Ok(None);
        }
        let percent = rt::PERCENT_ENCODE.path();
        let (_, fixed) = self.template();
        let start = if fixed.is_empty() {
            quote! { let mut separator = '?'; }
        } else {
            quote! {
                uri.push('?');
                uri.push_str(#fixed);
                let mut separator = '&';
            }
        };
        let name = helper(naming::WRITE_QUERY);
        let input_ty = &self.input_ty;
        Ok(Some(quote! {
            /// Appends the query string: the URI's fixed parameters, then every query member,
            /// percent-encoded.
            fn #name(input: &#input_ty, uri: &mut ::std::string::String) {
                let mut query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
                #( #statements )*
                #start
                for (key, item) in &query {
                    uri.push(separator);
                    uri.push_str(&#percent(key));
                    uri.push('=');
                    uri.push_str(&#percent(item));
                    separator = '&';
                }
            }
        }))
    }

    /// The headers bound to members; `None` when there are none.
    pub(super) fn write_headers(&self) -> Result<Option<TokenStream>, Error> {
        let statements = text::write_headers(self.ctx, self.input, &quote! { input })?;
        if statements.is_empty() {
            return Ok(None);
        }
        let name = helper(naming::WRITE_HEADERS);
        let input_ty = &self.input_ty;
        Ok(Some(quote! {
            /// The headers the input's members are bound to.
            fn #name(input: &#input_ty) -> ::std::vec::Vec<(::std::string::String, ::std::string::String)> {
                let mut headers = ::std::vec::Vec::new();
                #( #statements )*
                headers
            }
        }))
    }
}
