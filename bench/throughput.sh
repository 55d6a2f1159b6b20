#!/usr/bin/env bash
# Throughput of POST /v1/gates/check with a real load generator, against the embedded defaults (Wasm
# policy engine, embedded PostgreSQL with fsync and synchronous_commit on), and in the same run the
# floor: as many bare policy evaluations plus durable single-row PostgreSQL inserts on this machine.
#
# Usage: bench/throughput.sh [--help]
#   Environment (all optional):
#     BENCH_SECONDS=10           length of each max-throughput run (wrk, closed loop)
#     BENCH_CONNECTIONS="8 32 64" connection counts of the max-throughput runs (one wrk thread each)
#     BENCH_RATE=500             checks/s of the constant-rate run (vegeta, open loop)
#     BENCH_RATE_SECONDS=15      length of the constant-rate run
#     BENCH_RATE_WARMUP_SECONDS=20 a run at the same rate just before it (answers counted, not measured)
#     BENCH_WARMUP_SECONDS=45    warm-up before measuring (wrk, 8 connections; its answers count too).
#                                The JIT still compiles the Wasm policy's code for 30-50 s after start,
#                                and a constant-rate run inside that time measures the compiler.
#
# Steps: bootstrap --for-bench (wrk, vegeta, psql, pgbench) -> build -> start Tollgate on a free port
# with its own temp data dir -> abort unless its PostgreSQL has fsync=on and synchronous_commit=on ->
# warm-up -> warm-up at the constant rate -> constant-rate run -> wrk runs -> floor -> the best wrk run
# again with synchronous_commit off -> checks that the 2xx answers of all runs equal the audit records
# added and that GET /v1/audit/verify is intact (exit 1 if not) -> time breakdown from the
# tollgate_*_seconds histograms, RSS, and a summary block for an issue note. Takes about 4 minutes
# (JVM options: TOLLGATE_JAVA_OPTS, as scripts/run.sh).
# Everything runs on 127.0.0.1; every run is bounded in time; all processes are stopped on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-8 32 64}"
RATE="${BENCH_RATE:-500}"
RATE_SECONDS="${BENCH_RATE_SECONDS:-15}"
RATE_WARMUP_SECONDS="${BENCH_RATE_WARMUP_SECONDS:-20}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-45}"
# A wrk thread stops at its first answer after the run's length; -d is that plus this margin, which
# only has to exceed one check's latency (see bench/check.lua).
WRK_MARGIN=3
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; fi
[[ $# -eq 0 ]] || die "usage: bench/throughput.sh (settings through BENCH_* variables; see --help)"
for n in "$SECONDS_PER_RUN" "$RATE" "$RATE_SECONDS" "$RATE_WARMUP_SECONDS" "$WARMUP_SECONDS" $CONNECTIONS; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "BENCH_* settings must be positive integers, got '$n' (see --help)"
done

bash "$TOLLGATE_ROOT/scripts/bootstrap.sh" --for-bench
find_jdk
cd "$TOLLGATE_ROOT"
VEGETA="$TOLLGATE_TOOLS/bin/vegeta"
BODY="$TOLLGATE_ROOT/docs/examples/check.json"
JAR="$TOLLGATE_ROOT/gate-service/target/tollgate.jar"
echo "== build" >&2
mvn -q -B -ntp -DskipTests -Dopa.bin="$TOLLGATE_TOOLS/bin/opa" package >&2

work="$(mktemp -d -t tollgate-bench.XXXXXX)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then
    kill "$pid" 2>/dev/null || true   # SIGTERM: the service's shutdown hook stops its PostgreSQL
    wait "$pid" 2>/dev/null || true
  fi
  # Should the JVM have died without its hook, stop the PostgreSQL it started (by its pid file).
  local pm
  pm="$(head -1 "$work/pg/postmaster.pid" 2>/dev/null || true)"
  if [[ "$pm" =~ ^[0-9]+$ ]] && kill -0 "$pm" 2>/dev/null; then
    kill -INT "$pm" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pm" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # so that an interrupted run cleans up too

# ---------------------------------------------------------------------------------------------------
# Helpers
# kv LINE KEY: the value of KEY=value in a "TAG k=v k=v" line.
kv() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -1; }
api() { curl -sf "$url$1" -H "Authorization: Bearer $token"; }
snapshot() { curl -sf "$url/metrics" >"$work/metrics.$1"; }
# hist FILE: "check_sum check_count eval_sum eval_count append_sum append_count unavailable" (labels summed).
hist() {
  awk '
    $1 ~ /^tollgate_gate_check_seconds_sum/      { cs += $NF } $1 ~ /^tollgate_gate_check_seconds_count/      { cc += $NF }
    $1 ~ /^tollgate_policy_eval_seconds_sum/     { es += $NF } $1 ~ /^tollgate_policy_eval_seconds_count/     { ec += $NF }
    $1 ~ /^tollgate_audit_append_seconds_sum/    { as += $NF } $1 ~ /^tollgate_audit_append_seconds_count/    { ac += $NF }
    $1 ~ /^tollgate_policy_eval_seconds_count/ && $1 ~ /result="unavailable"/ { un += $NF }
    END { printf "%.9f %d %.9f %d %.9f %d %d\n", cs, cc, es, ec, as, ac, un }' "$1"
}
# breakdown NAME BEFORE AFTER CLIENT_MEAN_MS: one table row of mean ms per check, from histogram deltas.
breakdown() {
  awk -v name="$1" -v client="$4" -v before="$(hist "$work/metrics.$2")" -v after="$(hist "$work/metrics.$3")" 'BEGIN {
    split(before, b, " "); split(after, a, " ")
    for (i = 1; i <= 7; i++) d[i] = a[i] - b[i]
    check = d[2] ? d[1] / d[2] * 1000 : 0; eval = d[4] ? d[3] / d[4] * 1000 : 0; append = d[6] ? d[5] / d[6] * 1000 : 0
    printf "%-14s %7d %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9d\n", name, d[2], client, check, eval, append,
      check - eval - append, client - check, d[7] }'
}
# slow_checks BEFORE AFTER: of the checks answered between two snapshots, how many the service took more
# than 10 ms over, and in which part (bucket deltas of the histograms; le="0.01" is a bucket of each).
slow_checks() {
  local b="$work/metrics.$1" a="$work/metrics.$2"
  over() { # over HISTOGRAM: count above 10 ms in the delta
    awk -v h="$1" '
      FNR == 1 { f++ }
      index($1, h "_bucket") == 1 && $1 ~ /le="0\.01"/ { below[f] += $NF }
      index($1, h "_count") == 1 { all[f] += $NF }
      END { printf "%d", (all[2] - all[1]) - (below[2] - below[1]) }' "$b" "$a"
  }
  echo "checks over 10 ms in the service: $(over tollgate_gate_check_seconds); of them waiting over 10 ms for the audit log: $(over tollgate_audit_append_seconds), for the policy: $(over tollgate_policy_eval_seconds); audit commits (batches) over 10 ms: $(over tollgate_audit_commit_seconds)"
}
# wrk_run NAME CONNECTIONS SECONDS: one closed-loop run; prints the TOLLGATE_WRK line.
wrk_run() {
  snapshot "$1.before"
  CHECK_BODY_FILE="$BODY" TOLLGATE_TOKEN="$token" timeout $(($3 + WRK_MARGIN + 30)) \
    wrk -t "$2" -c "$2" -d "$(($3 + WRK_MARGIN))s" --timeout 10s --latency -s bench/check.lua \
    "$url/v1/gates/check" -- "$3" >"$work/wrk.$1" 2>&1 || die "wrk failed: $(tail -5 "$work/wrk.$1")"
  snapshot "$1.after"
  grep '^TOLLGATE_WRK' "$work/wrk.$1" || die "wrk printed no summary: $(tail -5 "$work/wrk.$1")"
}

