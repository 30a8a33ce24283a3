//! The standard library of the rules language: `isSet`, `not`, `booleanEquals`, `stringEquals`,
//! `getAttr`, `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`, `aws.partition`,
//! `aws.parseArn` and `aws.isVirtualHostableS3Bucket`.

use super::ast::{Call, Function};
use super::evaluator::{evaluate, Scope};
use super::parser::bad;
use super::Value;
use crate::endpoint::partition::partition;
use crate::endpoint::EndpointError;
use std::collections::BTreeMap;

/// `getAttr`: a path of field names and `[index]`es (`a.b[0]`).
pub(super) fn get_attr(value: &Value, path: &str) -> Option<Value> {
    let mut current = value.clone();
    for segment in path.split('.') {
        let (name, indexes) = match segment.find('[') {
            Some(open) => (&segment[..open], &segment[open..]),
            None => (segment, ""),
        };
        if !name.is_empty() {
            current = match current {
                Value::Object(mut object) => object.remove(name)?,
                _ => return None,
            };
        }
        let mut rest = indexes;
        while let Some(stripped) = rest.strip_prefix('[') {
            let close = stripped.find(']')?;
            let index: usize = stripped[..close].parse().ok()?;
            current = match current {
                Value::Array(mut items) if index < items.len() => items.swap_remove(index),
                _ => return None,
            };
            rest = &stripped[close + 1..];
        }
    }
    Some(current)
}

pub(super) fn apply(call: &Call, scope: &Scope) -> Result<Option<Value>, EndpointError> {
    let mut args = Vec::with_capacity(call.argv.len());
    for arg in &call.argv {
        args.push(evaluate(arg, scope)?);
    }
    let arity = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            Err(bad(format!(
                "{:?} takes {n} arguments, not {}",
                call.function,
                args.len()
            )))
        }
    };
    let text = |index: usize| match args.get(index) {
        Some(Some(Value::String(text))) => Some(text.as_str()),
        _ => None,
    };
    let flag = |index: usize| matches!(args.get(index), Some(Some(Value::Bool(true))));
    Ok(match call.function {
        Function::IsSet => {
            arity(1)?;
            Some(Value::Bool(args[0].is_some()))
        }
        Function::Not => {
            arity(1)?;
            match &args[0] {
                Some(Value::Bool(value)) => Some(Value::Bool(!value)),
                _ => None,
            }
        }
        Function::BooleanEquals => {
            arity(2)?;
            match (&args[0], &args[1]) {
                (Some(Value::Bool(a)), Some(Value::Bool(b))) => Some(Value::Bool(a == b)),
                _ => Some(Value::Bool(false)),
            }
        }
        Function::StringEquals => {
            arity(2)?;
            match (text(0), text(1)) {
                (Some(a), Some(b)) => Some(Value::Bool(a == b)),
                _ => Some(Value::Bool(false)),
            }
        }
        Function::GetAttr => {
            arity(2)?;
            match (&args[0], text(1)) {
                (Some(value), Some(path)) => get_attr(value, path),
                _ => None,
            }
        }
        Function::Substring => {
            arity(4)?;
            let index = |i: usize| match args[i] {
                Some(Value::Int(n)) => usize::try_from(n).ok(),
                _ => None,
            };
            match (text(0), index(1), index(2)) {
                (Some(input), Some(start), Some(stop)) => {
                    substring(input, start, stop, flag(3)).map(Value::String)
                }
                _ => None,
            }
        }
        Function::UriEncode => {
            arity(1)?;
            text(0).map(|t| Value::String(crate::encoding::percent::encode(t)))
        }
        Function::ParseUrl => {
            arity(1)?;
            text(0).and_then(parse_url)
        }
        Function::IsValidHostLabel => {
            arity(2)?;
            Some(Value::Bool(
                text(0).is_some_and(|t| is_valid_host_label(t, flag(1))),
            ))
        }
        Function::Partition => {
            arity(1)?;
            text(0).map(|region| {
                let found = partition(region);
                let entry = |k: &str, v: Value| (k.to_owned(), v);
                Value::Object(BTreeMap::from([
                    entry("name", Value::String(found.name.to_owned())),
                    entry("dnsSuffix", Value::String(found.dns_suffix.to_owned())),
                    entry(
                        "dualStackDnsSuffix",
                        Value::String(found.dual_stack_dns_suffix.to_owned()),
                    ),
                    entry("supportsFIPS", Value::Bool(found.supports_fips)),
                    entry("supportsDualStack", Value::Bool(found.supports_dual_stack)),
                    entry(
                        "implicitGlobalRegion",
                        Value::String(found.implicit_global_region.to_owned()),
                    ),
                ]))
            })
        }
        Function::ParseArn => {
            arity(1)?;
            text(0).and_then(parse_arn)
        }
        Function::IsVirtualHostableS3Bucket => {
            arity(2)?;
            Some(Value::Bool(
                text(0).is_some_and(|t| is_virtual_hostable_bucket(t, flag(1))),
            ))
        }
    })
}

pub(super) fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    Some(input[from..to].to_owned())
}

pub(super) fn is_valid_host_label(text: &str, allow_sub_domains: bool) -> bool {
    let label = |part: &str| {
        !part.is_empty()
            && part.len() <= 63
            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !part.starts_with('-')
    };
    if allow_sub_domains {
        text.split('.').all(label)
    } else {
        label(text)
    }
}

pub(super) fn is_virtual_hostable_bucket(text: &str, allow_sub_domains: bool) -> bool {
    let label = |part: &str| {
        (3..=63).contains(&part.len())
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && part
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && part
                .bytes()
                .last()
                .is_some_and(|b| b.is_ascii_alphanumeric())
    };
    let looks_like_ip = text.split('.').count() == 4
        && text
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if looks_like_ip {
        return false;
    }
    if allow_sub_domains {
        text.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }) && label(&text.replace('.', "a"))
    } else {
        label(text)
    }
}

pub(super) fn parse_url(url: &str) -> Option<Value> {
    let parsed = crate::url::Url::parse(url).ok()?;
    if parsed.query.is_some() {
        return None;
    }
    let normalized = if parsed.path.ends_with('/') {
        parsed.path.clone()
    } else {
        format!("{}/", parsed.path)
    };
    let entry = |k: &str, v: Value| (k.to_owned(), v);
    Some(Value::Object(BTreeMap::from([
        entry("scheme", Value::String(parsed.scheme().to_owned())),
        entry("authority", Value::String(parsed.authority.clone())),
        entry("path", Value::String(parsed.path.clone())),
        entry("normalizedPath", Value::String(normalized)),
        entry("isIp", Value::Bool(parsed.is_ip())),
    ])))
}

pub(super) fn parse_arn(arn: &str) -> Option<Value> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource
        .split([':', '/'])
        .map(|part| Value::String(part.to_owned()))
        .collect();
    let entry = |k: &str, v: Value| (k.to_owned(), v);
    Some(Value::Object(BTreeMap::from([
        entry("partition", Value::String(partition.to_owned())),
        entry("service", Value::String(service.to_owned())),
        entry("region", Value::String(region.to_owned())),
        entry("accountId", Value::String(account.to_owned())),
        entry("resourceId", Value::Array(resource_id)),
    ])))
}
