#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, then every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

# The differential tests ask botocore and the AWS CLI v1 (from PyPI) what they would do.
if ! python3 - tests/requirements.txt 2>/dev/null <<'PY'
# Exit 0 when every `name==version` of the requirements file is what is installed.
import sys
from importlib.metadata import version
pins = [line.split("==") for line in open(sys.argv[1]) if "==" in line and not line.startswith("#")]
sys.exit(any(version(name.strip()) != wanted.strip() for name, wanted in pins))
PY
then
    python3 -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
fi
# The prompt's test types into a real terminal: tmux, from Debian's packages.
if ! command -v tmux > /dev/null; then
    sudo_if_needed=()
    [ "$(id -u)" = 0 ] || sudo_if_needed=(sudo)
    "${sudo_if_needed[@]}" apt-get update -qq
    "${sudo_if_needed[@]}" apt-get install -y -qq tmux > /dev/null
fi
cargo fmt --all -- --check
# No module of the runtime or of the generator's emitters depends on itself through others.
python3 scripts/module-graph.py --check runtime/src crate codegen/src/emit crate::emit > /dev/null
# The benchmark programs live in their own workspaces; check their formatting without building them.
rustfmt --check --edition 2021 bench/ours/src/main.rs bench/reference/src/main.rs bench/stack/src/main.rs
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The library crates' documentation, broken intra-doc links and all other rustdoc warnings denied.
RUSTDOCFLAGS='-D warnings' cargo doc --no-deps --quiet \
    -p connect-runtime -p connect-codegen -p connect-sdk -p connect-cli -p connect-local
cargo test --workspace --quiet
# The runtime and the client once more on the other crypto provider (ring instead of aws-lc-rs).
cargo test --quiet -p connect-runtime -p connect-sdk --no-default-features --features ring