# ---------------------------------------------------------------------------------------------------
echo "== start Tollgate (embedded defaults, data in $work/pg)" >&2
# Run from $work: the audit signing key and checkpoint file (.data/ by default) stay in the bench's temp dir.
(cd "$work" && TOLLGATE_HTTP_PORT=0 TOLLGATE_DATA_DIR="$work/pg" exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  $TOLLGATE_JAVA_OPTS -jar "$JAR" >"$work/tollgate.out" 2>"$work/tollgate.log") &
pid=$!
for _ in $(seq 1 120); do grep -q "Development token" "$work/tollgate.out" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
url="$(sed -n 's/^Tollgate listening on //p' "$work/tollgate.out")"
token="$(sed -n 's/^Development token[^:]*: //p' "$work/tollgate.out")"
[[ -n "$url" && -n "$token" ]] || die "Tollgate did not start: $(tail -5 "$work/tollgate.log")"
pg_port="$(grep -o 'embedded PostgreSQL listening on 127.0.0.1:[0-9]*' "$work/tollgate.log" | head -1 | sed 's/.*://')"
[[ -n "$pg_port" ]] || die "no 'embedded PostgreSQL listening on 127.0.0.1:PORT' in the service log"
# The embedded superuser's password is generated at first start, beside the data directory (0600).
PGPASSWORD="$(sed -n 's/^superuserPassword=//p' "$work/pg.credentials")"
export PGPASSWORD
[[ -n "$PGPASSWORD" ]] || die "no superuserPassword in $work/pg.credentials"
psql_su() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -X -v ON_ERROR_STOP=1 -qAt "$@"; }

