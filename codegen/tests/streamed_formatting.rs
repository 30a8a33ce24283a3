//! Generation formats on worker threads while it emits; the files must be exactly those of the
//! plain sequential pipeline (emit every module, declare them, format one by one), in that order.

use connect_codegen::emit::{self, context::Ctx, Layout};
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
    let mut modules = emit::modules(&selection, &symbols, settings.server).expect("emit");
    if settings.server {
        let ctx = Ctx {
            selection: &selection,
            symbols: &symbols,
        };
        let server = emit::ModuleTokens {
            path: vec!["server".to_owned()],
            docs: emit::server::DOCS.to_owned(),
            tokens: emit::server::emit(&ctx).expect("server"),
        };
        let at = modules
            .iter()
            .position(|m| m.path.first().map(String::as_str) == Some("operations"))
            .unwrap_or(modules.len());
        modules.insert(at, server);
    }
    let root: Vec<proc_macro2::Ident> = settings
        .module_root
        .split("::")
        .filter(|s| !s.is_empty())
        .map(|s| proc_macro2::Ident::new(s, proc_macro2::Span::call_site()))
        .collect();
    for module in &mut modules {
        module.tokens = emit::reroot(std::mem::take(&mut module.tokens), &root);
    }
    let names: Vec<&str> = selection.operations.iter().map(|op| op.name()).collect();
    let docs = format!(
        "Client types generated from `model.json` for: {}.",
        names.join(", ")
    );
    let mut files: Vec<GeneratedFile> = emit::entries(&modules, layout, &docs)
        .into_iter()
        .map(|(path, tokens)| write::format_file(&path, tokens, "model.json").expect("format"))
        .collect();
    for module in modules {
        files
            .push(write::format_file(&module.file(), module.tokens, "model.json").expect("format"));
    }
    files
}

fn check(path: &Path, settings: &Settings, layout: Layout) {
    let text = std::fs::read_to_string(path).expect("read model");
    let model = frontend::lower_text("model.json", &text, None).expect("lower");
    let expected = sequential(model.clone(), settings, layout);
    let streamed = generate(model, settings, layout, "model.json").expect("generate");
    let paths = |files: &[GeneratedFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&streamed), paths(&expected));
    for (got, want) in streamed.iter().zip(&expected) {
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
