//! The client: `Client::new(&config)` and, per operation, a fluent builder whose `send()` runs
//! the call through the runtime's orchestrator (validation, signing, retries).

use super::context::{ident, Ctx};
use super::paths::rt;
use super::{docs, structures};
use crate::error::Error;
use crate::ir::{Shape, ShapeId, ShapeKind};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// Emits the body of `crate::client`.
pub fn emit(ctx: &Ctx<'_>) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let model = &ctx.selection.model;
    let service = model.service.as_ref().and_then(|id| model.get(id));
    let (signing_name, sdk_id, version) = match service.map(|s| &s.kind) {
        Some(ShapeKind::Service(service)) => {
            let sdk_id = service
                .sdk_id
                .clone()
                .unwrap_or_else(|| "Service".to_owned());
            let signing = service
                .signing_name
                .clone()
                .or_else(|| service.endpoint_prefix.clone())
                .unwrap_or_else(|| sdk_id.to_ascii_lowercase().replace(' ', ""));
            (signing, sdk_id, service.version.clone())
        }
        _ => ("service".to_owned(), "Service".to_owned(), String::new()),
    };
    let handle = rt::HANDLE.path();
    let info = rt::SERVICE_INFO.path();
    let config = rt::CONFIG.path();
    let mut methods = Vec::new();
    for op_id in &ctx.selection.operations {
        let names = ctx.symbols.operation(op_id)?;
        let module = ident(&names.module);
        let fluent = ident(&names.fluent);
        let doc = docs::attrs(&format!(
            "Starts {} {} call: set the input with the builder's methods, then `send().await`.",
            docs::article(op_id.name()),
            op_id.name()
        ));
        methods.push(quote! {
            #doc
            pub fn #module(&self) -> #root::operations::#module::#fluent {
                #root::operations::#module::#fluent::new(self.handle.clone())
            }
        });
    }
    let env_name = naming::service_env_name(&sdk_id);
    let config_key = naming::service_config_key(&sdk_id);
    let rules = &ctx.selection.endpoint_rules;
    Ok(quote! {
        /// What the runtime needs to know about the service: its identity in the model and its
        /// endpoint rules.
        pub const SERVICE: #info = #info {
            signing_name: #signing_name,
            sdk_id: #sdk_id,
            api_version: #version,
            env_name: #env_name,
            config_key: #config_key,
            endpoint_rules: #rules,
        };

        /// A client of the service. Cheap to clone; clones share connections, credentials and the
        /// retry quota.
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: ::std::sync::Arc<#handle>,
        }

        impl Client {
            /// A client with the given configuration. Problems with it (no region, no credentials, a
            /// bad endpoint) are reported by each call.
            pub fn new(config: &#config) -> Self {
                Client {
                    handle: ::std::sync::Arc::new(#handle::new(config, SERVICE)),
                }
            }

            #( #methods )*
        }
    })
}

/// The operation's spec, its fluent builder and the error enum's metadata for the runtime.
pub fn operation_glue(
    ctx: &Ctx<'_>,
    op_id: &ShapeId,
    input: &Shape,
    output: &Shape,
    finishes: bool,
) -> Result<TokenStream, Error> {
    let names = ctx.symbols.operation(op_id)?;
    let error_enum = ident(&names.error);
    let input_ty = ctx.type_path(&input.id)?;
    let output_ty = ctx.type_path(&output.id)?;
    let input_builder = ctx.builder_path(&input.id)?;
    let fluent = ident(&names.fluent);
    let spec_ty = rt::OPERATION_SPEC.path();
    let fill = ident(naming::FILL_IDEMPOTENCY_TOKENS);
    let serialize = ident(naming::SERIALIZE_REQUEST);
    let deserialize = ident(naming::DESERIALIZE_RESPONSE);
    let finish = if finishes {
        let name = ident(naming::FINISH_REQUEST);
        quote! { ::std::option::Option::Some(#name) }
    } else {
        quote! { ::std::option::Option::None }
    };
    let handle = rt::HANDLE.path();
    let sdk_error = rt::SDK_ERROR.path();
    let metadata = rt::SERVICE_ERROR_METADATA.path();
    let inner = ident("inner");
    let setters = structures::delegating_setters(ctx, input, &inner)?;
    let op_name = op_id.name();
    let required = input.kind.members().iter().any(|m| m.traits.required);
    let construction_error = rt::CONSTRUCTION_ERROR.path();
    let build = if required {
        quote! {
            let input = self.inner.build().map_err(|error| #sdk_error::Construction {
                operation: OPERATION_NAME,
                error: #construction_error::Input(error),
            })?;
        }
    } else {
        quote! { let input = self.inner.build(); }
    };
    let failure = rt::FAILURE.path();
    let mut retry_arms = Vec::new();
    for (error_id, variant) in &names.error_variants {
        let variant = ident(variant);
        let modelled = match ctx.shape(error_id)?.traits.retryable {
            Some(retryable) if retryable.throttling => quote! { #failure::Throttling },
            Some(_) => quote! { #failure::Transient },
            None => continue,
        };
        retry_arms.push(quote! { Self::#variant(_) => ::std::option::Option::Some(#modelled), });
    }
    let modelled_retry = if retry_arms.is_empty() {
        quote! { ::std::option::Option::None }
    } else {
        quote! {
            match self {
                #( #retry_arms )*
                _ => ::std::option::Option::None,
            }
        }
    };
    let fluent_docs = docs::attrs(&format!(
        "{} {op_name} call being prepared: the input's setters, then [`{fluent}::send`].",
        capitalized(docs::article(op_name))
    ));
    Ok(quote! {
        /// The functions the runtime calls for this operation.
        pub const SPEC: #spec_ty<#input_ty, #output_ty, #error_enum> = #spec_ty {
            name: OPERATION_NAME,
            validate: #input_ty::validate,
            #fill,
            serialize: #serialize,
            finish: #finish,
            deserialize: #deserialize,
        };

        impl #metadata for #error_enum {
            fn code(&self) -> &str {
                #error_enum::code(self)
            }

            fn message(&self) -> ::std::option::Option<&str> {
                #error_enum::message(self)
            }

            fn modelled_retry(&self) -> ::std::option::Option<#failure> {
                #modelled_retry
            }
        }

        #fluent_docs
        #[derive(Debug)]
        pub struct #fluent {
            handle: ::std::sync::Arc<#handle>,
            inner: #input_builder,
            validate: bool,
        }

        impl #fluent {
            pub(crate) fn new(handle: ::std::sync::Arc<#handle>) -> Self {
                #fluent {
                    handle,
                    inner: ::std::default::Default::default(),
                    validate: true,
                }
            }

            /// Replaces everything set so far with a prepared input.
            pub fn input(mut self, input: #input_ty) -> Self {
                self.inner = ::std::convert::From::from(input);
                self
            }

            /// Switches the model's constraint checks before sending on or off (on by default).
            pub fn validation(mut self, on: bool) -> Self {
                self.validate = on;
                self
            }

            #setters

            /// Sends the call: validates the input, signs, sends and retries as configured.
            pub async fn send(self) -> ::std::result::Result<#output_ty, #sdk_error<#error_enum>> {
                #build
                self.handle.invoke(&SPEC, input, self.validate).await
            }
        }
    })
}

/// The word with its first letter in upper case (`An`).
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
