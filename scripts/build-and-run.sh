#!/usr/bin/env bash
# Builds the whole workspace (connect-sdk regenerates its code from models/ on the way), then runs
# the generator end to end: a standalone CreateContact crate from botocore's newest model, checked
# by cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --workspace --release
out=target/generated/create-contact-client
model=../shared/models/connect-2017-08-08.botocore.json
if [ ! -f "$model" ]; then
    model=models/create-contact.smithy.json
fi
./target/release/connect-codegen \
    --model "$model" \
    --operation CreateContact \
    --tagged-union SegmentAttributeValue \
    --crate-name create-contact-client \
    --out "$out"
cargo check --quiet --manifest-path "$out/Cargo.toml"
echo "generated and checked: $out"
