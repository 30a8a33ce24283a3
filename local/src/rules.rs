//! The rules CreateContact enforces beyond the model's constraints, from the service's
//! documentation: which initiation methods each channel takes, when UserInfo, InitiateAs and
//! PreviousContactId are allowed, the size and key limits of attributes and references, which
//! segment attributes may hold lists and ARNs, and how `connect:ContactExpiry` is written.

use crate::generated::operations::create_contact::CreateContactInput;
use crate::generated::types::{
    Channel, ContactInitiationMethod, InitiateAs, SegmentAttributeValue,
};

/// Which error a broken rule is answered with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broken {
    /// The combination of parameters is not allowed (`InvalidRequestException`).
    Request(String),
    /// A parameter's value is not allowed (`InvalidParameterException`).
    Parameter(String),
}

/// Most UTF-8 bytes across all attribute keys and values.
pub const ATTRIBUTES_LIMIT: usize = 32_768;
/// Most UTF-8 bytes across all references.
pub const REFERENCES_LIMIT: usize = 4_096;
/// The key of the segment attribute that sets the contact's expiry.
pub const EXPIRY_KEY: &str = "connect:ContactExpiry";

fn is_user_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// System-defined segment attributes start with `connect:`.
fn is_system_key(key: &str) -> bool {
    key.starts_with("connect:")
}

/// Checks every rule; the contact's expiry in minutes from `connect:ContactExpiry`, if set.
pub fn check(input: &CreateContactInput) -> Result<Option<i64>, Broken> {
    let method = input.initiation_method.as_str();
    let allowed: &[&str] = match &input.channel {
        Channel::Voice => &["TRANSFER"],
        Channel::Email => &["OUTBOUND", "AGENT_REPLY", "FLOW"],
        Channel::Task => &["API"],
        other => {
            return Err(Broken::Request(format!(
                "Channel {} is not supported by CreateContact; use VOICE, EMAIL or TASK.",
                other.as_str()
            )))
        }
    };
    if !allowed.contains(&method) {
        return Err(Broken::Request(format!(
            "InitiationMethod {method} is not supported for the {} channel; it accepts {}.",
            input.channel.as_str(),
            allowed.join(", ")
        )));
    }
    let needs_user = matches!(input.channel, Channel::Email)
        && matches!(
            input.initiation_method,
            ContactInitiationMethod::Outbound | ContactInitiationMethod::AgentReply
        );
    if needs_user
        && input
            .user_info
            .as_ref()
            .and_then(|u| u.user_id.as_deref())
            .is_none()
    {
        return Err(Broken::Request(format!(
            "UserInfo is required for an EMAIL contact initiated by {method}."
        )));
    }
    if matches!(input.initiate_as, Some(InitiateAs::Completed))
        && !matches!(input.channel, Channel::Task)
    {
        return Err(Broken::Request(
            "InitiateAs COMPLETED is supported for the TASK channel only.".to_owned(),
        ));
    }
    if input.previous_contact_id.is_some() && !matches!(input.channel, Channel::Voice) {
        return Err(Broken::Request(
            "PreviousContactId is supported for the VOICE channel only.".to_owned(),
        ));
    }
    if let Some(attributes) = &input.attributes {
        if let Some(key) = attributes.keys().find(|k| !is_user_key(k)) {
            return Err(Broken::Parameter(format!(
                "Attributes key `{key}` may hold only letters, digits, '-' and '_'."
            )));
        }
        let size: usize = attributes.iter().map(|(k, v)| k.len() + v.len()).sum();
        if size > ATTRIBUTES_LIMIT {
            return Err(Broken::Parameter(format!(
                "Attributes hold {size} UTF-8 bytes; at most {ATTRIBUTES_LIMIT} are allowed."
            )));
        }
    }
    if let Some(references) = &input.references {
        let size: usize = references
            .iter()
            .map(|(key, reference)| key.len() + reference.value.as_deref().map_or(0, str::len))
            .sum();
        if size > REFERENCES_LIMIT {
            return Err(Broken::Parameter(format!(
                "References hold {size} UTF-8 bytes; at most {REFERENCES_LIMIT} are allowed."
            )));
        }
    }
    let Some(segments) = &input.segment_attributes else {
        return Ok(None);
    };
    for (key, value) in segments {
        if !is_system_key(key) {
            if !is_user_key(key) {
                return Err(Broken::Parameter(format!(
                    "SegmentAttributes key `{key}` may hold only letters, digits, '-' and '_' (or start with `connect:` for a system-defined attribute)."
                )));
            }
            if let Some(kind) = system_only(value) {
                return Err(Broken::Parameter(format!(
                    "SegmentAttributes.{key}: {kind} is supported for system-defined attributes (`connect:` keys) only."
                )));
            }
        }
    }
    match segments.get(EXPIRY_KEY) {
        None => Ok(None),
        Some(value) => expiry(value).map(Some),
    }
}

/// `ValueList` or `ValueArn` anywhere in the value, which only system-defined keys accept.
fn system_only(value: &SegmentAttributeValue) -> Option<&'static str> {
    match value {
        SegmentAttributeValue::ValueList(_) => Some("ValueList"),
        SegmentAttributeValue::ValueArn(_) => Some("ValueArn"),
        SegmentAttributeValue::ValueMap(map) => map.values().find_map(system_only),
        _ => None,
    }
}

/// The minutes of `{"ValueMap": {"ExpiryDuration": {"ValueInteger": N}}}`, N at least 1.
fn expiry(value: &SegmentAttributeValue) -> Result<i64, Broken> {
    let minutes = match value {
        SegmentAttributeValue::ValueMap(map) => match map.get("ExpiryDuration") {
            Some(SegmentAttributeValue::ValueInteger(n)) => Some(i64::from(*n)),
            _ => None,
        },
        _ => None,
    };
    match minutes {
        Some(n) if n >= 1 => Ok(n),
        _ => Err(Broken::Parameter(format!(
            "SegmentAttributes.{EXPIRY_KEY} must be {{\"ValueMap\": {{\"ExpiryDuration\": {{\"ValueInteger\": minutes}}}}}} with at least 1 minute."
        ))),
    }
}
