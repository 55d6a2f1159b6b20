#!/usr/bin/env bash
# The local playground (docs/releases.md, "Playground"): installs what is missing, starts on 127.0.0.1 an Unleash
# server (on an embedded PostgreSQL), two backends (stable v149, canary v150) behind HAProxy (Runtime API,
# server-state file), Prometheus scraping HAProxy's exporter, both backends and Tollgate, steady traffic, and
# Tollgate itself (its own embedded PostgreSQL) configured with adapters.unleash / adapters.haproxy and short bakes.
# Then it runs three releases and prints their timelines:
#   A  checkout 1.5.0: healthy canary, walks canary-5 -> canary-25 -> full and is promoted;
#   B  checkout 1.5.1: the canary starts answering 5xx in the middle of the canary-25 bake; Tollgate rolls it back;
#   C  checkout 1.5.2 (canary analysis, scripts/demo-analysis.sh): baseline and canary at 2 % errors, then the canary
#      at 7 % in the canary-5 bake, far below the 20 % gross-failure rule; the sequential analysis fails and Tollgate
#      rolls it back.
#   P1, P2 (release plans, scripts/demo-plans.sh): inventory -> payments -> checkout, each its own HAProxy backend and
#      flag; P1 completes in dependency order; in P2 checkout's route fails while payments is at canary-5, checkout's
#      SLO burns fast and the plan rolls back payments, then inventory.
# Exits 0 only if A was promoted, B rolled back (canary_gross_failure) and C rolled back (analysis_failed), traffic to
# stable and flag off checked independently for B and C; and P1 completed in dependency order and P2 rolled back
# payments then inventory, HAProxy weights and Unleash flags checked independently.
# Everything it starts is stopped on exit, Ctrl-C or failure; everything it writes is in one temp directory,
# deleted on success (kept, with logs, on failure or with --keep).
# Usage: scripts/demo.sh [--keep] [--offline] [--only releases|plans]   (default: both; releases = A, B, C; plans = P1, P2)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$TOLLGATE_ROOT/scripts/demo-timeline.sh"
source "$TOLLGATE_ROOT/scripts/demo-common.sh"
source "$TOLLGATE_ROOT/scripts/demo-analysis.sh"
source "$TOLLGATE_ROOT/scripts/demo-plans.sh"

usage="usage: scripts/demo.sh [--keep] [--offline] [--only releases|plans]   (--keep: keep the temp directory and logs; --offline: mvn -o; --only: run only releases A-C or only plans P1-P2)"
keep="" mvn_flags=() run_releases=1 run_plans=1
while (( $# )); do
  case "$1" in
    --keep) keep=1 ;;
    --offline) mvn_flags+=(-o) ;;
    --only)
      case "${2:-}" in
        releases) run_plans="" ;;
        plans) run_releases="" ;;
        *) die "--only needs 'releases' or 'plans', was '${2:-}'; $usage" ;;
      esac
      shift ;;
    *) die "$usage" ;;
  esac
  shift
done

PLAYGROUND_PID="" TOLLGATE_PID="" DEMO_DIR=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$TOLLGATE_PID" Tollgate 30
  stop_pid "$PLAYGROUND_PID" "the playground (Unleash, HAProxy, backends, Prometheus)" 40
  stop_orphan_postmasters
  if [[ -n "$DEMO_DIR" ]]; then
    if (( rc == 0 )) && [[ -z "$keep" ]]; then rm -rf "$DEMO_DIR"; else echo "demo: logs and files kept in $DEMO_DIR" >&2; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "demo: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "demo: FAILED: $*" >&2
  local log
  for log in "$DEMO_DIR/tollgate.log" "$DEMO_DIR/playground.log"; do
    [[ -s "$log" ]] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
  done
  exit 1
}

# ---------------------------------------------------------------- install and build
say "installing what is missing (OPA, unleash-server, prometheus, haproxy) and building"
bash "$TOLLGATE_ROOT/scripts/bootstrap.sh" --for-tests
find_jdk
require_cmd curl "the demo talks to every component over HTTP (Debian package 'curl')"
require_cmd jq "the demo reads JSON answers (Debian package 'jq')"
require_cmd setsid "the demo starts each part in its own process group (Debian package 'util-linux')"
cd "$TOLLGATE_ROOT"
mvn -q -B -ntp "${mvn_flags[@]}" -DskipTests -Dopa.bin="$TOLLGATE_TOOLS/bin/opa" -pl gate-service,playground -am package >&2 \
  || die "the build failed (see above)"

DEMO_DIR="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-demo.XXXXXX")"
mkdir -p "$DEMO_DIR/tmp" "$DEMO_DIR/tollgate"
echo "demo: working directory $DEMO_DIR" >&2

TG_PORT="$(free_port)"
TG_URL="http://127.0.0.1:$TG_PORT"

