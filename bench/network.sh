#!/usr/bin/env bash
# Measures the network layer on the local emulator: a provision from nothing, a no-change provision,
# a status, and a teardown. Prints wall time and AWS calls for each (from the --json summary).
# Usage: bench/network.sh [runs]   (default 3; results go to stdout as a Markdown table)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'cd "$work" && "$root/yocto" local stop >/dev/null 2>&1; rm -rf "$work"' EXIT
cd "$work"
y() { "$root/yocto" "$@" --local --only network --json 2>/dev/null; }
field() { python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("%.2f s | %d | %d" % (s["seconds"], s["awsCalls"], s["mutatingCalls"]))'; }
"$root/yocto" local status >/dev/null  # builds the jar if needed
y status >/dev/null || true            # starts the emulator outside the measurements
echo "| run | step | wall (summary) | AWS calls | mutating |"
echo "|---|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  echo "| $i | provision (from nothing) | $(y provision | field) |"
  echo "| $i | provision (no change) | $(y provision | field) |"
  echo "| $i | status | $(y status | field) |"
  echo "| $i | teardown | $(y teardown --yes | field) |"
done
