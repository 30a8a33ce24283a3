//! The `validate` module of a generated crate: constraint checks (length, range, pattern, unknown
//! union members) for every shape that has one somewhere inside, with botocore's paths. A crate
//! with the server half also refuses enum values the model does not list (a client keeps them,
//! so that values a newer service sends or accepts pass through).
//!
//! Each constraint is checked where a value is referenced (a member, list element, map key or
//! value), with the member's traits taking precedence over its target's.

use super::context::{ident, with_member, Ctx};
use super::paths::rt;
use crate::error::Error;
use crate::ir::{Member, Shape, ShapeId, ShapeKind, Simple};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The shapes that get a validator, and the pattern statics they share.
pub struct Plan {
    needs: BTreeSet<ShapeId>,
    /// Each pattern and the name of its static.
    patterns: BTreeMap<String, String>,
    /// Whether values of string enums must be among the model's.
    known_enums: bool,
}

impl Plan {
    /// Works out which aggregate shapes have anything to check, to a fixpoint (recursion
    /// through lists and maps is allowed). `known_enums` adds the check that string enum values
    /// are among the model's (for a server).
    pub fn new(ctx: &Ctx<'_>, known_enums: bool) -> Plan {
        let model = &ctx.selection.model;
        let mut needs = BTreeSet::new();
        loop {
            let before = needs.len();
            for shape in model.shapes.values() {
                if needs.contains(&shape.id) || shape.id.is_unit() {
                    continue;
                }
                let needed = match &shape.kind {
                    ShapeKind::Union(_) => true,
                    ShapeKind::Structure(members) => members
                        .iter()
                        .any(|m| site_needs(ctx, m, &needs, known_enums)),
                    ShapeKind::List(member) => site_needs(ctx, member, &needs, known_enums),
                    ShapeKind::Map { key, value } => {
                        site_needs(ctx, key, &needs, known_enums)
                            || site_needs(ctx, value, &needs, known_enums)
                    }
                    _ => false,
                };
                if needed {
                    needs.insert(shape.id.clone());
                }
            }
            if needs.len() == before {
                break;
            }
        }
        let mut patterns = BTreeMap::new();
        for shape in model.shapes.values() {
            for member in shape.kind.all_members() {
                if let Some(pattern) = ctx.constraints(member).pattern {
                    let next = patterns.len();
                    patterns
                        .entry(pattern.to_owned())
                        .or_insert_with(|| crate::naming::pattern_static(next));
                }
            }
        }
        Plan {
            needs,
            patterns,
            known_enums,
        }
    }

    /// Whether the shape has a validator.
    pub fn has_validator(&self, id: &ShapeId) -> bool {
        self.needs.contains(id)
    }
}

fn site_needs(
    ctx: &Ctx<'_>,
    member: &Member,
    needs: &BTreeSet<ShapeId>,
    known_enums: bool,
) -> bool {
    !ctx.constraints(member).is_empty()
        || needs.contains(&member.target)
        || (known_enums && is_string_enum(ctx, member))
}

fn is_string_enum(ctx: &Ctx<'_>, member: &Member) -> bool {
    ctx.selection
        .model
        .get(&member.target)
        .is_some_and(|target| matches!(target.kind, ShapeKind::Enum(_)))
}

/// The name of a shape's validator.
pub fn validator_name(ctx: &Ctx<'_>, id: &ShapeId) -> Result<proc_macro2::Ident, Error> {
    Ok(ident(&ctx.symbols.functions(id)?.validator))
}

/// Emits the body of `crate::validate`.
pub fn emit(ctx: &Ctx<'_>, plan: &Plan) -> Result<TokenStream, Error> {
    let regex = rt::REGEX.path();
    let statics = plan.patterns.values().map(|name| {
        let name = ident(name);
        quote! {
            static #name: ::std::sync::OnceLock<::std::option::Option<#regex>> = ::std::sync::OnceLock::new();
        }
    });
    let mut items = Vec::new();
    for id in &plan.needs {
        items.push(validator_fn(ctx, plan, ctx.shape(id)?)?);
    }
    Ok(quote! {
        #( #statics )*
        #( #items )*
    })
}

