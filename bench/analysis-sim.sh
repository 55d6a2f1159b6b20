#!/usr/bin/env bash
# Canary analysis simulation: seeded bakes (30 min, one look every 5 s, Poisson traffic, binomial errors) that print
# the false-rollback table for healthy canaries (1, 5, 20, 200 rps x weights 1-50 % and a 1->5->25->50 % stage
# schedule x base error 0.1-10 %) and the detection table for 1.5x, 2x and 5x regressions, for the sequential test
# (mSPRT) beside a Flagger-style threshold rule and a repeated fixed-sample z-test fed the same looks.
# CPU only, no services; about 2 minutes for 2,000 runs per cell on two busy cores.
# Usage: bench/analysis-sim.sh [runs=2000] [seed=20261130] [alpha=0.01]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
find_jdk
cd "$TOLLGATE_ROOT"
jar=gate-service/target/tollgate.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find gate-service/src/main/java/io/tollgate/analysis -newer "$jar" -type f -print -quit)" ]]; then
  opa="$TOLLGATE_TOOLS/bin/opa"
  [[ -x "$opa" ]] || bash "$TOLLGATE_ROOT/scripts/bootstrap.sh"
  mvn -q -B -ntp -DskipTests -Dopa.bin="$opa" -pl gate-service -am package >&2
fi
exec "$JAVA_HOME/bin/java" -XX:+UseParallelGC -cp "$jar" io.tollgate.analysis.sim.AnalysisSimulation "${1:-2000}" "${2:-20261130}" "${3:-0.01}"
