//! Front-end equivalence: the CreateContact closure lowered from our Smithy model equals the one
//! lowered from botocore's newest model (shapes, members, required, enum values, constraints;
//! documentation and source locations aside), and the official Smithy model lowers every shape
//! the newer botocore model left alone to the same IR.

use connect_codegen::ir::{Model, Shape, ShapeKind, Traits};
use connect_codegen::{frontend, transform, Format, Settings};
use connect_tests::{upstream, workspace};
use std::collections::BTreeMap;

/// The client's settings: the closure of every operation it generates.
fn settings() -> Settings {
    Settings::load(&workspace().join("generated/model/create-contact.settings.json"))
        .expect("settings")
}

fn strip_traits(traits: &mut Traits) {
    traits.documentation = None;
}

/// The closure without documentation, pointers and the service shape (whose id and metadata
/// differ by format), keyed by shape id text.
fn normalized(model: Model) -> BTreeMap<String, Shape> {
    let selection = transform::select(model, &settings()).expect("selection");
    let mut out = BTreeMap::new();
    for (id, mut shape) in selection.model.shapes {
        if matches!(shape.kind, ShapeKind::Service(_)) {
            continue;
        }
        shape.pointer.clear();
        strip_traits(&mut shape.traits);
        match &mut shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                for member in members {
                    member.pointer.clear();
                    strip_traits(&mut member.traits);
                }
            }
            ShapeKind::List(member) => {
                member.pointer.clear();
                strip_traits(&mut member.traits);
            }
            ShapeKind::Map { key, value } => {
                for member in [key, value] {
                    member.pointer.clear();
                    strip_traits(&mut member.traits);
                }
            }
            ShapeKind::Enum(values) => {
                for value in values {
                    value.pointer.clear();
                    value.documentation = None;
                }
            }
            ShapeKind::IntEnum(values) => {
                for value in values {
                    value.pointer.clear();
                    value.documentation = None;
                }
            }
            ShapeKind::Operation(_)
            | ShapeKind::Service(_)
            | ShapeKind::Resource(_)
            | ShapeKind::Simple(_) => {}
        }
        out.insert(id.to_string(), shape);
    }
    out
}

#[test]
fn our_model_matches_botocore() {
    let ours = frontend::load(
        &workspace().join("generated/model/create-contact.smithy.json"),
        Some(Format::Smithy),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let botocore = frontend::load(
        &upstream().join("models/connect-2017-08-08.botocore.json"),
        Some(Format::Botocore),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ours = normalized(ours);
    let theirs = normalized(botocore);
    let mut differences = Vec::new();
    for (id, shape) in &ours {
        match theirs.get(id) {
            None => differences.push(format!("only in models/: {id}")),
            Some(other) if other != shape => differences.push(format!(
                "{id} differs:\n  ours:     {shape:?}\n  botocore: {other:?}"
            )),
            Some(_) => {}
        }
    }
    for id in theirs.keys().filter(|id| !ours.contains_key(*id)) {
        differences.push(format!("only in botocore: {id}"));
    }
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
    assert!(
        ours.len() > 40,
        "the closure should hold the whole CreateContact API, got {}",
        ours.len()
    );
}

#[test]
fn official_smithy_and_botocore_agree_on_shared_shapes() {
    let smithy = frontend::load(
        &upstream().join("models/connect-2017-08-08.smithy.json"),
        Some(Format::Smithy),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let botocore = frontend::load(
        &upstream().join("models/connect-2017-08-08.botocore.json"),
        Some(Format::Botocore),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let official = normalized(smithy);
    let newer = normalized(botocore);
    let mut differing = Vec::new();
    let mut same = 0;
    for (id, shape) in &official {
        match newer.get(id) {
            Some(other) if other == shape => same += 1,
            Some(_) => differing.push(id.clone()),
            None => differing.push(format!("{id} (only in the official model)")),
        }
    }
    // The official Smithy model is an older release: these shapes changed since (new members,
    // enum values and constraints; `Timestamp` was renamed away). Every other shape of the
    // closure must lower to the same IR from either front-end.
    let changed_since = [
        "AgentInfo",
        "AudioQualityMetricsInfo",
        "AudioQualityScore",
        "Contact",
        "CreateContact",
        "CustomerVoiceActivity",
        "DescribeContact",
        "Expiry",
        "InitiateAs",
        "PredefinedAttributeName",
        "QueueInfo",
        "Reference",
        "ReferenceArn",
        "ReferenceStatus",
        "ReferenceType",
        "RoutingCriteria",
        "SegmentAttributeValue",
        "Timestamp (only in the official model)",
        "WisdomInfo",
    ]
    .map(|name| format!("com.amazonaws.connect#{name}"));
    assert_eq!(
        differing, changed_since,
        "shapes that differ between the front-ends"
    );
    assert!(same >= 90, "only {same} shapes compared equal");
}
