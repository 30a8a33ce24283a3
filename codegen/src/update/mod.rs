//! `connect-codegen update`: brings the curated model (`generated/model/`) up to date with an
//! upstream model for the operations its settings select, then refreshes what depends on it.
//!
//! The curated model becomes upstream's facts for the closure of the selected operations (shapes,
//! members, targets, constraints, enum values, traits, the service's endpoint ruleset), with the
//! project's own documentation kept wherever its shape, member or enum value still exists and
//! upstream's documentation for the rest. The client, command and local-service snapshots are generated from it
//! and the upstream file becomes the pinned copy under `upstream/models/`. Running it again with
//! the same upstream model changes nothing; `--check` changes nothing and lists what is not what
//! the upstream model implies.

mod smithy;
pub mod version;

use crate::diff::Report;
use crate::ir::{Model, ShapeId, ShapeKind};
use crate::sdk::{self, Recipe};
use crate::{frontend, write, Error, Format, GeneratedFile, Settings};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One file the update writes: where, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

/// What an update would write, and what it means for users.
#[derive(Debug)]
pub struct Plan {
    /// The change report between the curated model before and after.
    pub report: Report,
    /// Every file the update owns, with the bytes it should hold.
    pub outputs: Vec<Output>,
    /// Generated files under the snapshot folders that are no longer generated.
    pub stale: Vec<PathBuf>,
}

/// Works out the update of the workspace at `workspace` from the upstream model at `upstream`.
pub fn plan(workspace: &Path, upstream: &Path, format: Option<Format>) -> Result<Plan, Error> {
    let recipe = Recipe::in_workspace(workspace);
    let settings = Settings::load(&recipe.settings)?;
    let upstream_text = read(upstream)?;
    let format = format.unwrap_or_else(|| Format::sniff(&upstream_text));
    let upstream_model = frontend::lower_text(
        &upstream.display().to_string(),
        &upstream_text,
        Some(format),
    )?;
    let curated_text = read(&recipe.model)?;
    let curated = frontend::lower_text(sdk::MODEL, &curated_text, Some(Format::Smithy))?;
    let curated_json: Value = serde_json::from_str(&curated_text).map_err(|error| Error::Io {
        path: recipe.model.display().to_string(),
        message: format!("not JSON: {error}"),
    })?;

    let document = curated_document(&upstream_model, &curated, &curated_json, &settings)?;
    let mut model_text = serde_json::to_string_pretty(&document)
        .map_err(|error| Error::internal(format!("cannot print the model: {error}")))?;
    model_text.push('\n');

    let updated = frontend::lower_text(sdk::MODEL, &model_text, Some(Format::Smithy))?;
    let report = crate::diff::diff(curated, updated, &settings)?;

    let mut outputs = vec![Output {
        path: recipe.model.clone(),
        contents: model_text.clone().into_bytes(),
    }];
    let upstream_name = upstream.file_name().map_or_else(
        || upstream.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    outputs.extend(version_outputs(workspace, &report, &upstream_name)?);
    // The snapshots, generated from the updated model in memory.
    let local_settings = Settings::load(&workspace.join(sdk::LOCAL_SETTINGS))?;
    let generated = generate_snapshots(&model_text, &settings, &local_settings)?;
    let mut stale = Vec::new();
    for (folder, files) in &generated {
        let dir = workspace.join(folder);
        stale.extend(write::stale_files(&dir, files)?);
        for file in files {
            outputs.push(Output {
                path: dir.join(&file.path),
                contents: file.contents.clone().into_bytes(),
            });
        }
    }
    outputs.push(Output {
        path: workspace.join(pinned_copy(format)),
        contents: upstream_text.into_bytes(),
    });
    Ok(Plan {
        report,
        outputs,
        stale,
    })
}

/// Where the tests' pinned copy of an upstream model of this format lives.
pub fn pinned_copy(format: Format) -> &'static str {
    match format {
        Format::Botocore => "upstream/models/connect-2017-08-08.botocore.json",
        Format::Smithy => "upstream/models/connect-2017-08-08.smithy.json",
    }
}

impl Plan {
    /// The files whose bytes differ from the plan (missing ones included), and stale snapshots.
    pub fn differences(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .outputs
            .iter()
            .filter(|output| std::fs::read(&output.path).ok().as_deref() != Some(&output.contents))
            .map(|output| output.path.clone())
            .collect();
        out.extend(self.stale.iter().cloned());
        out
    }

