//! Endpoint resolution for Amazon Connect: the service's endpoint rules (partitions, FIPS and
//! dual-stack variants, custom endpoints) written out by hand.
//!
//! A custom endpoint together with FIPS or dual-stack is refused, as the service's rules say,
//! rather than dropping the FIPS or dual-stack setting silently: a caller who asked for FIPS must
//! not end up talking to a non-FIPS endpoint without knowing.

crate::macros::message_error!(
    /// Why no endpoint could be resolved.
    EndpointError
);

/// A partition: a group of regions sharing DNS names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Partition {
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
}

const AWS: Partition = Partition {
    name: "aws",
    dns_suffix: "amazonaws.com",
    dual_stack_dns_suffix: "api.aws",
    supports_fips: true,
    supports_dual_stack: true,
};

/// Partitions other than `aws`, each with the region name prefix that marks it.
const PARTITIONS: &[(&str, Partition)] = &[
    (
        "cn-",
        Partition {
            name: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
            supports_fips: true,
            supports_dual_stack: true,
        },
    ),
    (
        "us-gov-",
        Partition {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
        },
    ),
    (
        "us-isob-",
        Partition {
            name: "aws-iso-b",
            dns_suffix: "sc2s.sgov.gov",
            dual_stack_dns_suffix: "sc2s.sgov.gov",
            supports_fips: true,
            supports_dual_stack: false,
        },
    ),
    (
        "us-isof-",
        Partition {
            name: "aws-iso-f",
            dns_suffix: "csp.hci.ic.gov",
            dual_stack_dns_suffix: "csp.hci.ic.gov",
            supports_fips: true,
            supports_dual_stack: false,
        },
    ),
    (
        "us-iso-",
        Partition {
            name: "aws-iso",
            dns_suffix: "c2s.ic.gov",
            dual_stack_dns_suffix: "c2s.ic.gov",
            supports_fips: true,
            supports_dual_stack: false,
        },
    ),
    (
        "eu-isoe-",
        Partition {
            name: "aws-iso-e",
            dns_suffix: "cloud.adc-e.uk",
            dual_stack_dns_suffix: "cloud.adc-e.uk",
            supports_fips: true,
            supports_dual_stack: false,
        },
    ),
];

/// The partition of a region; unknown regions belong to `aws`.
pub fn partition(region: &str) -> Partition {
    PARTITIONS
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or(AWS, |(_, partition)| *partition)
}

fn is_host_label(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 63
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !text.starts_with('-')
}

/// What endpoint resolution needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointParams {
    pub region: Option<String>,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    /// A custom endpoint URL (builder, environment or profile).
    pub endpoint: Option<String>,
}

/// Resolves the endpoint URL of Amazon Connect.
pub fn resolve(params: &EndpointParams) -> Result<String, EndpointError> {
    if let Some(endpoint) = &params.endpoint {
        if params.use_fips {
            return Err(EndpointError::new(
                "Invalid Configuration: FIPS and custom endpoint are not supported",
            ));
        }
        if params.use_dual_stack {
            return Err(EndpointError::new(
                "Invalid Configuration: Dualstack and custom endpoint are not supported",
            ));
        }
        return Ok(endpoint.clone());
    }
    let region = params
        .region
        .as_deref()
        .ok_or_else(|| EndpointError::new("Invalid Configuration: Missing Region"))?;
    if !is_host_label(region) {
        return Err(EndpointError::new(format!(
            "Invalid Configuration: `{region}` is not a valid region name"
        )));
    }
    let partition = partition(region);
    match (params.use_fips, params.use_dual_stack) {
        (true, true) => {
            if !(partition.supports_fips && partition.supports_dual_stack) {
                return Err(EndpointError::new("FIPS and DualStack are enabled, but this partition does not support one or both"));
            }
            Ok(format!(
                "https://connect-fips.{region}.{}",
                partition.dual_stack_dns_suffix
            ))
        }
        (true, false) => {
            if !partition.supports_fips {
                return Err(EndpointError::new(
                    "FIPS is enabled but this partition does not support FIPS",
                ));
            }
            if partition.name == "aws-us-gov" {
                // GovCloud's regular endpoint already is FIPS-validated.
                return Ok(format!("https://connect.{region}.amazonaws.com"));
            }
            Ok(format!(
                "https://connect-fips.{region}.{}",
                partition.dns_suffix
            ))
        }
        (false, true) => {
            if !partition.supports_dual_stack {
                return Err(EndpointError::new(
                    "DualStack is enabled but this partition does not support DualStack",
                ));
            }
            Ok(format!(
                "https://connect.{region}.{}",
                partition.dual_stack_dns_suffix
            ))
        }
        (false, false) => Ok(format!("https://connect.{region}.{}", partition.dns_suffix)),
    }
}
