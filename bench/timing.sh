#!/usr/bin/env bash
# The timing benchmark (issue 12): the whole stack (dns, network, data, compute, with the real app/
# and web/) on the local emulator under the AWS behaviour profile's time model at a fixed scale,
# several runs, first on the fixed-pool walker of before ("before"), then on the scheduled walker
# ("after"). Prints the modeled critical path (from the state's graph and time-model.tsv), wall ÷
# scale, schedule efficiency (critical path ÷ (wall ÷ scale)) for provision and teardown, and the
# projected real-AWS time of a first deploy, a no-change run, a code change and a teardown.
#
# Usage: bench/timing.sh [--runs N] [--scale S] [--walkers fixed-pool,scheduled]
#        bench/timing.sh --aws --config FILE [--yes]   (a real account: see the warning it prints)
# Results: stdout (a Markdown table, then the summary lines); every stderr line of every run,
# time-stamped, in timing.log in the directory the script was started from.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs=2 scale=0.1 aws= config= yes= walkers=fixed-pool,scheduled
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --walkers) walkers="$2"; shift 2 ;;
    --aws) aws=1; shift ;;
    --config) config="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --yes) yes=1; shift ;;
    *) echo "timing.sh: unknown option $1 (--runs N, --scale S, --walkers W, --aws --config FILE [--yes])" >&2; exit 2 ;;
  esac
done
log="$PWD/timing.log"
work="$(mktemp -d)"
if [ -n "$aws" ]; then
  [ -n "$config" ] || { echo "timing.sh --aws needs --config FILE: your stack's yocto.yaml (domain, region)" >&2; exit 2; }
  cat >&2 <<WARN
WARNING: --aws creates the whole stack in your AWS account, $runs times per walker: an Aurora
Serverless v2 cluster, two NAT gateways, a load balancer, Fargate tasks and CloudFront
distributions. Each cycle lasts about half an hour and costs roughly one to two US dollars; a
teardown runs at the end of every cycle (and on exit), but check the console afterwards.
WARN
  if [ -z "$yes" ]; then
    read -r -p "Type 'yes' to go on: " answer
    [ "$answer" = "yes" ] || exit 1
  fi
  cp "$config" "$work/yocto.yaml"
  stack=$(sed -n 's/^stack: *//p' "$work/yocto.yaml")
  trap 'cd "$work" && "$root/yocto" teardown --yes --delete-data --skip-final-snapshot >/dev/null 2>&1; rm -rf "$work"' EXIT
  state="$work/.yocto/$stack.state.json"
else
  stack=bench
  trap 'cd "$work" && "$root/yocto" local stop >/dev/null 2>&1; rm -rf "$work"' EXIT
  printf 'stack: bench\nimage: {context: %s/app}\nweb: {dir: %s/web}\n' "$root" "$root" > "$work/yocto.yaml"
  state="$work/.yocto/local/bench.state.json"
fi
if [ -z "${YOCTO_BASE_IMAGE:-}" ]; then
  export YOCTO_BASE_IMAGE=yocto-bench/stand-in-base:arm64
  python3 "$root/bench/stand-in-base.py" "$YOCTO_BASE_IMAGE" arm64 | docker load >/dev/null
fi
# A code change: the same base with one more label, so the image, and only it, is new.
change_base="printf 'FROM $YOCTO_BASE_IMAGE\nLABEL yocto.bench.change=%s\n' \$(date +%s%N) | docker build -q --platform linux/arm64 -t yocto-bench/changed-base:arm64 - >/dev/null 2>&1 && echo yocto-bench/changed-base:arm64"
cd "$work"
if [ -z "$aws" ]; then
  "$root/yocto" local status >/dev/null        # builds the jar if needed
  "$root/yocto" status --local >/dev/null 2>&1 || true  # starts the emulator outside the measurements
fi
# provision's artifacts stage would build these in the first measured run: build them beforehand
(cd "$root" && mvn -q -B -DskipTests -pl app -am package) >&2
(cd "$root/web" && { [ -d node_modules ] || npm ci; } && npm run build) >/dev/null
region=$(python3 -c 'import sys,re; m=re.search(r"^region: *(\S+)", open("yocto.yaml").read(), re.M); print(m.group(1) if m else "us-west-2")')
python3 "$root/bench/timing.py" --root "$root" --runs "$runs" --scale "$scale" ${aws:+--aws} --stack "$stack" \
  --region "$region" --state "$state" --change-base "$change_base" --walkers "$walkers" --log "$log"
