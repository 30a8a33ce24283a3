//! The request body: the payload member as it is, or a JSON object of the members in the body.

use super::{helper, Body, RequestWriter};
use crate::emit::json::{write_value, writer_path};
use crate::emit::paths::rt;
use crate::error::Error;
use crate::ir::{HttpBinding, Member, ShapeKind, Simple};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

impl RequestWriter<'_, '_> {
    /// The body: the payload member, or a JSON object of the members in the body; `None` when the
    /// request has no body.
    pub(super) fn write_body(&self) -> Result<Option<Body>, Error> {
        let payload = self
            .members()
            .iter()
            .find(|m| m.traits.http == Some(HttpBinding::Payload));
        let json_writer = rt::JSON_WRITER.path();
        let capacity = quote! {
            /// Bytes reserved for a JSON body up front, enough for most requests.
            const BODY_CAPACITY: usize = 512;
        };
        let document = |write: TokenStream| {
            quote! {
                #capacity
                #json_writer::document(BODY_CAPACITY, |writer| #write)
            }
        };
        let (statements, never_empty, media_type) = match payload {
            None if !self.members().iter().any(Member::in_body) => return Ok(None),
            None => {
                let write = writer_path(self.ctx, &self.input.id)?;
                (
                    document(quote! { #write(writer, input) }),
                    true,
                    "application/json".to_owned(),
                )
            }
            Some(member) => self.payload(member, &document)?,
        };
        let name = helper(naming::WRITE_BODY);
        let input_ty = &self.input_ty;
        let ser_error = &self.ser_error;
        Ok(Some(Body {
            item: quote! {
                /// The request body.
                fn #name(input: &#input_ty) -> ::std::result::Result<::std::vec::Vec<u8>, #ser_error> {
                    #statements
                }
            },
            never_empty,
            media_type,
        }))
    }

    /// The statements of a payload body, whether it is never empty, and its media type.
    pub(super) fn payload(
        &self,
        member: &Member,
        document: &dyn Fn(TokenStream) -> TokenStream,
    ) -> Result<(TokenStream, bool, String), Error> {
        let target = self.ctx.shape(&member.target)?;
        let access = self.access(member)?;
        let declared = self.ctx.member_trait(member, |t| t.media_type.clone());
        let ok = |body: TokenStream| quote! { ::std::result::Result::Ok(#body) };
        let raw = |body: TokenStream, default: &str| {
            (
                ok(body),
                false,
                declared.clone().unwrap_or_else(|| default.to_owned()),
            )
        };
        Ok(match &target.kind {
            ShapeKind::Simple(Simple::Blob) => raw(
                quote! { #access.clone().unwrap_or_default() },
                "application/octet-stream",
            ),
            ShapeKind::Simple(Simple::String) => raw(
                quote! { #access.clone().unwrap_or_default().into_bytes() },
                "text/plain",
            ),
            ShapeKind::Enum(_) => raw(
                quote! { #access.as_ref().map(|item| item.as_str().as_bytes().to_vec()).unwrap_or_default() },
                "text/plain",
            ),
            _ => {
                let write = write_value(self.ctx, member, quote! { item })?;
                let ok = quote! { ::std::result::Result::Ok(()) };
                let statements = if member.traits.required {
                    document(quote! { { let item = &#access; #write #ok } })
                } else if matches!(target.kind, ShapeKind::Structure(_)) {
                    // An unset structure payload is sent as `{}`.
                    document(quote! { {
                        match &#access {
                            ::std::option::Option::Some(item) => { #write }
                            ::std::option::Option::None => { writer.begin_object(); writer.end_object(); }
                        }
                        #ok
                    } })
                } else {
                    // An unset union or document payload is sent as no body at all.
                    let write = document(quote! { { #write #ok } });
                    quote! {
                        let ::std::option::Option::Some(item) = &#access else {
                            return ::std::result::Result::Ok(::std::vec::Vec::new());
                        };
                        #write
                    }
                };
                let never_empty =
                    member.traits.required || matches!(target.kind, ShapeKind::Structure(_));
                (statements, never_empty, "application/json".to_owned())
            }
        })
    }
}
