#!/usr/bin/env bash
# Every test presend has, as CI runs them (.ci/run calls this script) and as a developer
# runs them before pushing. Safe on a fresh machine: it installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

# The toolchain pinned in rust-toolchain.toml (with rustfmt, clippy and the wasm
# target). rustup does not always install it on first use (RUSTUP_AUTO_INSTALL=0).
rustup toolchain install

# The C tests need a C compiler with the sanitizers, pkg-config and valgrind; the Node
# tests need Node.js and npm (the machine's; packages come from package-lock.json); the
# add-on's end-to-end test needs Debian's Thunderbird (its SMTP sink is in Node); the
# Outlook add-in's tests need Debian's Chromium and xmllint; the C# example needs Mono's
# compiler and runtime.
# Each missing tool's Debian package, so only what is missing is installed (the
# machine's Node.js may come from elsewhere with npm inside it).
declare -A package=([cc]=gcc [pkg-config]=pkg-config [valgrind]=valgrind [make]=make
  [node]=nodejs [npm]=npm [xmllint]=libxml2-utils [mcs]=mono-mcs [mono]=mono-runtime)
missing=()
for tool in "${!package[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package[$tool]}")
done
[ -x /usr/lib/thunderbird/thunderbird ] || missing+=(thunderbird)
# The C# example reads reports with .NET's DataContractJsonSerializer (a library, not a command).
[ -e /usr/lib/mono/4.5/System.Runtime.Serialization.dll ] || missing+=(libmono-system-runtime-serialization4.0-cil)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js 20 or newer: Debian's nodejs (20 in trixie) is what CI installs; every
# package.json here says so in "engines", and none of the locked packages needs more.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed; this machine has $(node --version)" >&2
  exit 1
fi

# Two cores: keep to one build at a time, two jobs wide, one shared target directory.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"

echo "== formatting"
cargo fmt --all --check
echo "== Module layers: each crate's modules use only their own layer and those below, in no circle"
node scripts/module-layers.mjs crates/presend-core crates/presend-cli
echo "== clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== Documentation: the core's (with its layers) and the C ABI's, warnings as errors"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p presend-core -p presend-ffi
# The private modules' docs too: their links are how one layer points at another.
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p presend-core --document-private-items
echo "== Rust tests (unit, golden fixtures, corpora, doc examples, CLI, C ABI)"
cargo test --workspace
echo "== Output formats: SARIF against the SARIF 2.1.0 schema, JUnit XML through xmllint"
(
  cd crates/presend-cli/tests/schemas
  npm ci --no-audit --no-fund
  npm test
)
echo "== C: libpresend installed with pkg-config; example and tests, plain, ASan/UBSan, valgrind"
make -C bindings/c check
echo "== C#: Presend.cs (P/Invoke) and its example, compiled with mcs, run under Mono against the libpresend just installed"
make -C bindings/csharp test
echo "== WebAssembly: presend.wasm built with cargo alone, checked in Node over the fixtures"
bindings/wasm/build.sh
(cd bindings/wasm && node --test test/)
echo "== Node: napi build, the generated index.js/index.d.ts unchanged, node:test"
(
  cd bindings/node
  npm ci --no-audit --no-fund
  npm run build
  git diff --exit-code -- index.js index.d.ts || {
    echo "bindings/node/index.js or index.d.ts changed when rebuilt: commit the regenerated files" >&2
    exit 1
  }
  npm test
)
echo "== Thunderbird add-on: unit tests against presend.wasm, web-ext lint, a reproducible rebuild elsewhere, real Thunderbird headless"
(
  cd bindings/thunderbird
  npm ci --no-audit --no-fund
  npm run build
  npm test
  npm run lint
  npm run reproducible
  npm run e2e
  npm run e2e:managed
  npm run e2e:update
)
echo "== Outlook add-in: ES2016 handler in JavaScript-only contexts (wasm, wasm2js), Office.js stand-in, headless Chromium, manifest"
(
  cd bindings/outlook
  npm ci --no-audit --no-fund
  npm run build
  npm test
)