# Durable or nothing: an fsync=off run would measure a different (and meaningless) system.
fsync="$(psql_su -d postgres -c 'SHOW fsync')"
sync_commit="$(psql_su -d postgres -c 'SHOW synchronous_commit')"
wal_sync="$(psql_su -d postgres -c 'SHOW wal_sync_method')"
pg_version="$(psql_su -d postgres -c 'SHOW server_version')"
fs_type="$(df -T "$work" | awk 'NR == 2 { print $2 }')"
echo "PostgreSQL $pg_version on 127.0.0.1:$pg_port: fsync=$fsync synchronous_commit=$sync_commit wal_sync_method=$wal_sync ($fs_type)"
[[ "$fsync" == on && "$sync_commit" == on ]] \
  || die "the embedded PostgreSQL is not durable (fsync=$fsync, synchronous_commit=$sync_commit): aborting"

records_before="$(api /v1/audit/verify | jq -r .recordsChecked)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
total_ok=0
total_non2xx=0
rows=()

echo "== warm-up: wrk, 8 connections, ${WARMUP_SECONDS} s" >&2
line="$(wrk_run warmup 8 "$WARMUP_SECONDS")"
echo "warm-up: $line"
total_ok=$((total_ok + $(kv "$line" ok))); total_non2xx=$((total_non2xx + $(kv "$line" non2xx)))
rows+=("$(breakdown warm-up warmup.before warmup.after "$(kv "$line" mean_ms)")")