    /// Writes what differs and removes stale snapshot files; the paths it touched.
    pub fn apply(&self) -> Result<Vec<PathBuf>, Error> {
        let mut touched = Vec::new();
        for output in &self.outputs {
            if write::write_if_changed(&output.path, &output.contents)? {
                touched.push(output.path.clone());
            }
        }
        for path in &self.stale {
            std::fs::remove_file(path).map_err(|error| Error::Io {
                path: path.display().to_string(),
                message: error.to_string(),
            })?;
            touched.push(path.clone());
        }
        Ok(touched)
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|error| Error::Io {
        path: path.display().to_string(),
        message: format!("cannot read the model: {error}"),
    })
}

/// The client snapshot, the command's tables and the local service's code (the server half with
/// its types), from the model text given.
fn generate_snapshots(
    model_text: &str,
    settings: &Settings,
    local_settings: &Settings,
) -> Result<Vec<(&'static str, Vec<GeneratedFile>)>, Error> {
    let model = frontend::lower_text(sdk::MODEL, model_text, Some(Format::Smithy))?;
    Ok(vec![
        (sdk::SNAPSHOT, sdk::out_dir_files(model.clone(), settings)?),
        (
            sdk::CLI_SNAPSHOT,
            vec![sdk::command_tables(model.clone(), settings)?],
        ),
        (
            sdk::LOCAL_SNAPSHOT,
            sdk::out_dir_files(model, local_settings)?,
        ),
    ])
}

/// The crates whose public surface comes from the model, by manifest.
const MODEL_CRATES: &[(&str, &str)] = &[
    ("connect-sdk", "generated/Cargo.toml"),
    ("connect-cli", "cli/Cargo.toml"),
];

/// The version of the package a manifest declares (its first `version = "..."` line).
fn manifest_version(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
}

/// The manifests with the versions the change implies, the workspace's requirement on
/// `connect-sdk`, and the changelog entry; nothing when nothing changed.
fn version_outputs(
    workspace: &Path,
    report: &Report,
    upstream_name: &str,
) -> Result<Vec<Output>, Error> {
    let verdict = report.verdict();
    let mut outputs = Vec::new();
    let mut versions = Vec::new();
    for (name, manifest) in MODEL_CRATES {
        let path = workspace.join(manifest);
        let text = read(&path)?;
        let current = manifest_version(&text).ok_or_else(|| Error::Io {
            path: path.display().to_string(),
            message: "no `version = \"...\"` line".to_owned(),
        })?;
        let Some(next) = version::next(current, verdict)? else {
            return Ok(Vec::new());
        };
        let from = format!("version = \"{current}\"");
        let to = format!("version = \"{next}\"");
        outputs.push(Output {
            path,
            contents: text.replacen(&from, &to, 1).into_bytes(),
        });
        if *name == "connect-sdk" {
            let root = workspace.join("Cargo.toml");
            let root_text = read(&root)?;
            let from = format!("connect-sdk = {{ path = \"generated\", version = \"{current}\"");
            let to = format!("connect-sdk = {{ path = \"generated\", version = \"{next}\"");
            if !root_text.contains(&from) {
                return Err(Error::Io {
                    path: root.display().to_string(),
                    message: format!("the workspace does not require connect-sdk {current}"),
                });
            }
            outputs.push(Output {
                path: root,
                contents: root_text.replacen(&from, &to, 1).into_bytes(),
            });
        }
        versions.push((*name, next));
    }
    let changelog = workspace.join("CHANGELOG.md");
    let text = read(&changelog)?;
    let entry = version::changelog_entry(&versions, upstream_name, report);
    // Below the `Unreleased` section, if there is one, above the releases.
    let headings: Vec<usize> = text.match_indices("\n## ").map(|(at, _)| at + 1).collect();
    let at = headings
        .iter()
        .copied()
        .find(|at| !text[*at..].starts_with("## Unreleased"))
        .unwrap_or(text.len());
    let mut updated = text[..at].to_owned();
    updated.push_str(&entry);
    updated.push('\n');
    updated.push_str(&text[at..]);
    outputs.push(Output {
        path: changelog,
        contents: updated.into_bytes(),
    });
    Ok(outputs)
}

