#!/usr/bin/env bash
# Does group commit cost a lone request anything? Starts two Tollgates from the same jar on the embedded
# defaults (durable PostgreSQL each), one with audit.maxBatch=1 (one transaction per record, as before
# group commit) and one with the default (256), and runs the sequential latency loop (bench/CheckLatency.java,
# one client, no concurrency) against them in alternating rounds, so machine noise hits both alike.
# Usage: bench/low-load-latency.sh [requests-per-round=1000] [rounds=2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
bash "$TOLLGATE_ROOT/scripts/bootstrap.sh"
find_jdk
cd "$TOLLGATE_ROOT"
n="${1:-1000}"
rounds="${2:-2}"
[[ "$n" =~ ^[1-9][0-9]*$ && "$rounds" =~ ^[1-9][0-9]*$ ]] || die "usage: bench/low-load-latency.sh [requests-per-round] [rounds]"
mvn -q -B -ntp -DskipTests -Dopa.bin="$TOLLGATE_TOOLS/bin/opa" package >&2
JAR="$TOLLGATE_ROOT/gate-service/target/tollgate.jar"
work="$(mktemp -d -t tollgate-lowload.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME MAX_BATCH: a Tollgate in $work/NAME; sets url_NAME and token_NAME.
start() {
  local dir="$work/$1"
  mkdir -p "$dir"
  printf 'audit:\n  maxBatch: %s\n' "$2" >"$dir/tollgate.yaml"
  (cd "$dir" && TOLLGATE_HTTP_PORT=0 TOLLGATE_DATA_DIR="$dir/pg" exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $TOLLGATE_JAVA_OPTS \
    -jar "$JAR" --config "$dir/tollgate.yaml" >"$dir/out" 2>"$dir/log") &
  pids+=("$!")
  for _ in $(seq 1 120); do grep -q "Development token" "$dir/out" && break; sleep 0.5; done
  printf -v "url_$1" '%s' "$(sed -n 's/^Tollgate listening on //p' "$dir/out")"
  printf -v "token_$1" '%s' "$(sed -n 's/^Development token[^:]*: //p' "$dir/out")"
  local u="url_$1"
  [[ -n "${!u}" ]] || die "Tollgate ($1) did not start: $(tail -3 "$dir/log")"
}
start single 1
start grouped 256

for r in $(seq 1 "$rounds"); do
  for name in single grouped; do
    u="url_$name"; t="token_$name"
    echo "round $r, audit.maxBatch=$([[ $name == single ]] && echo 1 || echo 256):"
    "$JAVA_HOME/bin/java" bench/CheckLatency.java "${!u}" "${!t}" "$n" 200 120 1 | grep -A1 sequential
  done
done
