#!/usr/bin/env bash
# Measures the whole stack (dns, network, data, compute) on the local emulator with the real
# backend (app/, its jar built first if stale) and frontend (web/dist, built first if missing):
# a provision from nothing, a no-change provision, a status, and a teardown that removes everything
# (--delete-data --skip-final-snapshot). Prints the command's own wall time and AWS calls (from the
# --json summary) and the process wall time (JVM start included).
#
# The image is built FROM a stand-in arm64 base (bench/stand-in-base.py) unless YOCTO_BASE_IMAGE
# names another one, so the build works offline; it is pushed to the registry on 127.0.0.1:5000
# (.ci/setup-docker starts one). A real base (eclipse-temurin, ~90 MB) makes the first push slower.
# Usage: bench/stack.sh [runs]   (default 3; results go to stdout as a Markdown table)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'cd "$work" && "$root/yocto" local stop >/dev/null 2>&1; rm -rf "$work"' EXIT
if [ -z "${YOCTO_BASE_IMAGE:-}" ]; then
  export YOCTO_BASE_IMAGE=yocto-bench/stand-in-base:arm64
  python3 "$root/bench/stand-in-base.py" "$YOCTO_BASE_IMAGE" arm64 | docker load >/dev/null
fi
cd "$work"
printf 'stack: bench\nimage: {context: %s/app}\nweb: {dir: %s/web}\n' "$root" "$root" > yocto.yaml
# stderr kept: under YOCTO_AWS_BEHAVIOUR each run ends with what the profile did (faults, not-found, refusals)
y() { "$root/yocto" "$@" --local --json 2>>"$work/stderr.log"; }
. "$root/bench/measure.sh"
"$root/yocto" local status >/dev/null  # builds the jar if needed
y status >/dev/null || true            # starts the emulator outside the measurements
# provision's artifacts stage would build these in the first measured run: build them beforehand
(cd "$root" && mvn -q -B -DskipTests -pl app -am package) >&2
(cd "$root/web" && { [ -d node_modules ] || npm ci; } && npm run build) >/dev/null
: > "$work/stderr.log"
table
if [ -n "${YOCTO_AWS_BEHAVIOUR:-}" ]; then
  echo
  echo "What the behaviour profile did, per measured run (in the table's order):"
  grep -h "AWS behaviour profile: calls" "$work/stderr.log" | sed 's/^/- /' || true
fi