/// The curated model's document: upstream's shapes for the selected closure, our documentation
/// where ours still applies.
fn curated_document(
    upstream: &Model,
    curated: &Model,
    curated_json: &Value,
    settings: &Settings,
) -> Result<Value, Error> {
    let operations = crate::transform::closure::resolve_operations(upstream, settings)?;
    let upstream_service = upstream.service.clone().ok_or_else(|| Error::Settings {
        origin: upstream.source.clone(),
        message: "the upstream model has no service shape".to_owned(),
    })?;
    let mut model = upstream.clone();
    // The service keeps the curated model's id (botocore's format names it otherwise).
    let mut service_id = upstream_service;
    if let Some(ours) = curated.service.as_ref().filter(|ours| **ours != service_id) {
        if let Some(mut shape) = model.shapes.remove(&service_id) {
            shape.id = ours.clone();
            model.shapes.insert(ours.clone(), shape);
            model.service = Some(ours.clone());
            service_id = ours.clone();
        }
    }
    let curated_service = curated
        .service
        .as_ref()
        .and_then(|id| match &curated.get(id)?.kind {
            ShapeKind::Service(service) => Some(service.clone()),
            _ => None,
        });
    // The service binds only the selected operations. An upstream model without an endpoint
    // ruleset (botocore keeps it in another file, endpoint-rule-set-1.json) leaves ours as it is.
    if let Some(service) = model.shapes.get_mut(&service_id) {
        if let ShapeKind::Service(service) = &mut service.kind {
            service.operations = operations.clone();
            service.resources.clear();
            if service.endpoint_rules.is_none() {
                if let Some(ours) = &curated_service {
                    service.endpoint_rules.clone_from(&ours.endpoint_rules);
                    service.endpoint_tests.clone_from(&ours.endpoint_tests);
                }
            }
        }
    }
    let ids = closure(&model, &service_id, &operations);
    for id in &ids {
        let (Some(shape), Some(ours)) = (model.shapes.get_mut(id), curated.get(id)) else {
            continue;
        };
        keep_documentation(&mut shape.traits.documentation, &ours.traits.documentation);
        match (&mut shape.kind, &ours.kind) {
            (
                ShapeKind::Structure(members) | ShapeKind::Union(members),
                ShapeKind::Structure(old) | ShapeKind::Union(old),
            ) => {
                for member in members {
                    if let Some(previous) = old.iter().find(|m| m.name == member.name) {
                        keep_documentation(
                            &mut member.traits.documentation,
                            &previous.traits.documentation,
                        );
                    }
                }
            }
            (ShapeKind::List(member), ShapeKind::List(previous)) => {
                keep_documentation(
                    &mut member.traits.documentation,
                    &previous.traits.documentation,
                );
            }
            (ShapeKind::Enum(values), ShapeKind::Enum(old)) => {
                for value in values {
                    if let Some(previous) = old.iter().find(|v| v.value == value.value) {
                        keep_documentation(&mut value.documentation, &previous.documentation);
                    }
                }
            }
            _ => {}
        }
    }
    let shapes = smithy::shapes(&model, &ids, &enum_names(curated_json))?;
    let mut document = Map::new();
    document.insert("smithy".into(), "2.0".into());
    document.insert(
        "metadata".into(),
        curated_json
            .get("metadata")
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new())),
    );
    document.insert("shapes".into(), Value::Object(shapes));
    Ok(Value::Object(document))
}

/// Ours, where we wrote some.
fn keep_documentation(upstream: &mut Option<String>, ours: &Option<String>) {
    if ours.is_some() {
        upstream.clone_from(ours);
    }
}

/// The service, the operations, and every shape they reach (inputs, outputs, errors, members),
/// sorted by id.
fn closure(model: &Model, service: &ShapeId, operations: &[ShapeId]) -> Vec<ShapeId> {
    let mut seen: BTreeSet<ShapeId> = BTreeSet::new();
    let mut pending: Vec<ShapeId> = operations.to_vec();
    pending.push(service.clone());
    while let Some(id) = pending.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.get(&id) else {
            continue;
        };
        match &shape.kind {
            ShapeKind::Operation(operation) => {
                pending.extend(operation.input.iter().cloned());
                pending.extend(operation.output.iter().cloned());
                pending.extend(operation.errors.iter().cloned());
            }
            ShapeKind::Service(service) => pending.extend(service.errors.iter().cloned()),
            kind => pending.extend(kind.all_members().iter().map(|m| m.target.clone())),
        }
    }
    seen.into_iter().filter(|id| !id.is_unit()).collect()
}

/// The names the curated model gives its enum members, by enum and value.
fn enum_names(curated: &Value) -> smithy::EnumNames {
    let mut names = BTreeMap::new();
    let Some(shapes) = curated.get("shapes").and_then(Value::as_object) else {
        return names;
    };
    for (id, shape) in shapes {
        if shape.get("type").and_then(Value::as_str) != Some("enum") {
            continue;
        }
        let Some(id) = ShapeId::parse(id) else {
            continue;
        };
        for (name, member) in shape
            .get("members")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let value = member
                .pointer("/traits/smithy.api#enumValue")
                .and_then(Value::as_str)
                .unwrap_or(name);
            names.insert((id.clone(), value.to_owned()), name.clone());
        }
    }
    names
}
