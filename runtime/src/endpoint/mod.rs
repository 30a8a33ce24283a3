//! Endpoint resolution: the service's own endpoint rules (from its model, passed by the generated
//! code) evaluated for the configured region, FIPS and dual-stack settings and custom endpoint.
//!
//! A custom endpoint together with FIPS or dual-stack is refused when the rules say so (as
//! Amazon Connect's do), rather than dropping the FIPS or dual-stack setting silently: a caller who
//! asked for FIPS must not end up talking to a non-FIPS endpoint without knowing.

pub mod partition;
pub mod rules;

use rules::{ResolvedEndpoint, RuleSet, Value};
use std::collections::BTreeMap;

crate::macros::message_error!(
    /// Why no endpoint could be resolved.
    EndpointError
);

/// What the built-in parameters of a ruleset are bound to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointParams {
    pub region: Option<String>,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    /// A custom endpoint URL (builder, environment or profile).
    pub endpoint: Option<String>,
}

impl EndpointParams {
    /// The value of a built-in parameter (`AWS::Region`), if this client sets it.
    fn built_in(&self, name: &str) -> Option<Value> {
        match name {
            "AWS::Region" => self.region.clone().map(Value::String),
            "AWS::UseFIPS" => Some(Value::Bool(self.use_fips)),
            "AWS::UseDualStack" => Some(Value::Bool(self.use_dual_stack)),
            "SDK::Endpoint" => self.endpoint.clone().map(Value::String),
            _ => None,
        }
    }
}

/// Evaluates the rules with their built-in parameters bound to `params`.
pub fn resolve(
    rules: &RuleSet,
    params: &EndpointParams,
) -> Result<ResolvedEndpoint, EndpointError> {
    let bound: BTreeMap<String, Value> = rules
        .built_ins()
        .filter_map(|(name, built_in)| Some((name.to_owned(), params.built_in(built_in)?)))
        .collect();
    rules.resolve(&bound)
}
