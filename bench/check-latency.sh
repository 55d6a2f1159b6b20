#!/usr/bin/env bash
# Measures POST /v1/gates/check latency on loopback: starts Tollgate on embedded defaults (own data
# dir, free port), runs a bounded sequential loop (bench/CheckLatency.java), stops Tollgate.
# Usage: bench/check-latency.sh [requests=2000] [concurrent-clients=8]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
bash "$TOLLGATE_ROOT/scripts/bootstrap.sh"
find_jdk
cd "$TOLLGATE_ROOT"
mvn -q -B -DskipTests -Dopa.bin="$TOLLGATE_TOOLS/bin/opa" package >&2
work="$(mktemp -d)"
log="$work/tollgate.log"
TOLLGATE_HTTP_PORT=0 TOLLGATE_DATA_DIR="$work/pg" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $TOLLGATE_JAVA_OPTS \
  -jar gate-service/target/tollgate.jar >"$log" 2>"$work/stderr.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do grep -q "Development token" "$log" && break; sleep 0.5; done
url="$(sed -n 's/^Tollgate listening on //p' "$log")"
token="$(sed -n 's/^Development token[^:]*: //p' "$log")"
[[ -n "$url" && -n "$token" ]] || die "Tollgate did not start: $(tail -5 "$work/stderr.log")"
"$JAVA_HOME/bin/java" bench/CheckLatency.java "$url" "$token" "${1:-2000}" 300 120 "${2:-8}"
# Memory of the service process (JVM + Wasm pool; the embedded PostgreSQL runs as separate processes).
awk '/VmRSS|VmHWM/ {printf "tollgate %s %.0f MiB\n", $1, $2/1024}' "/proc/$pid/status"
