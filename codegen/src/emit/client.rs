//! The client: `Client::new(&config)` and, per operation, a fluent builder whose `send()` runs
//! the call through the runtime's orchestrator (validation, signing, retries).

use super::context::{ident, runtime, Ctx};
use super::{docs, structures};
use crate::error::Error;
use crate::ir::{Operation, Shape, ShapeId, ShapeKind};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits the body of `crate::client`.
pub fn emit(ctx: &Ctx<'_>) -> Result<TokenStream, Error> {
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
    let handle = runtime(&["client", "Handle"]);
    let info = runtime(&["client", "ServiceInfo"]);
    let config = runtime(&["config", "Config"]);
    let mut methods = Vec::new();
    for op_id in &ctx.selection.operations {
        let names = ctx.symbols.operation(op_id)?;
        let module = ident(&names.module);
        let fluent = fluent_name(op_id);
        let doc = docs::attrs(&format!(
            "Starts a {} call: set the input with the builder's methods, then `send().await`.",
            op_id.name()
        ));
        methods.push(quote! {
            #doc
            pub fn #module(&self) -> crate::operations::#module::#fluent {
                crate::operations::#module::#fluent::new(self.handle.clone())
            }
        });
    }
    Ok(quote! {
        /// What the runtime needs to know about the service.
        pub const SERVICE: #info = #info {
            signing_name: #signing_name,
            sdk_id: #sdk_id,
            api_version: #version,
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

fn fluent_name(op_id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("{}FluentBuilder", op_id.name().to_upper_camel_case())
}

/// The operation's spec, its fluent builder and the error enum's metadata for the runtime.
pub fn operation_glue(
    ctx: &Ctx<'_>,
    op_id: &ShapeId,
    op: &Operation,
    input: &Shape,
) -> Result<TokenStream, Error> {
    let names = ctx.symbols.operation(op_id)?;
    let error_enum = ident(&names.error);
    let unhandled = ident(&names.unhandled);
    let output = op
        .output
        .as_ref()
        .ok_or_else(|| Error::internal("operation without output"))?;
    let input_ty = ctx.type_path(&input.id)?;
    let output_ty = ctx.type_path(output)?;
    let (_, input_name) = ctx.symbols.type_of(&input.id)?;
    let input_builder = format_ident!("{}Builder", input_name.ident);
    let fluent = fluent_name(op_id);
    let spec_ty = runtime(&["client", "OperationSpec"]);
    let handle = runtime(&["client", "Handle"]);
    let sdk_error = runtime(&["error", "SdkError"]);
    let metadata = runtime(&["error", "ServiceErrorMetadata"]);
    let inner = format_ident!("inner");
    let setters = structures::delegating_setters(ctx, input, &inner)?;
    let op_name = op_id.name();
    let required = input.kind.members().iter().any(|m| m.traits.required);
    let build = if required {
        quote! {
            let input = self.inner.build().map_err(|error| #sdk_error::Construction {
                operation: OPERATION_NAME,
                message: error.to_string(),
            })?;
        }
    } else {
        quote! { let input = self.inner.build(); }
    };
    let failure = runtime(&["retry", "Failure"]);
    let mut retry_arms = Vec::new();
    for (error_id, variant) in &names.error_variants {
        let variant = ident(variant);
        let modelled = match ctx.shape(error_id)?.traits.retryable {
            Some(retryable) if retryable.throttling => {
                quote! { ::std::option::Option::Some(#failure::Throttling) }
            }
            Some(_) => quote! { ::std::option::Option::Some(#failure::Transient) },
            None => quote! { ::std::option::Option::None },
        };
        retry_arms.push(quote! { Self::#variant(_) => #modelled, });
    }
    let fluent_docs = docs::attrs(&format!(
        "A {op_name} call being prepared: the input's setters, then [`{fluent}::send`]."
    ));
    Ok(quote! {
        /// The functions the runtime calls for this operation.
        pub const SPEC: #spec_ty<#input_ty, #output_ty, #error_enum> = #spec_ty {
            name: OPERATION_NAME,
            validate: #input_ty::validate,
            fill_idempotency_tokens,
            serialize: serialize_request,
            deserialize: deserialize_response,
        };

        impl #metadata for #error_enum {
            fn code(&self) -> &str {
                #error_enum::code(self)
            }

            fn message(&self) -> ::std::option::Option<&str> {
                #error_enum::message(self)
            }

            fn modelled_retry(&self) -> ::std::option::Option<#failure> {
                match self {
                    #( #retry_arms )*
                    Self::#unhandled(_) => ::std::option::Option::None,
                }
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
