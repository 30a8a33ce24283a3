//! Generation emits and formats the modules on one thread per core; the files must be exactly
//! those of the plain sequential pipeline (`emit::modules`, declare them, format one by one), in
//! that order.

use connect_codegen::emit::{self, context::Ctx, paths::Root, Layout};
use connect_codegen::{frontend, generate, naming, transform, write, GeneratedFile, Settings};
use std::path::Path;

fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn sequential(
    model: connect_codegen::Model,
    settings: &Settings,
    layout: Layout,
) -> Vec<GeneratedFile> {
    let selection = transform::select(model, settings).expect("select");
    let symbols = naming::Symbols::build(&selection).expect("names");
    let segments: Vec<&str> = settings
        .module_root
        .split("::")
        .filter(|s| !s.is_empty())
        .collect();
    let mut ctx = Ctx::new(&selection, &symbols, Root::local(&segments));
    if settings.server {
        ctx = ctx.with_server_support(Root::parse(&settings.server_support).expect("support"));
    }
    let modules = emit::modules(&ctx, settings.server).expect("emit");
    let names: Vec<&str> = selection.operations.iter().map(|op| op.name()).collect();
    let docs = format!(
        "Client types generated from `model.json` for: {}.",
        names.join(", ")
    );
    let mut files: Vec<GeneratedFile> = emit::entries(&modules, layout, &docs)
        .into_iter()
        .map(|(path, tokens)| write::format_file(&path, tokens, "model.json").expect("format"))
        .collect();
    for module in modules.into_iter().filter(|m| !m.folder) {
        files
            .push(write::format_file(&module.file(), module.tokens, "model.json").expect("format"));
    }
    files
}

fn check(path: &Path, settings: &Settings, layout: Layout) {
    let text = std::fs::read_to_string(path).expect("read model");
    let model = frontend::lower_text("model.json", &text, None).expect("lower");
    let expected = sequential(model.clone(), settings, layout);
    let parallel = generate(model, settings, layout, "model.json").expect("generate");
    let paths = |files: &[GeneratedFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&parallel), paths(&expected));
    for (got, want) in parallel.iter().zip(&expected) {
        assert!(
            got == want,
            "{} differs from the sequential pipeline",
            got.path
        );
    }
}

#[test]
fn many_operations_come_out_as_the_sequential_pipeline_makes_them() {
    let settings = Settings {
        operations: [
            "CreateContact",
            "DescribeContact",
            "StopContact",
            "StartChatContact",
            "UpdateContactAttributes",
            "ListQueues",
            "SearchContacts",
            "TagResource",
        ]
        .map(String::from)
        .to_vec(),
        tagged_unions: vec!["SegmentAttributeValue".to_owned()],
        ..Settings::default()
    };
    let model = workspace().join("upstream/models/connect-2017-08-08.botocore.json");
    check(&model, &settings, Layout::Crate);
    check(&model, &settings, Layout::OutDir);
}

#[test]
fn the_server_half_and_a_module_root_come_out_as_the_sequential_pipeline_makes_them() {
    let settings =
        Settings::load(&workspace().join("local/connect-local.settings.json")).expect("settings");
    check(
        &workspace().join("generated/model/create-contact.smithy.json"),
        &settings,
        Layout::OutDir,
    );
}