# The fixed rate first, right after the warm-up: the target describes a service under steady load, not
# one recovering from the saturation runs below (a heap and a table just filled by 60,000+ checks).
printf 'POST %s/v1/gates/check\nAuthorization: Bearer %s\nContent-Type: application/json\n@%s\n' "$url" "$token" "$BODY" >"$work/targets"
# vegeta_run NAME SECONDS: one open-loop run at $RATE into $work/NAME.json, its 2xx counted for integrity.
# Requests leave on schedule whatever the answers do. -max-workers bounds what piles up when the service
# cannot keep the rate (the achieved rate then falls short and is reported); the long -timeout keeps
# every request until answered, so the count of 2xx stays exact.
vegeta_run() {
  snapshot "$1.before"
  timeout $(($2 + 90)) "$VEGETA" attack -targets="$work/targets" -rate="$RATE/s" -duration="${2}s" \
    -max-workers=256 -timeout=60s >"$work/$1.bin" || die "vegeta attack failed"
  snapshot "$1.after"
  "$VEGETA" report -type=json <"$work/$1.bin" >"$work/$1.json"
  run_ok="$(jq '[.status_codes | to_entries[] | select((.key | tonumber) >= 200 and (.key | tonumber) < 300) | .value] | add // 0' "$work/$1.json")"
  run_requests="$(jq .requests "$work/$1.json")"
  total_ok=$((total_ok + run_ok)); total_non2xx=$((total_non2xx + run_requests - run_ok))
}
# Code paths that only the constant rate takes (batches of one record, an idle writer between checks)
# are still being compiled when it starts; this run at the same rate lets the JIT finish them.
echo "== warm-up at the constant rate: vegeta, $RATE checks/s for ${RATE_WARMUP_SECONDS} s" >&2
vegeta_run ratewarm "$RATE_WARMUP_SECONDS"
echo "== constant rate: vegeta, $RATE checks/s for ${RATE_SECONDS} s" >&2
vegeta_run rate "$RATE_SECONDS"
rate_ok="$run_ok"; rate_requests="$run_requests"
rate_achieved="$(jq '.rate * 10 | round / 10' "$work/rate.json")"
ms() { jq -r "$1 / 1e6 * 1000 | round / 1000" "$work/rate.json"; }
rate_p50="$(ms '.latencies["50th"]')"; rate_p99="$(ms '.latencies["99th"]')"
rate_max="$(ms .latencies.max)"; rate_mean="$(ms .latencies.mean)"
rate_codes="$(jq -c '.status_codes' "$work/rate.json")"
rate_errors="$(jq -c '.errors' "$work/rate.json")"
rows+=("$(breakdown "vegeta ${RATE}/s" rate.before rate.after "$rate_mean")")
rate_unavailable="$(awk '{ print $NF }' <<<"${rows[-1]}")"
rate_slow="$(slow_checks rate.before rate.after)"
echo "vegeta: requests=$rate_requests 2xx=$rate_ok status=$rate_codes achieved=$rate_achieved/s p50=$rate_p50 ms p99=$rate_p99 ms max=$rate_max ms errors=$rate_errors"

echo "== max throughput: wrk, ${SECONDS_PER_RUN} s per connection count ($CONNECTIONS)" >&2
best_rps=0 best_c="" best_ok=0 best_unavailable=0 wrk_table=""
for c in $CONNECTIONS; do
  line="$(wrk_run "c$c" "$c" "$SECONDS_PER_RUN")"
  ok="$(kv "$line" ok)"
  total_ok=$((total_ok + ok)); total_non2xx=$((total_non2xx + $(kv "$line" non2xx)))
  row="$(breakdown "wrk c=$c" "c$c.before" "c$c.after" "$(kv "$line" mean_ms)")"
  rows+=("$row")
  unavailable="$(awk '{ print $NF }' <<<"$row")"
  wrk_table+="$(printf '  c=%-3s %8s checks/s  p50 %8s ms  p99 %8s ms  max %8s ms  2xx %6s  non-2xx %s  policy_unavailable %s%s' \
    "$c" "$(kv "$line" rps)" "$(kv "$line" p50_ms)" "$(kv "$line" p99_ms)" "$(kv "$line" max_ms)" "$ok" \
    "$(kv "$line" non2xx)" "$unavailable" "$([[ "$(kv "$line" cut)" == 0 ]] || echo "  (threads cut: $(kv "$line" cut))")")"$'\n'
  echo "wrk c=$c: $line"
  if awk "BEGIN { exit !($(kv "$line" rps) > $best_rps) }"; then
    best_rps="$(kv "$line" rps)"; best_c="$c"; best_ok="$ok"; best_unavailable="$unavailable"
  fi
done

