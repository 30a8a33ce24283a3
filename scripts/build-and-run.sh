#!/usr/bin/env bash
# Builds the whole workspace (connect-sdk regenerates its code from models/ on the way), then runs
# the generator end to end: a standalone CreateContact crate from botocore's newest model, checked
# by cargo; and the `connect` command built on the client.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --workspace --release
out=target/generated/create-contact-client
model=upstream/models/connect-2017-08-08.botocore.json
./target/release/connect-codegen \
    --model "$model" \
    --operation CreateContact \
    --tagged-union SegmentAttributeValue \
    --crate-name create-contact-client \
    --out "$out"
cargo check --quiet --manifest-path "$out/Cargo.toml"
echo "generated and checked: $out"
# The command built on the client: its version and an input skeleton, generated from the model.
./target/release/connect --version
./target/release/connect create-contact --generate-cli-skeleton > /dev/null
echo "connect create-contact: ready (./target/release/connect help)"
