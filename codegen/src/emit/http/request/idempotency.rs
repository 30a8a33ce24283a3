//! Idempotency tokens: the members the client fills when the caller leaves them unset.

use super::{helper, RequestWriter};
use crate::emit::paths::rt;
use crate::error::Error;
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

impl RequestWriter<'_, '_> {
    pub(super) fn fill_idempotency_tokens(&self) -> Result<TokenStream, Error> {
        let name = helper(naming::FILL_IDEMPOTENCY_TOKENS);
        let input_ty = &self.input_ty;
        let token = rt::NEW_IDEMPOTENCY_TOKEN.path();
        let mut fills = Vec::new();
        for member in self.tokens() {
            let field = self.field(member)?;
            fills.push(quote! {
                if input.#field.is_none() {
                    input.#field = ::std::option::Option::Some(#token());
                }
            });
        }
        let param = if fills.is_empty() {
            quote! { _input }
        } else {
            quote! { input }
        };
        Ok(quote! {
            /// Gives every unset idempotency token a fresh value, so that all attempts of one call send
            /// the same token.
            pub fn #name(#param: &mut #input_ty) {
                #( #fills )*
            }
        })
    }

    /// The input with its idempotency tokens set, borrowed when the caller set them all.
    pub(super) fn with_idempotency_tokens(&self) -> Result<Option<TokenStream>, Error> {
        let mut set = Vec::new();
        for member in self.tokens() {
            let field = self.field(member)?;
            set.push(quote! { input.#field.is_some() });
        }
        let Some(all_set) = set.into_iter().reduce(|a, b| quote! { #a && #b }) else {
            return Ok(None);
        };
        let name = helper(naming::WITH_IDEMPOTENCY_TOKENS);
        let fill = helper(naming::FILL_IDEMPOTENCY_TOKENS);
        let input_ty = &self.input_ty;
        Ok(Some(quote! {
            /// The input itself when every idempotency token is set, else a copy with fresh tokens.
            fn #name(input: &#input_ty) -> ::std::borrow::Cow<'_, #input_ty> {
                if #all_set {
                    return ::std::borrow::Cow::Borrowed(input);
                }
                let mut filled = input.clone();
                #fill(&mut filled);
                ::std::borrow::Cow::Owned(filled)
            }
        }))
    }
}
