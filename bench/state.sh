#!/usr/bin/env bash
# What keeping the state in S3 adds to a no-change run, against the local file: two stacks of the
# network layer on the local emulator, one with its state in .yocto/local, one in
# s3://yocto-bench-state/stacks (made by 'yocto state init-bucket'), each provisioned once, then
# no-change provisions of the two in turn. The command's own wall time and AWS calls come from its
# --json summary; the release of the S3 lock (one DeleteObject) comes after the summary, so it is in
# the process wall time only.
# Usage: bench/state.sh [runs]   (default 5; results go to stdout as a Markdown table)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d)"
trap 'cd "$work" && "$root/yocto" local stop >/dev/null 2>&1; rm -rf "$work"' EXIT
cd "$work"
printf 'stack: bench-file\n' > file.yaml
printf 'stack: bench-s3\nstate: s3://yocto-bench-state/stacks\n' > s3.yaml
y() { "$root/yocto" "$@" --local --only network --json 2>/dev/null; }
. "$root/bench/measure.sh"
"$root/yocto" local status >/dev/null           # builds the jar if needed
y status -c file.yaml >/dev/null || true        # starts the emulator outside the measurements
"$root/yocto" state init-bucket -c s3.yaml --local >/dev/null
y provision -c file.yaml >/dev/null
y provision -c s3.yaml >/dev/null
echo "| run | state | wall (summary) | wall (process) | AWS calls | mutating |"
echo "|---|---|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  echo "| $i | local file | $(measure provision -c file.yaml) |"
  echo "| $i | S3 | $(measure provision -c s3.yaml) |"
done
y teardown --yes -c file.yaml >/dev/null
y teardown --yes -c s3.yaml >/dev/null
