#!/usr/bin/env bash
# Measures the dns, network and data layers together on the local emulator: a provision from
# nothing, a no-change provision, a status, and a teardown that removes everything (--delete-data
# --skip-final-snapshot, so the next run starts from nothing again). Prints the command's own wall
# time and AWS calls (from the --json summary) and the process wall time (JVM start included).
# Usage: bench/data.sh [runs]   (default 3; results go to stdout as a Markdown table)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'cd "$work" && "$root/yocto" local stop >/dev/null 2>&1; rm -rf "$work"' EXIT
cd "$work"
y() { "$root/yocto" "$@" --local --only dns,network,data --json 2>/dev/null; }
. "$root/bench/measure.sh"
"$root/yocto" local status >/dev/null  # builds the jar if needed
y status >/dev/null || true            # starts the emulator outside the measurements
table
