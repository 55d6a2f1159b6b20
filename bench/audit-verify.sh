#!/usr/bin/env bash
# Audit log at scale: seeds N records through the service's real writer (bench/AuditSeed.java, in-process,
# commits not waiting for their WAL flush while seeding only), starts Tollgate on that data (durable again),
# and measures over HTTP (bench/AuditBench.java): a full GET /v1/audit/verify (records/s), an incremental
# one after NEW more checks, p50/p95 of GET /v1/decisions?service=…&limit=100 and GET /v1/audit/events?limit=100,
# the query plans (EXPLAIN ANALYZE) and the table's size; the machine's load before and after.
#
# Usage: bench/audit-verify.sh [N=1000000]
#   BENCH_AUDIT_DIR   working directory kept between runs (seeding continues from what is there, so a
#                     10M run can follow a 1M run); default a temp directory removed at exit
#   BENCH_SEED_CLIENTS concurrent appenders while seeding (batch sizes, so signatures per record), default 64
#   BENCH_SERVICES    distinct services in the seeded decisions, default 50
#   BENCH_NEW         checks appended through the service before the incremental verify, default 10000
#   BENCH_QUERIES     measured requests per query, default 500
#   BENCH_SKIP_BUILD  1: use the jar already in gate-service/target
#   BENCH_QUERIES_ONLY 1: skip the verifies and the appended checks (measure the queries again)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
find_jdk
cd "$TOLLGATE_ROOT"
n="${1:-1000000}"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -B -DskipTests -Dopa.bin="$TOLLGATE_TOOLS/bin/opa" -pl gate-service -am package >&2
fi
cp="$TOLLGATE_ROOT/gate-service/target/tollgate.jar:$TOLLGATE_ROOT/gate-service/target/libs/*"
if [[ -n "${BENCH_AUDIT_DIR:-}" ]]; then
  work="$BENCH_AUDIT_DIR"; mkdir -p "$work"; remove_work=0
else
  work="$(mktemp -d)"; remove_work=1
fi
pid=""
cleanup() {
  [[ -n "$pid" ]] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
  (( remove_work )) && rm -rf "$work"
  return 0
}
trap cleanup EXIT

echo "machine: $(nproc) cores; $(uptime)"
echo "== seeding to $n records in $work (through JooqDecisionLog.append: GroupCommitAppender + ChainWriter)"
seed_started=$(date +%s)
(cd "$work" && "$JAVA_HOME/bin/java" -Xmx2g -cp "$cp" "$TOLLGATE_ROOT/bench/AuditSeed.java" "$n" \
  "${BENCH_SEED_CLIENTS:-64}" "${BENCH_SERVICES:-50}" 2>"$work/seed.log") || { tail -20 "$work/seed.log"; die "seeding failed"; }
grep '^seeded' "$work/seed.log" | tail -1 || true
echo "seeding wall time: $(( $(date +%s) - seed_started )) s; $(uptime)"

echo "== Tollgate on the seeded data (embedded PostgreSQL, fsync=on, synchronous_commit=on)"
log="$work/tollgate.log"
(cd "$work" && exec env TOLLGATE_HTTP_PORT=0 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $TOLLGATE_JAVA_OPTS \
  -jar "$TOLLGATE_ROOT/gate-service/target/tollgate.jar" >"$log" 2>"$work/stderr.log") &
pid=$!
for _ in $(seq 1 240); do grep -q "Development token" "$log" && break; sleep 0.5; done
url="$(sed -n 's/^Tollgate listening on //p' "$log")"
token="$(sed -n 's/^Development token[^:]*: //p' "$log")"
[[ -n "$url" && -n "$token" ]] || die "Tollgate did not start: $(tail -5 "$work/stderr.log")"
creds="$work/.data/postgres.credentials"
jdbc="$(sed -n 's/^jdbcUrl=//p' "$creds")"
su_password="$(sed -n 's/^superuserPassword=//p' "$creds")"
postmaster="$(head -1 "$work/.data/postgres/postmaster.pid")"
"$JAVA_HOME/bin/java" -cp "$cp" "$TOLLGATE_ROOT/bench/AuditBench.java" "$url" "$token" "$jdbc" "$su_password" "$pid" "$postmaster" \
  "${BENCH_NEW:-10000}" "${BENCH_QUERIES:-500}" "${BENCH_SERVICES:-50}"
echo "service: $(awk '/VmHWM/ {printf "peak RSS %.0f MiB", $2/1024}' "/proc/$pid/status")"
echo "machine after: $(uptime)"
