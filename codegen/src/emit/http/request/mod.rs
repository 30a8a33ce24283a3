//! The client's request writer of one operation: `serialize_request`, which asks one helper per
//! binding location (path labels, query, headers, body) and assembles their results, and
//! `fill_idempotency_tokens`, the one place unset idempotency tokens get a value.
//!
//! A helper is emitted only when the input binds a member to its location; the body helper calls
//! the input's JSON writer from [`crate::emit::json`].

mod body;
mod idempotency;
mod locations;

use crate::emit::context::{ident, Ctx};
use crate::emit::paths::rt;
use crate::error::Error;
use crate::ir::{HttpBinding, Member, Operation, Shape};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Emits `serialize_request`, its helpers, `fill_idempotency_tokens` and, for an operation whose
/// body is compressed or checksummed, `finish_request`.
pub fn emit(
    ctx: &Ctx<'_>,
    op_shape: &Shape,
    op: &Operation,
    input: &Shape,
) -> Result<TokenStream, Error> {
    let writer = RequestWriter::new(ctx, op, input)?;
    let fill = writer.fill_idempotency_tokens()?;
    let tokens = writer.with_idempotency_tokens()?;
    let path = writer.write_path()?;
    let query = writer.write_query()?;
    let headers = writer.write_headers()?;
    let body = writer.write_body()?;
    let serialize = writer.serialize_request(
        path.is_some(),
        query.is_some(),
        headers.is_some(),
        body.as_ref(),
        tokens.is_some(),
    )?;
    let helpers = [tokens, path, query, headers, body.map(|body| body.item)];
    let finish = finish_request(op_shape);
    Ok(quote! {
        #serialize
        #( #helpers )*
        #fill
        #finish
    })
}

/// Whether the operation's serialized request is finished by `finish_request` before signing.
pub fn has_finish(op_shape: &Shape) -> bool {
    op_shape.traits.checksum_required || !op_shape.traits.request_compression.is_empty()
}

