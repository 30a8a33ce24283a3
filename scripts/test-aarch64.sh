#!/usr/bin/env bash
# Runs the runtime's unit tests (the digests' Armv8 SHA-2 path among them) for 64-bit Arm under
# qemu's user-mode emulation, with an emulated CPU that has the SHA-2 instructions. Not part of
# the main suite: it installs a cross compiler, qemu and the aarch64 standard library.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
    apt-get install -y -q gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
fi
rustup target add aarch64-unknown-linux-gnu
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu max"
cargo test -p connect-runtime --lib --target aarch64-unknown-linux-gnu
