#!/usr/bin/env bash
# Builds, with cargo alone (the target comes from rust-toolchain.toml), beside presend.js:
#   presend.wasm       libpresend for wasm32-unknown-unknown, size-optimised: the full core;
#   presend-lean.wasm  the same without MIME reading or the regex crate's extra engines,
#                      optimised harder for size: what Outlook's JavaScript-only runtime
#                      runs, compiled to JavaScript by wasm2js (bindings/outlook/build.mjs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown"
# Reproducible: the module embeds source paths (in panic locations), so the checkout
# and the cargo registry are renamed to fixed prefixes, and the same sources give the
# same bytes wherever they are built (bindings/thunderbird/test/reproducible.mjs).
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export CARGO_ENCODED_RUSTFLAGS="--remap-path-prefix=$cargo_home=/cargo"$'\x1f'"--remap-path-prefix=$root=/presend"
cargo build --lib -p presend-ffi --target wasm32-unknown-unknown --profile wasm
cp "$target/wasm/presend.wasm" "$here/presend.wasm"
cargo build --lib -p presend-ffi --target wasm32-unknown-unknown --profile wasm-lean --no-default-features
cp "$target/wasm-lean/presend.wasm" "$here/presend-lean.wasm"
echo "bindings/wasm/presend.wasm: $(wc -c < "$here/presend.wasm") bytes; presend-lean.wasm: $(wc -c < "$here/presend-lean.wasm") bytes"
