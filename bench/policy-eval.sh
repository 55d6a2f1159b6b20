#!/usr/bin/env bash
# Policy evaluation at its real cost, both engines side by side in one run: builds the service if its jar
# is missing or older than the policies/engine sources, starts a real `opa run --server` on 127.0.0.1
# serving the same policies and data the Wasm bundle is compiled from, then runs bench/PolicyEval.java
# (embedded vs opa-server, sequential and concurrent, p50/p99 and evaluations/s), and finally
# `opa bench` on the Rego itself with the same input (OPA's Go evaluator: ns/op, allocs/op).
# Usage: bench/policy-eval.sh [n=20000] [threads=2] [warmup=3000]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
find_jdk
opa="$TOLLGATE_TOOLS/bin/opa"
[[ -x "$opa" ]] || bash "$TOLLGATE_ROOT/scripts/bootstrap.sh"
cd "$TOLLGATE_ROOT"
jar=gate-service/target/tollgate.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find policies gate-service/src/main -newer "$jar" -type f -print -quit)" ]]; then
  mvn -q -B -ntp -DskipTests -Dopa.bin="$opa" -pl gate-service -am package >&2
fi

work="$(mktemp -d)"
opa_pid=""
trap '[[ -n "$opa_pid" ]] && kill "$opa_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
# A check's input as gate-service builds it (gate/PolicyInputs.java) for a service with two SLOs.
cat >"$work/input.json" <<'EOF'
{"now":"2026-11-30T10:15:00Z",
 "release":{"service":"checkout","version":"1.4.2","environment":"production","stage":"canary-5","previousStage":"canary-1"},
 "change":{"commit":"9f2c1e7","pipeline":"build-812","author":"dana","authorSkeleton":"dana","authorFoldedSkeleton":"dana",
           "approvals":["lee"],"approvalSkeletons":["lee"],"approvalFoldedSkeletons":["lee"],"labels":["feature"]},
 "actor":{"subject":"ci-bot","role":"pipeline"},"dryRun":false,
 "slos":[
  {"name":"checkout-availability","status":"ok","window":"30d","target":0.999,"sli":0.9995,
   "errorBudget":{"remainingRatio":0.42},
   "burnRates":[
     {"name":"fast","severity":"page","threshold":14.4,"longWindow":"1h","longRate":0.8,"shortWindow":"5m","shortRate":1.1},
     {"name":"slow","severity":"ticket","threshold":6,"longWindow":"6h","longRate":0.5,"shortWindow":"30m","shortRate":0.7}]},
  {"name":"checkout-latency","status":"ok","window":"30d","target":0.99,"sli":0.995,
   "errorBudget":{"remainingRatio":0.6},
   "burnRates":[
     {"name":"fast","severity":"page","threshold":14.4,"longWindow":"1h","longRate":0.2,"shortWindow":"5m","shortRate":0.3},
     {"name":"slow","severity":"ticket","threshold":6,"longWindow":"6h","longRate":0.1,"shortWindow":"30m","shortRate":0.2}]}
 ]}
EOF

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$opa" run --server --addr "127.0.0.1:$port" --log-level error --ignore '*_test.rego' policies >"$work/opa.log" 2>&1 &
opa_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || die "opa server did not start: $(tail -5 "$work/opa.log")"

echo "== engines (bench/PolicyEval.java)"
"$JAVA_HOME/bin/java" -cp "$jar" bench/PolicyEval.java "http://127.0.0.1:$port" "$work/input.json" \
  "${1:-20000}" "${3:-3000}" "${2:-2}" 60

echo "== Rego in OPA's Go evaluator (opa bench)"
"$opa" bench --benchmem --count 1 --data policies --ignore '*_test.rego' --input "$work/input.json" \
  'data.tollgate.decision' | grep -E 'ns/op|B/op|allocs/op'
