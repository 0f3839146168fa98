#!/usr/bin/env bash
# Every test presend has, as CI runs them (.ci/run calls this script) and as a developer
# runs them before pushing. Safe on a fresh machine: it installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

# The toolchain pinned in rust-toolchain.toml (with rustfmt, clippy and the wasm
# target). rustup does not always install it on first use (RUSTUP_AUTO_INSTALL=0).
rustup toolchain install

# Two cores: keep to one build at a time, two jobs wide, one shared target directory.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"

echo "== formatting"
cargo fmt --all --check
echo "== clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== Rust tests (unit, golden fixtures, corpora, doc examples, CLI)"
cargo test --workspace
