#!/usr/bin/env bash
# Builds presend.wasm (libpresend for wasm32-unknown-unknown, size-optimised) beside
# presend.js, with cargo alone: the target comes from rust-toolchain.toml.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
cargo build --lib -p presend-ffi --target wasm32-unknown-unknown --profile wasm
cp "${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/wasm/presend.wasm" "$here/presend.wasm"
echo "bindings/wasm/presend.wasm: $(wc -c < "$here/presend.wasm") bytes"
