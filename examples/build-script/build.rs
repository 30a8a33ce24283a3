//! Generates a client for CreateContact and DescribeContact from the official Smithy model of
//! Amazon Connect into `OUT_DIR`, as the module `connect` of this crate. Cargo runs this again when
//! the model or this file changes; a model error stops the build with the generator's message.

fn main() {
    let model = std::env::var("CONNECT_MODEL")
        .unwrap_or_else(|_| "../../upstream/models/connect-2017-08-08.smithy.json".to_owned());
    println!("cargo:rerun-if-env-changed=CONNECT_MODEL");
    connect_codegen::Builder::new(model)
        .operation("CreateContact")
        .operation("DescribeContact")
        .tagged_union("SegmentAttributeValue")
        .module_root("connect")
        .compile();
}