fn validator_fn(ctx: &Ctx<'_>, plan: &Plan, shape: &Shape) -> Result<TokenStream, Error> {
    let path_ty = rt::VALIDATION_PATH.path();
    let body = match &shape.kind {
        ShapeKind::Structure(members) => {
            let mut statements = Vec::new();
            for member in members {
                let label = member.wire_name();
                let site_path = quote! { #path_ty::Member(path, #label) };
                let checks = site_checks(ctx, plan, member, quote! { item }, site_path)?;
                if checks.is_empty() {
                    continue;
                }
                let field = ident(&ctx.symbols.member(&shape.id, &member.name)?.field.ident);
                statements.push(with_member(
                    member.traits.required,
                    quote! { value.#field },
                    checks,
                ));
            }
            quote! { #( #statements )* }
        }
        ShapeKind::Union(members) => {
            let type_path = ctx.type_path(&shape.id)?;
            let rule = rt::RULE.path();
            let mut arms = Vec::new();
            for member in members.iter().filter(|m| !m.target.is_unit()) {
                let label = member.wire_name();
                let checks = site_checks(
                    ctx,
                    plan,
                    member,
                    quote! { item },
                    quote! { #path_ty::Member(path, #label) },
                )?;
                if checks.is_empty() {
                    continue;
                }
                let variant = ident(&ctx.symbols.member(&shape.id, &member.name)?.variant.ident);
                arms.push(quote! { #type_path::#variant(item) => { #checks } });
            }
            let report = quote! {
                validator.report(path, #rule::UnknownUnionMember { member: unknown.name().to_owned() })
            };
            if arms.is_empty() {
                return validator_item(
                    ctx,
                    shape,
                    quote! {
                        if let #type_path::Unknown(unknown) = value {
                            #report;
                        }
                    },
                );
            }
            let rest = if arms.len() < members.len() {
                quote! { _ => {} }
            } else {
                TokenStream::new()
            };
            quote! {
                match value {
                    #( #arms )*
                    #type_path::Unknown(unknown) => validator.report(
                        path,
                        #rule::UnknownUnionMember { member: unknown.name().to_owned() },
                    ),
                    #rest
                }
            }
        }
        ShapeKind::List(member) => {
            let checks = site_checks(
                ctx,
                plan,
                member,
                quote! { item },
                quote! { #path_ty::Index(path, index) },
            )?;
            let checks = if shape.traits.sparse {
                quote! { if let ::std::option::Option::Some(item) = item { #checks } }
            } else {
                checks
            };
            quote! {
                for (index, item) in value.iter().enumerate() {
                    #checks
                }
            }
        }
        ShapeKind::Map { key, value } => {
            let key_text = quote! { key.as_str() };
            let key_checks = site_checks(
                ctx,
                plan,
                key,
                quote! { key },
                quote! { #path_ty::Key(path, #key_text) },
            )?;
            let value_checks = site_checks(
                ctx,
                plan,
                value,
                quote! { item },
                quote! { #path_ty::Value(path, #key_text) },
            )?;
            let value_checks = if shape.traits.sparse {
                quote! { if let ::std::option::Option::Some(item) = item { #value_checks } }
            } else {
                value_checks
            };
            // A map whose keys are constrained and whose values are not reads only the keys.
            if value_checks.is_empty() {
                quote! {
                    for key in value.keys() {
                        #key_checks
                    }
                }
            } else {
                quote! {
                    for (key, item) in value {
                        #key_checks
                        #value_checks
                    }
                }
            }
        }
        _ => return Err(Error::internal(format!("no validator for {}", shape.id))),
    };
    validator_item(ctx, shape, body)
}

fn validator_item(ctx: &Ctx<'_>, shape: &Shape, body: TokenStream) -> Result<TokenStream, Error> {
    let name = validator_name(ctx, &shape.id)?;
    let ty = ctx.param_type(&shape.id)?;
    let path_ty = rt::VALIDATION_PATH.path();
    let validator_ty = rt::VALIDATOR.path();
    let doc = format!(
        " Checks the constraints inside {}.",
        super::docs::a_code(shape.id.name())
    );
    Ok(quote! {
        #[doc = #doc]
        pub fn #name(value: &#ty, path: &#path_ty<'_>, validator: &mut #validator_ty) {
            #body
        }
    })
}

fn optional_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::u64_unsuffixed(v);
            quote! { ::std::option::Option::Some(#v) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

fn optional_f64(value: Option<f64>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::f64_suffixed(v);
            quote! { ::std::option::Option::Some(#v) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

/// The checks of one site, where `value` is a reference to the site's value. Empty when the site
/// has nothing to check.
pub fn site_checks(
    ctx: &Ctx<'_>,
    plan: &Plan,
    member: &Member,
    value: TokenStream,
    site_path: TokenStream,
) -> Result<TokenStream, Error> {
    let root = ctx.root.path();
    let target = ctx.shape(&member.target)?;
    let mut checks = Vec::new();
    if let Some(bounds) = ctx.constraints(member).length {
        let min = optional_u64(bounds.min);
        let max = optional_u64(bounds.max);
        checks.push(match &target.kind {
            ShapeKind::Simple(Simple::String) => {
                quote! { validator.string_length(&site, #value, #min, #max); }
            }
            ShapeKind::Simple(Simple::Blob) | ShapeKind::List(_) | ShapeKind::Map { .. } => {
                quote! { validator.length(&site, #value.len(), #min, #max); }
            }
            ShapeKind::Enum(_) => {
                quote! { validator.string_length(&site, #value.as_str(), #min, #max); }
            }
            _ => quote! {},
        });
    }
    if let Some(bounds) = ctx.constraints(member).range {
        let min = optional_f64(bounds.min);
        let max = optional_f64(bounds.max);
        let as_f64 = match &target.kind {
            ShapeKind::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Float) => {
                quote! { f64::from(*#value) }
            }
            ShapeKind::Simple(Simple::Long) => quote! { *#value as f64 },
            ShapeKind::Simple(Simple::Double) => quote! { *#value },
            ShapeKind::Simple(Simple::BigInteger | Simple::BigDecimal) => {
                quote! { #value.as_str().parse::<f64>().unwrap_or(f64::NAN) }
            }
            ShapeKind::IntEnum(_) => quote! { f64::from(#value.as_i32()) },
            _ => TokenStream::new(),
        };
        if !as_f64.is_empty() {
            checks.push(quote! { validator.range(&site, #as_f64, #min, #max); });
        }
    }
    if let Some(pattern) = ctx.constraints(member).pattern {
        let compile = rt::COMPILE_PATTERN.path();
        let name = plan
            .patterns
            .get(pattern)
            .map(|name| ident(name))
            .ok_or_else(|| Error::internal(format!("pattern {pattern} was not planned")))?;
        checks.push(quote! {
            validator.pattern(&site, #value, #root::validate::#name.get_or_init(|| #compile(#pattern)).as_ref(), #pattern);
        });
    }
    if plan.known_enums && matches!(target.kind, ShapeKind::Enum(_)) {
        let type_path = ctx.type_path(&target.id)?;
        let rule = rt::RULE.path();
        checks.push(quote! {
            if !#value.is_known() {
                validator.report(&site, #rule::UnknownEnumValue {
                    value: #value.as_str().to_owned(),
                    allowed: #type_path::VALUES,
                });
            }
        });
    }
    if plan.has_validator(&target.id) {
        let name = validator_name(ctx, &target.id)?;
        checks.push(quote! { #root::validate::#name(#value, &site, validator); });
    }
    if checks.is_empty() {
        return Ok(TokenStream::new());
    }
    Ok(quote! {
        let site = #site_path;
        #( #checks )*
    })
}
