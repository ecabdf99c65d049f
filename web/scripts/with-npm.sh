#!/usr/bin/env bash
# Maven runs the web build through this: `with-npm.sh <npm arguments...>`. Without Node/npm the
# step is skipped with a message, except in CI (CI=true), where it fails (testkit's rule).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "[web] needs Node.js and npm (required in CI, where CI=true)" >&2
    exit 1
  fi
  echo "[web] SKIPPED npm $*: needs Node.js and npm (skipped; install them to build and test web/)"
  exit 0
fi
exec npm "$@"
