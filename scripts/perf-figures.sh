#!/usr/bin/env bash
# Prints the figures of docs/performance.md against their targets. Instruction counts
# come from valgrind's callgrind, which do not move with the machine's load; times come
# from the same runs without valgrind. Needs valgrind; the WebAssembly and Outlook rows
# need bindings/wasm built (scripts/test-all.sh does) and build the Node package's bench
# build (npm run build:bench) themselves.
# Takes about five minutes on two cores. Usage: scripts/perf-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cargo build --release --quiet -p presend-cli
cargo build --release --quiet -p presend-core --example figures
presend=target/release/presend
figures=target/release/examples/figures

row() { # figure, value, target, verdict
  printf '%-58s %-22s %-14s %s\n' "$1" "$2" "$3" "$4"
}
verdict() { # value, limit: "ok" when value <= limit
  awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "ok" : "GAP" }'
}
instructions() { # callgrind output file, function name: its inclusive instruction count
  callgrind_annotate --inclusive=yes "$1" 2>/dev/null \
    | awk -v f="$2" '!found && index($0, f) { gsub(",", "", $1); print $1; found = 1 }'
}

printf '%-58s %-22s %-14s %s\n' figure measured target ""

# 1. presend check of one typical message: process start to exit.
message=fixtures/clean/appointment-confirmation.eml
valgrind --tool=callgrind --callgrind-out-file="$scratch/start.out" "$presend" check "$message" >/dev/null 2>"$scratch/start.log" || true
start=$(awk '/I *refs:/ { gsub(",", "", $NF); print $NF }' "$scratch/start.log")
row "presend check of one message, start to exit" "$((start / 1000000)) M instructions" "<= 20 M" "$(verdict "$start" 20000000)"

# 2. The generated corpus: presend's check against mail-parser's parse + body text.
valgrind --tool=callgrind --callgrind-out-file="$scratch/corpus.out" "$figures" corpus >/dev/null 2>&1
baseline=$(instructions "$scratch/corpus.out" "figures::measure_mail_parser")
checked=$(instructions "$scratch/corpus.out" "figures::measure_presend")
ratio=$(awk -v a="$checked" -v b="$baseline" 'BEGIN { printf "%.1f", a / b }')
row "200 generated messages: presend / mail-parser" "${ratio}x ($((checked / 1000000)) M / $((baseline / 1000000)) M)" "<= 5x" "$(verdict "$ratio" 5)"

# 3. Near-miss with 1,000,000 known contacts: one more recipient.
lookup_line=$("$figures" contacts 1000000)
median=$(sed -E 's/.*median ([0-9.]+) .*/\1/' <<<"$lookup_line")
worst=$(sed -E 's/.*worst ([0-9.]+) .*/\1/' <<<"$lookup_line")
row "near-miss, 1,000,000 contacts: one more recipient (median)" "$median µs" "<= 50 µs" "$(verdict "$median" 50)"
row "near-miss, 1,000,000 contacts: one more recipient (worst)" "$worst µs" "<= 2000 µs" "$(verdict "$worst" 2000)"
valgrind --tool=callgrind --callgrind-out-file="$scratch/contacts.out" \
  --toggle-collect='figures::measure_one_more_recipient' "$figures" contacts 1000000 >/dev/null 2>"$scratch/contacts.log"
lookups=$(awk '/I *refs:/ { gsub(",", "", $NF); print $NF }' "$scratch/contacts.log")
row "  the same, instructions per lookup (201 lookups)" "$((lookups / 201)) instructions" "" ""

# 4. Peak memory of the CLI with 1,000,000 contacts from a CSV export.
"$figures" contacts-csv 1000000 >"$scratch/contacts.csv"
/usr/bin/time -f '%M' -o "$scratch/rss" "$presend" check --contacts "$scratch/contacts.csv" "$message" >/dev/null || true
# time(1) puts "Command exited with non-zero status 1" first when presend blocks.
rss_kb=$(tail -n 1 "$scratch/rss")
row "peak memory, CLI with 1,000,000 contacts" "$((rss_kb / 1024)) MB ($((rss_kb * 1024 / 1000000)) B/contact)" "<= 250 MB" "$(verdict "$rss_kb" $((250 * 1024)))"

# 5. Peak memory of the CLI checking one message near the 64 MiB limit, against its size.
"$figures" message $((60 * 1024 * 1024)) >"$scratch/big.eml"
message_bytes=$(wc -c <"$scratch/big.eml")
/usr/bin/time -f '%M' -o "$scratch/rss-message" "$presend" check "$scratch/big.eml" >/dev/null || true
message_rss_kb=$(tail -n 1 "$scratch/rss-message")
times=$(awk -v r="$message_rss_kb" -v b="$message_bytes" 'BEGIN { printf "%.1f", r * 1024 / b }')
row "peak memory, one $((message_bytes / 1048576)) MiB message" "$((message_rss_kb / 1024)) MB (${times}x its size)" "<= 3x" "$(verdict "$times" 3)"

# 6. WebAssembly per check against native (Node's engine, the same drafts).
if [ -f bindings/wasm/presend.wasm ] && (cd bindings/node && npm run --silent build:bench >/dev/null 2>&1); then
  wasm=$(node bindings/wasm/bench.mjs 300 2>/dev/null | sed -nE 's/^median wasm\/native over [0-9]+ drafts: ([0-9.]+).*/\1/p')
  row "WebAssembly per check / native (median over drafts)" "${wasm}x" "<= 1.5x" "$(verdict "$wasm" 1.5)"
else
  row "WebAssembly per check / native" "not built" "<= 1.5x" "(run scripts/test-all.sh)"
fi

# 7. Outlook's JavaScript-only runtime: first verdict of a fresh handler, wasm2js, jitless.
if [ -f bindings/outlook/dist/launchevent.js ]; then
  outlook=$(node bindings/outlook/bench.mjs 3 10 2>/dev/null | grep -m1 'launchevent.js (node' || true)
  total=$(sed -nE 's/.* = ([0-9]+) ms.*/\1/p' <<<"$outlook")
  row "Outlook handler: first verdict from nothing (jitless)" "${total:-?} ms" "<= 1000 ms" "$(verdict "${total:-99999}" 1000)"
fi
