#!/usr/bin/env bash
# The alarm rate: checks every message of corpora/ (ordinary mail written outside this
# project) with the default policy and prints, per rule, how many messages it fires on
# and how many findings it gives. The test behind it (crates/presend-core/tests/
# corpora.rs, `alarm_rate_on_ordinary_mail`) fails when textspeak gives more than 3
# findings there or patient-data detection any. Usage: scripts/alarm-rate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
cargo test --quiet -p presend-core --test integration alarm_rate_on_ordinary_mail -- --nocapture 2>&1 \
  | sed -n '/corpus messages checked/,/^$/p'
