#!/usr/bin/env bash
# Generates Prometheus recording and burn-rate alerting rules from OpenSLO definitions.
# Usage: scripts/slo-rules.sh [definitions-dir=slo-definitions] [output-file]   (exit 2: invalid definitions)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
cd "$TOLLGATE_ROOT"
if ! ls gate-service/target/libs/tollgate-slo-core-*.jar >/dev/null 2>&1; then
  bash scripts/bootstrap.sh
  mvn -q -B -DskipTests -Dopa.bin="$TOLLGATE_TOOLS/bin/opa" package
fi
exec "$JAVA_HOME/bin/java" -cp 'gate-service/target/libs/*' io.tollgate.slo.RulesCommand "${1:-slo-definitions}" ${2:+"$2"}
