#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, then every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d ../shared/models ]; then
    echo "../shared (the specification and data) must sit beside the project" >&2
    exit 1
fi
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace --quiet
