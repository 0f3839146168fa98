#!/usr/bin/env bash
# A bounded fuzzing run of every target in fuzz/ (cargo-fuzz, libFuzzer, AddressSanitizer),
# seeded from fixtures/ and corpora/. Outside the README's test command: it needs
# cargo-fuzz and nightly features, and finds more the longer it runs. A crash stops the
# run and leaves its input in fuzz/artifacts/<target>/; make it a named regression test
# (crates/presend-core/tests/robustness.rs) before fixing it.
#
#   scripts/fuzz.sh [seconds per target, default 60] [target ...]
#
# Nightly features come from the pinned stable toolchain with RUSTC_BOOTSTRAP=1, so the
# run uses the same compiler as everything else (set FUZZ_TOOLCHAIN=nightly to use one).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mime_check json_check policy contacts c_abi)
toolchain="${FUZZ_TOOLCHAIN:-1.99.1}"
export RUSTC_BOOTSTRAP=1 CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

seed() { # target, files...
  local dir="fuzz/corpus/$1"
  shift
  mkdir -p "$dir"
  for file in "$@"; do cp -f "$file" "$dir/$(echo "$file" | tr '/' '_')"; done
}
mapfile -t messages < <(find fixtures corpora -type f \( -name '*.eml' -o -name '*.msg' -o -name '*.txt' -o -name '*.raw' \) -size -512k)
mapfile -t drafts < <(find fixtures -type f -name '*.draft.json')
mapfile -t policies < <(find fixtures crates/presend-cli/tests/data -type f -name '*policy.json')
mapfile -t contacts < <(find crates/presend-cli/tests bindings/node/test fixtures -type f \( -name '*.csv' -o -name '*.vcf' -o -name '*contacts*.json' \) 2>/dev/null)
seed mime_check "${messages[@]}"
seed json_check "${drafts[@]}"
seed policy "${policies[@]}"
seed contacts "${contacts[@]}" "${policies[@]}"
seed c_abi "${drafts[@]}" "${policies[@]}"

cd fuzz
for target in "${targets[@]}"; do
  echo "== $target: ${seconds}s"
  cargo "+$toolchain" fuzz run -O "$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=1048576 2>&1 \
    | grep -E '^(#[0-9]+ *DONE|Done|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' || true
  if compgen -G "artifacts/$target/*" >/dev/null; then
    echo "$target: crash inputs in fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
echo "no crashes"
