//! The rules as read: parameters, rules (endpoint, error, tree), conditions, function calls and
//! expressions.

use super::Value;

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Parameter {
    pub(super) name: String,
    pub(super) built_in: Option<String>,
    pub(super) required: bool,
    pub(super) default: Option<Value>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Rule {
    Endpoint {
        conditions: Vec<Condition>,
        url: Expr,
        headers: Vec<(String, Vec<Expr>)>,
        properties: Vec<(String, Expr)>,
    },
    Error {
        conditions: Vec<Condition>,
        message: Expr,
    },
    Tree {
        conditions: Vec<Condition>,
        rules: Vec<Rule>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Condition {
    pub(super) call: Call,
    pub(super) assign: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Call {
    pub(super) function: Function,
    pub(super) argv: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    GetAttr,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Function {
    /// Every function the evaluator knows, by the name rulesets use.
    pub const NAMES: &'static [&'static str] = &[
        "isSet",
        "not",
        "booleanEquals",
        "stringEquals",
        "getAttr",
        "substring",
        "uriEncode",
        "parseURL",
        "isValidHostLabel",
        "aws.partition",
        "aws.parseArn",
        "aws.isVirtualHostableS3Bucket",
    ];

    pub(super) fn from_name(name: &str) -> Option<Function> {
        Some(match name {
            "isSet" => Function::IsSet,
            "not" => Function::Not,
            "booleanEquals" => Function::BooleanEquals,
            "stringEquals" => Function::StringEquals,
            "getAttr" => Function::GetAttr,
            "substring" => Function::Substring,
            "uriEncode" => Function::UriEncode,
            "parseURL" => Function::ParseUrl,
            "isValidHostLabel" => Function::IsValidHostLabel,
            "aws.partition" => Function::Partition,
            "aws.parseArn" => Function::ParseArn,
            "aws.isVirtualHostableS3Bucket" => Function::IsVirtualHostableS3Bucket,
            _ => return None,
        })
    }
}

/// The functions a ruleset may call.
pub fn known_functions() -> &'static [&'static str] {
    Function::NAMES
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Expr {
    /// A string with `{Name}` and `{Name#path}` references filled in.
    Template(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Ref(String),
    Call(Box<Call>),
}