/// `finish_request`: compression as the configuration allows, then the `Content-MD5` checksum;
/// nothing for an operation that needs neither.
fn finish_request(op_shape: &Shape) -> Option<TokenStream> {
    if !has_finish(op_shape) {
        return None;
    }
    let request_ty = rt::HTTP_REQUEST.path();
    let settings_ty = rt::COMPRESSION_SETTINGS.path();
    let encodings = &op_shape.traits.request_compression;
    let (settings, compress) = if encodings.is_empty() {
        (quote! { _settings }, TokenStream::new())
    } else {
        let compress = rt::COMPRESS.path();
        (
            quote! { settings },
            quote! { #compress(request, &[#( #encodings ),*], settings); },
        )
    };
    let checksum = if op_shape.traits.checksum_required {
        let md5 = rt::CONTENT_MD5.path();
        quote! { #md5(request); }
    } else {
        TokenStream::new()
    };
    let name = helper(naming::FINISH_REQUEST);
    Some(quote! {
        /// Finishes a serialized request before it is signed: the body compressed as the settings
        /// allow and the operation accepts, then checksummed if the operation requires it.
        pub fn #name(request: &mut #request_ty, #settings: &#settings_ty) {
            #compress
            #checksum
        }
    })
}

/// `uri.push(c)` for one character, `uri.push_str(text)` for more.
fn push_text(text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote! { uri.push(#c); },
        _ => quote! { uri.push_str(#text); },
    }
}

/// What the request writer of one operation works from.
struct RequestWriter<'c, 'a> {
    ctx: &'c Ctx<'a>,
    op: &'c Operation,
    input: &'c Shape,
    input_ty: TokenStream,
    ser_error: TokenStream,
}

/// The body helper and what is known of the body it writes.
struct Body {
    item: TokenStream,
    /// The body is never empty (a JSON object), so its length and type are always sent.
    never_empty: bool,
    /// The `Content-Type` sent unless a header member sets one.
    media_type: String,
}

fn helper(name: &str) -> Ident {
    ident(name)
}

impl<'c, 'a> RequestWriter<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, op: &'c Operation, input: &'c Shape) -> Result<Self, Error> {
        Ok(RequestWriter {
            ctx,
            op,
            input,
            input_ty: ctx.type_path(&input.id)?,
            ser_error: rt::SERIALIZE_ERROR.path(),
        })
    }

    fn members(&self) -> &'c [Member] {
        self.input.kind.members()
    }

    fn field(&self, member: &Member) -> Result<Ident, Error> {
        Ok(ident(
            &self
                .ctx
                .symbols
                .member(&self.input.id, &member.name)?
                .field
                .ident,
        ))
    }

    /// `input.<field>` for a member of the input.
    fn access(&self, member: &Member) -> Result<TokenStream, Error> {
        let field = self.field(member)?;
        Ok(quote! { input.#field })
    }

    fn template(&self) -> (&'c str, &'c str) {
        let uri = self.op.http.as_ref().map_or("/", |http| http.uri.as_str());
        uri.split_once('?').unwrap_or((uri, ""))
    }

    /// Optional idempotency tokens: the members [`fill_idempotency_tokens`] fills.
    fn tokens(&self) -> impl Iterator<Item = &'c Member> {
        self.members()
            .iter()
            .filter(|m| m.traits.idempotency_token && !m.traits.required)
    }

    /// `serialize_request`, assembling the helpers' results.
    fn serialize_request(
        &self,
        has_path: bool,
        has_query: bool,
        has_headers: bool,
        body: Option<&Body>,
        has_tokens: bool,
    ) -> Result<TokenStream, Error> {
        let (path, fixed) = self.template();
        let mut statements = Vec::new();
        if has_tokens {
            let fill = helper(naming::WITH_IDEMPOTENCY_TOKENS);
            statements.push(quote! {
                let filled = #fill(input);
                let input = &*filled;
            });
        }
        let uri = if has_path || has_query {
            let start = if has_path {
                let write = helper(naming::WRITE_PATH);
                quote! {
                    let mut uri = ::std::string::String::new();
                    #write(input, &mut uri)?;
                }
            } else {
                quote! { let mut uri = ::std::string::String::from(#path); }
            };
            let query = if has_query {
                let write = helper(naming::WRITE_QUERY);
                quote! { #write(input, &mut uri); }
            } else if fixed.is_empty() {
                TokenStream::new()
            } else {
                let fixed = format!("?{fixed}");
                quote! { uri.push_str(#fixed); }
            };
            statements.push(quote! { #start #query });
            quote! { uri }
        } else {
            let whole = self.op.http.as_ref().map_or("/", |http| http.uri.as_str());
            quote! { uri: #whole.to_owned() }
        };
        let content_type_member = self.members().iter().any(|m| match &m.traits.http {
            Some(HttpBinding::Header(name)) => name.eq_ignore_ascii_case("content-type"),
            Some(HttpBinding::PrefixHeaders(prefix)) => {
                "content-type".starts_with(&prefix.to_ascii_lowercase())
            }
            _ => false,
        });
        let content_headers = body.map(|body| {
            let media_type = &body.media_type;
            let content_type = quote! {
                headers.push(("Content-Type".to_owned(), #media_type.to_owned()));
            };
            let content_type = if content_type_member {
                quote! {
                    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
                        #content_type
                    }
                }
            } else {
                content_type
            };
            let both = quote! {
                #content_type
                headers.push(("Content-Length".to_owned(), body.len().to_string()));
            };
            if body.never_empty {
                both
            } else {
                quote! { if !body.is_empty() { #both } }
            }
        });
        let headers_mut = if content_headers.is_some() {
            quote! { mut }
        } else {
            TokenStream::new()
        };
        statements.push(if has_headers {
            let write = helper(naming::WRITE_HEADERS);
            quote! { let #headers_mut headers = #write(input); }
        } else {
            quote! { let #headers_mut headers = ::std::vec::Vec::new(); }
        });
        statements.push(match body {
            Some(_) => {
                let write = helper(naming::WRITE_BODY);
                quote! { let body = #write(input)?; }
            }
            None => quote! { let body = ::std::vec::Vec::new(); },
        });
        statements.extend(content_headers);
        let host_prefix = match &self.op.host_prefix {
            None => quote! { ::std::option::Option::None },
            Some(prefix) => self.host_prefix(prefix)?,
        };
        let uses_input = has_tokens
            || has_path
            || has_query
            || has_headers
            || body.is_some()
            || self
                .op
                .host_prefix
                .as_deref()
                .is_some_and(|p| p.contains('{'));
        let param = if uses_input {
            quote! { input }
        } else {
            quote! { _input }
        };
        let method = self
            .op
            .http
            .as_ref()
            .map_or("POST", |http| http.method.as_str());
        let name = helper(naming::SERIALIZE_REQUEST);
        let input_ty = &self.input_ty;
        let ser_error = &self.ser_error;
        let request_ty = rt::HTTP_REQUEST.path();
        let token_doc = if has_tokens {
            quote! {
                ///
                /// An unset idempotency token is filled with a fresh one; call
                /// [`fill_idempotency_tokens`] first to keep one across retries.
            }
        } else {
            TokenStream::new()
        };
        Ok(quote! {
            /// Serializes the input into an HTTP request (not yet signed).
            #token_doc
            pub fn #name(#param: &#input_ty) -> ::std::result::Result<#request_ty, #ser_error> {
                #( #statements )*
                ::std::result::Result::Ok(#request_ty {
                    method: #method,
                    #uri,
                    headers,
                    body,
                    host_prefix: #host_prefix,
                })
            }
        })
    }

    /// The host prefix with its `{Label}`s replaced by host-label members.
    fn host_prefix(&self, prefix: &str) -> Result<TokenStream, Error> {
        let ser_error = &self.ser_error;
        let mut pieces = Vec::new();
        let mut rest = prefix;
        while let Some(open) = rest.find('{') {
            let literal = &rest[..open];
            if !literal.is_empty() {
                pieces.push(quote! { prefix.push_str(#literal); });
            }
            let close = rest[open..].find('}').map(|i| i + open).ok_or_else(|| {
                self.ctx.selection.model.error(
                    &self.input.pointer,
                    &self.input.id,
                    format!("unclosed label in the host prefix `{prefix}`"),
                )
            })?;
            let name = &rest[open + 1..close];
            let member = self
                .members()
                .iter()
                .find(|m| m.name == name)
                .ok_or_else(|| {
                    self.ctx.selection.model.error(
                        &self.input.pointer,
                        &self.input.id,
                        format!("the host prefix `{prefix}` names {name}, which the input lacks"),
                    )
                })?;
            let access = self.access(member)?;
            let message = format!("the host label {name} must be set and contain only letters, digits, hyphens and periods");
            let value = if member.traits.required {
                quote! { #access.as_str() }
            } else {
                quote! { #access.as_deref().unwrap_or_default() }
            };
            pieces.push(quote! { {
                let value = #value;
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
                    return ::std::result::Result::Err(#ser_error::new(#message));
                }
                prefix.push_str(value);
            } });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(quote! { prefix.push_str(#rest); });
        }
        Ok(quote! { {
            let mut prefix = ::std::string::String::new();
            #( #pieces )*
            ::std::option::Option::Some(prefix)
        } })
    }
}