# ---------------------------------------------------------------- the playground
say "starting Unleash, two backends, HAProxy, Prometheus and traffic (first start of Unleash: about 10-20 s)"
setsid "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$DEMO_DIR/tmp" \
  -Dunleash.home="$TOLLGATE_TOOLS/unleash" -jar playground/target/tollgate-playground.jar \
  --env-file "$DEMO_DIR/playground.env" --scrape "127.0.0.1:$TG_PORT" --rps 40 ${run_plans:+$(plan_playground_args)} \
  >"$DEMO_DIR/playground.log" 2>&1 &
PLAYGROUND_PID=$!
await_env_file

# ---------------------------------------------------------------- Tollgate: demo-only tokens, config, strategies
TG_CI_TOKEN="$(token)" TG_VIEWER_TOKEN="$(token)"
cat >"$DEMO_DIR/strategies.yaml" <<'EOF'
# Short bakes for the demo: seconds instead of minutes.
demo-canary:
  stages:
    - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 10s}
    - {name: canary-25, trafficPercent: 25, flagPercent: 25, bake: 15s}
    - {name: full, trafficPercent: 100, flagPercent: 100}
demo-canary-long-bake:
  stages:
    - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 10s}
    - {name: canary-25, trafficPercent: 25, flagPercent: 25, bake: 45s}
    - {name: full, trafficPercent: 100, flagPercent: 100}
# Release C: the analysis looks every second after a 2 s warm-up in every bake but full's. The drift comes during
# canary-5 (the policy allows at most two steps of its stage ladder from nothing, so there is no 25 % first stage).
demo-canary-analysis:
  stages:
    - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 45s}
    - {name: canary-25, trafficPercent: 25, flagPercent: 25, bake: 15s}
    - {name: full, trafficPercent: 100, flagPercent: 100}
  analysis: {interval: 1s, warmup: 2s, alpha: 0.01, maxExtension: 0s}
EOF
if [[ -n "$run_plans" ]]; then
  plan_strategies >>"$DEMO_DIR/strategies.yaml"
  write_plan_slo "$DEMO_DIR/slo"
  TG_SLO_DIR="$DEMO_DIR/slo"
fi
tollgate_config "  unleash: {type: unleash, adminUrl: $UNLEASH_URL, adminToken: \"$UNLEASH_ADMIN_TOKEN\"}
  haproxy: {type: haproxy, host: 127.0.0.1, runtimePort: $HAPROXY_RUNTIME_PORT, stateFile: $HAPROXY_STATE_FILE}" "  adapterTimeout: 3s" >"$DEMO_DIR/tollgate.yaml"
say "starting Tollgate on $TG_URL (embedded PostgreSQL in $DEMO_DIR/tollgate)"
start_tollgate
echo "Tollgate ready: adapters unleash ($UNLEASH_URL) and haproxy (Runtime API 127.0.0.1:$HAPROXY_RUNTIME_PORT)"

# release_body VERSION FEATURE STRATEGY
release_body() {
  jq -n --arg v "$1" --arg f "$2" --arg s "$3" '{service: "checkout", version: $v, environment: "staging",
    change: {commit: "demo-\($v)", pipeline: "demo", author: "dana", approvals: ["lee"]}, strategy: $s,
    flag: {provider: "unleash", feature: $f, environment: "development"},
    traffic: {provider: "haproxy", route: "checkout", stable: "stable", canary: "canary"}}'
}
start_release() {
  local out code
  out="$DEMO_DIR/create-$2.json"
  code="$(curl -sS --max-time 10 -o "$out" -w '%{http_code}' -X POST "$TG_URL/v1/releases" \
    -H "Authorization: Bearer $TG_CI_TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: demo-$2" \
    -d "$(release_body "$1" "$2" "$3")")" || fail "POST /v1/releases did not answer"
  [[ "$code" == 201 ]] || fail "POST /v1/releases answered $code: $(cat "$out")"
  jq -r .id "$out"
}
haproxy_runtime() { (exec 3<>"/dev/tcp/127.0.0.1/$HAPROXY_RUNTIME_PORT" && printf '%s\n' "$1" >&3 && cat <&3) }
flag_state() { curl -sS --max-time 5 -H "Authorization: $UNLEASH_ADMIN_TOKEN" \
  "$UNLEASH_URL/api/admin/projects/default/features/$1/environments/development" | jq -r .enabled; }
control() { curl -sS --fail-with-body --max-time 5 -X POST "$PLAYGROUND_CONTROL_URL$1" >/dev/null || fail "control API $1 failed"; }

if [[ -n "$run_releases" ]]; then
# ---------------------------------------------------------------- release A: promoted
say "release A: checkout 1.5.0, strategy demo-canary (canary-5 10 s, canary-25 15 s, full), healthy canary"
id_a="$(start_release 1.5.0 checkout-v150 demo-canary)"
echo "release $id_a"
follow_release "$id_a" 120
[[ "$FOLLOW_STATE" == promoted ]] || fail "release A ended '$FOLLOW_STATE', not promoted: $(jq -c .reason <<<"$FOLLOW_JSON")"
read -r _ _ _ cw sw < <(traffic_counts) || fail "the playground's /traffic did not answer"
[[ "$cw" == 100 && "$sw" == 0 ]] || fail "after promotion HAProxy has canary weight $cw / stable $sw, not 100 / 0"
echo "release A promoted; HAProxy itself reports canary weight $cw, stable $sw"

