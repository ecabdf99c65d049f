#!/bin/bash
# Entrypoint as Testcontainers' LocalStackContainer expects it: LOCALSTACK_<NAME> variables become
# <NAME> (except LOCALSTACK_HOST and LOCALSTACK_HOSTNAME, which LocalStack reads under those names),
# then the supervisor runs LocalStack and restarts it on POST /_localstack/health {"action":"restart"}.
set -eo pipefail
while IFS='=' read -r -d '' name value; do
  case "$name" in
    LOCALSTACK_HOST | LOCALSTACK_HOSTNAME | LOCALSTACK_[0-9]*) ;;
    LOCALSTACK_?*) export "${name#LOCALSTACK_}=$value" ;;
  esac
done < <(env -0)
mkdir -p /var/lib/localstack/logs
exec localstack-supervisor