# Memory while the service is still up (after all load).
rss="$(awk '/VmRSS/ { r = $2 } /VmHWM/ { h = $2 } END { printf "RSS %.0f MiB (peak %.0f MiB)", r / 1024, h / 1024 }' "/proc/$pid/status")"
pm="$(head -1 "$work/pg/postmaster.pid")"
pg_pss="$(for p in "$pm" $(ps -o pid= --ppid "$pm"); do awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null; done \
  | awk '{ s += $1 } END { printf "%.0f MiB", s / 1024 }')"

# ---------------------------------------------------------------------------------------------------
echo "== floor: $best_ok bare evaluations and $best_ok durable inserts, concurrency $best_c (as the best wrk run)" >&2
# Policy: the service's engine and pool size (PolicyFloor builds it from the same configuration), with
# the longest timeout so every evaluation completes: the floor measures capacity, not the deadline.
floor_eval="$(TOLLGATE_POLICY_TIMEOUT=30s timeout 120 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$JAR:$TOLLGATE_ROOT/gate-service/target/libs/*" bench/PolicyFloor.java "$BODY" "$best_ok" "$best_c" 60 2>"$work/floor.err" \
  | grep '^FLOOR_EVAL')" || die "PolicyFloor failed: $(tail -5 "$work/floor.err")"
echo "$floor_eval"
# Inserts: pgbench (C) into a scratch table in a scratch database of the same PostgreSQL cluster (same
# WAL, same fsync), as superuser; one INSERT per transaction (autocommit), a row about as wide as the
# request part of an audit record.
psql_su -d postgres -c 'CREATE DATABASE tollgate_floor'
psql_su -d tollgate_floor -c 'CREATE TABLE floor_rows (seq bigserial PRIMARY KEY, decision_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(), request jsonb NOT NULL, hash text NOT NULL)'
printf "INSERT INTO floor_rows (decision_id, request, hash) VALUES (gen_random_uuid(), '%s', md5(random()::text));\n" \
  "$(tr -d '\n' <"$BODY")" >"$work/floor.sql"
per_client=$(((best_ok + best_c - 1) / best_c))
timeout 120 pgbench -n -h 127.0.0.1 -p "$pg_port" -U postgres -f "$work/floor.sql" -c "$best_c" -j 2 -t "$per_client" \
  tollgate_floor >"$work/pgbench.out" 2>&1 || die "pgbench failed: $(tail -5 "$work/pgbench.out")"
insert_tps="$(sed -n 's/^tps = \([0-9]*\.\?[0-9]\?\).*/\1/p' "$work/pgbench.out")"
inserted="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.out")"
[[ -n "$insert_tps" && -n "$inserted" ]] || die "no tps in pgbench's output: $(tail -5 "$work/pgbench.out")"
rows_in_table="$(psql_su -d tollgate_floor -c 'SELECT count(*) FROM floor_rows')"
psql_su -d postgres -c 'DROP DATABASE tollgate_floor'
echo "pgbench: $inserted inserts ($rows_in_table rows), $insert_tps tps, clients=$best_c"
eval_per_s="$(kv "$floor_eval" per_s)"
# N / (eval time + insert time), each time that of N operations at the rate measured.
floor_rps="$(awk -v e="$eval_per_s" -v i="$insert_tps" 'BEGIN { printf "%.1f", 1 / (1 / e + 1 / i) }')"
ratio="$(awk -v s="$best_rps" -v f="$floor_rps" 'BEGIN { printf "%.2f", s / f }')"

# ---------------------------------------------------------------------------------------------------
# The cost of durability, side by side in the same run: the best wrk run again with the service role's
# commits not waiting for the WAL flush (synchronous_commit=off for role tollgate; fsync itself is fixed
# on the server's command line and cannot change without a restart). Existing pooled sessions keep their
# setting, so they are ended first; the pool reconnects (a short wrk run absorbs that; its answers count).
echo "== the cost of waiting for durable commits: wrk c=$best_c again with synchronous_commit=off for the service" >&2
psql_su -d postgres -c "ALTER ROLE tollgate SET synchronous_commit = off" \
  -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'tollgate'" >/dev/null
