//! Front-end equivalence: the CreateContact closure lowered from our Smithy model equals the one
//! lowered from botocore's newest model (shapes, members, required, enum values, constraints;
//! documentation and source locations aside).

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
    // The official Smithy model is an older release: it lacks ValueList and ValueArn and some enum
    // values, so only the shape set of CreateContact's request envelope is compared here.
    let smithy = frontend::load(
        &upstream().join("models/connect-2017-08-08.smithy.json"),
        Some(Format::Smithy),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ours = normalized(smithy);
    for id in [
        "com.amazonaws.connect#InstanceId",
        "com.amazonaws.connect#ContactId",
        "com.amazonaws.connect#Channel",
    ] {
        assert!(
            ours.contains_key(id),
            "{id} missing from the official closure"
        );
    }
}