# The pipeline would now make v150 the stable pool; the playground's pools stay, so traffic goes back to stable.
haproxy_runtime "set server checkout/stable weight 100" >/dev/null && haproxy_runtime "set server checkout/canary weight 0" >/dev/null \
  || fail "could not reset HAProxy's weights for release B"

# ---------------------------------------------------------------- release B: canary fails mid-bake, rolled back
say "release B: checkout 1.5.1, strategy demo-canary-long-bake (canary-25 bakes 45 s); the canary fails 5 s into that bake"
inject_setup canary-25 "/backends/canary?errorRatio=0.6&latencyMs=150" \
  "the canary starts failing: 60% of its answers 5xx, +150 ms latency"
id_b="$(start_release 1.5.1 checkout-v151 demo-canary-long-bake)"
echo "release $id_b"
follow_release "$id_b" 150 inject_hook
done_ms="${FOLLOW_FINAL_MS:-$(now_ms)}" onset_ms="$INJECT_ONSET_MS" weight0_ms="$INJECT_WEIGHT0_MS"
control "/backends/canary?errorRatio=0&latencyMs=0"
[[ -n "$onset_ms" ]] || fail "release B never baked at canary-25 (ended '$FOLLOW_STATE'), so no failure was injected"
[[ "$FOLLOW_STATE" == rolled_back ]] || fail "release B ended '$FOLLOW_STATE', not rolled_back: $(jq -c .reason <<<"$FOLLOW_JSON")"
reason="$(jq -r .reason.code <<<"$FOLLOW_JSON")"
read -r _ _ _ cw sw < <(traffic_counts) || fail "the playground's /traffic did not answer"
[[ "$cw" == 0 ]] || fail "rolled back, but HAProxy still sends the canary weight $cw"
[[ "$reason" == canary_gross_failure ]] || fail "release B rolled back with '$reason', not canary_gross_failure"
[[ -n "$weight0_ms" ]] || weight0_ms="$done_ms"
flag_enabled="$(flag_state checkout-v151)"
[[ "$flag_enabled" == false ]] || fail "rolled back, but Unleash reports flag checkout-v151 enabled=$flag_enabled"
b_message="$(jq -r .reason.message <<<"$FOLLOW_JSON")" b_cw=$cw b_sw=$sw

# ---------------------------------------------------------------- release C: analysis fails, rolled back
run_release_c

# What the dashboard's releases row shows (dashboards/tollgate-slo.json), read from the playground's Prometheus.
prom() { curl -sS --max-time 5 "$PROMETHEUS_URL/api/v1/query" --data-urlencode "query=$1" \
  | jq -r '.data.result[] | "    \(.metric | del(.__name__, .instance, .job) | to_entries | map("\(.key)=\(.value)") | join(",")): \(.value[1])"'; }
deadline=$(( SECONDS + 15 ))
until [[ -n "$(prom 'tollgate_rollbacks_total{reason="canary_gross_failure"}')" && -n "$(prom 'tollgate_rollbacks_total{reason="analysis_failed"}')" ]] \
  || (( SECONDS >= deadline )); do sleep 0.5; done
say "Prometheus (scraping Tollgate): the dashboard's releases row"
echo "  rollbacks by reason:";               prom 'sum by (service, reason) (tollgate_rollbacks_total)'
echo "  transitions (to):";                  prom 'sum by (to) (tollgate_release_transitions_total)'
echo "  adapter calls by result:";           prom 'sum by (adapter, result) (tollgate_adapter_calls_total)'
echo "  adapter call p95 seconds (10m):";    prom 'histogram_quantile(0.95, sum by (le, adapter) (rate(tollgate_adapter_call_seconds_bucket[10m])))'
fi

# ---------------------------------------------------------------- plans P1, P2
[[ -z "$run_plans" ]] || run_plans

say "result"
if [[ -n "$run_releases" ]]; then
echo "A $id_a: promoted (canary-5 -> canary-25 -> full)"
echo "B $id_b: rolled_back ($reason): $b_message"
echo "  error onset -> HAProxy canary weight 0 seen: $(( (weight0_ms - onset_ms) )) ms; -> state rolled_back seen: $(( done_ms - onset_ms )) ms (polling every 0.5 s)"
echo "  checked outside Tollgate: HAProxy canary weight $b_cw / stable $b_sw; Unleash flag checkout-v151 enabled=$flag_enabled"
release_c_result
fi
[[ -z "$run_plans" ]] || plans_result
echo "  audit log intact: $(tg_get /v1/audit/verify | jq -r .intact)"
echo "demo: OK"