line="$(wrk_run reconnect 4 2)"
total_ok=$((total_ok + $(kv "$line" ok))); total_non2xx=$((total_non2xx + $(kv "$line" non2xx)))
line="$(wrk_run nosync "$best_c" "$SECONDS_PER_RUN")"
psql_su -d postgres -c "ALTER ROLE tollgate RESET synchronous_commit" >/dev/null
nosync_rps="$(kv "$line" rps)"
total_ok=$((total_ok + $(kv "$line" ok))); total_non2xx=$((total_non2xx + $(kv "$line" non2xx)))
rows+=("$(breakdown "async c=$best_c" nosync.before nosync.after "$(kv "$line" mean_ms)")")
durability_ratio="$(awk -v d="$best_rps" -v n="$nosync_rps" 'BEGIN { printf "%.2f", d / n }')"
echo "synchronous_commit=off: $line"

# ---------------------------------------------------------------------------------------------------
echo "== integrity" >&2
verify="$(api /v1/audit/verify)"
records_after="$(jq -r .recordsChecked <<<"$verify")"
intact="$(jq -r .intact <<<"$verify")"
added=$((records_after - records_before))
integrity=ok
[[ "$added" -eq "$total_ok" ]] || integrity="FAILED: $total_ok checks answered 2xx but $added audit records added"
[[ "$intact" == true ]] || integrity="FAILED: GET /v1/audit/verify says intact=$intact ($verify)"

target_tput="$(awk -v s="$best_rps" 'BEGIN { print (s >= 2000 ? "met" : "NOT met") }')"
target_p99="$(awk -v p="$rate_p99" -v a="$rate_achieved" -v r="$RATE" 'BEGIN { print (p <= 10 && a >= 0.99 * r ? "met" : "NOT met") }')"
cat <<EOF

### Tollgate throughput bench ($(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD), $(nproc) cores, load avg before: $load_before)
Embedded defaults: Wasm engine, embedded PostgreSQL $pg_version fsync=$fsync synchronous_commit=$sync_commit ($wal_sync, $fs_type); load generator on the same machine.
Max throughput (wrk + bench/check.lua, ${SECONDS_PER_RUN} s each, one connection per wrk thread):
${wrk_table}Constant rate (vegeta, $RATE/s for ${RATE_SECONDS} s): achieved $rate_achieved/s, p50 $rate_p50 ms, p99 $rate_p99 ms, max $rate_max ms
  2xx $rate_ok of $rate_requests, status codes $rate_codes, policy_unavailable $rate_unavailable, errors $rate_errors
  $rate_slow
Floor (same machine, same run; N=$best_ok at concurrency $best_c): policy evals $eval_per_s/s (pool $(kv "$floor_eval" pool)) + durable inserts $insert_tps/s (pgbench) => $floor_rps checks/s
Service / floor: $best_rps / $floor_rps = $ratio
Cost of durability (same run, c=$best_c): durable commits $best_rps checks/s vs synchronous_commit=off $nosync_rps checks/s (p50 $(kv "$line" p50_ms) ms, p99 $(kv "$line" p99_ms) ms): ratio $durability_ratio
Targets: >= 2000 checks/s: $target_tput ($best_rps at c=$best_c$([[ "$best_unavailable" == 0 ]] || echo ", $best_unavailable of them policy_unavailable")); p99 <= 10 ms at $RATE/s: $target_p99 ($rate_p99 ms at $rate_achieved/s)
Integrity: 2xx answers $total_ok (non-2xx $total_non2xx), audit records added $added, chain intact=$intact: $integrity
Time per check, mean ms (tollgate_*_seconds histograms; http/other = client mean - gate check mean):
  run              checks    client     check    policy     audit  in-check  http/oth  p_unavail
$(printf '  %s\n' "${rows[@]}")
Memory: service JVM $rss; embedded PostgreSQL $pg_pss (Pss, all its processes)
EOF
[[ "$integrity" == ok ]] || die "integrity check $integrity"
