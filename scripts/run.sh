#!/usr/bin/env bash
# Quick start: builds Tollgate (first run: installs OPA, compiles the policies) and starts it on
# embedded defaults: embedded PostgreSQL in .data/postgres, the policies in policies/, port 8080
# (override with TOLLGATE_HTTP_PORT, or any setting with TOLLGATE_CONFIG=file.yaml; docs/configuration.md).
# At a terminal it prints a short summary (URLs, token); redirected, JSON logs. TOLLGATE_LOG_FORMAT=json|text forces either.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$TOLLGATE_ROOT/scripts/bootstrap.sh"
find_jdk
cd "$TOLLGATE_ROOT"
echo "tollgate: building (skip tests) ..." >&2
mvn -q -B -DskipTests -Dopa.bin="$TOLLGATE_TOOLS/bin/opa" package >&2
# shellcheck disable=SC2086 # options are words
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $TOLLGATE_JAVA_OPTS -jar gate-service/target/tollgate.jar "$@"
