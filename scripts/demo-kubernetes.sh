#!/usr/bin/env bash
# Tollgate on Kubernetes (docs/kubernetes.md): starts on 127.0.0.1 a real control plane (etcd 3.6 + kube-apiserver v1.37.2
# from .tools/k8s, built by scripts/k8s-tools.sh) with the Gateway API and Istio CRDs, namespace shop with a Gateway, four
# Services, HTTPRoute checkout and VirtualService payments; four backends; a router that follows both routes' weights
# (read from the API server every 0.5 s) and splits its load between the backends; Prometheus scraping the router's
# per-destination metrics (Istio's istio_requests_total for the VirtualService, http_requests_total per Service for the
# HTTPRoute) and Tollgate; Unleash (a release needs a flag). Then Tollgate, with adapters gateway-api and istio acting as
# a user bound to a Role that may only get and patch those two routes, and short bakes. Two releases:
#   A  checkout 1.5.0 on the HTTPRoute: healthy canary, canary-5 -> canary-25 -> full, promoted;
#   B  payments 2.3.0 on the VirtualService: the canary starts answering 5xx 3 s into the canary-25 bake; Tollgate's
#      canary health (istio_requests_total by destination_workload, through the adapter's query templates) rolls it back.
# Exits 0 only if A was promoted and B rolled back (canary_gross_failure), with the final weights read from the API server
# by another user (checkout-canary 100 / stable 0; payments-canary 0 / stable 100), the router routing by them, and flag
# payments-v230 off in Unleash. Everything it starts is stopped on exit, Ctrl-C or failure; everything it writes is in
# one temp directory, deleted on success (kept, with logs, on failure or with --keep).
# Usage: scripts/demo-kubernetes.sh [--keep] [--offline] [--no-build]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$TOLLGATE_ROOT/scripts/demo-timeline.sh"
source "$TOLLGATE_ROOT/scripts/demo-common.sh"

keep="" build=1 mvn_flags=()
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    --offline) mvn_flags+=(-o) ;;
    --no-build) build="" ;;
    *) die "usage: scripts/demo-kubernetes.sh [--keep] [--offline] [--no-build]   (--keep: keep the temp directory and logs; --offline: mvn -o; --no-build: use the jars in target/)" ;;
  esac
done

PLAYGROUND_PID="" TOLLGATE_PID="" DEMO_DIR=""
DEMO_START=$SECONDS

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$TOLLGATE_PID" Tollgate 30
  stop_pid "$PLAYGROUND_PID" "the playground (kube-apiserver, etcd, router, backends, Prometheus, Unleash)" 40
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
  for log in "$DEMO_DIR/tollgate.log" "$DEMO_DIR/playground.log" "$DEMO_DIR"/tmp/kube-*/kube-apiserver.log; do
    [[ -s "$log" ]] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
  done
  exit 1
}

# ---------------------------------------------------------------- install and build
if [[ -n "$build" ]]; then
  say "installing what is missing (OPA, unleash-server, prometheus, etcd + kube-apiserver) and building"
  bash "$TOLLGATE_ROOT/scripts/bootstrap.sh" --for-tests
fi
find_jdk
require_cmd curl "the demo talks to every component over HTTP (Debian package 'curl')"
require_cmd jq "the demo reads JSON answers (Debian package 'jq')"
require_cmd setsid "the demo starts each part in its own process group (Debian package 'util-linux')"
cd "$TOLLGATE_ROOT"
if [[ -n "$build" ]]; then
  mvn -q -B -ntp "${mvn_flags[@]}" -DskipTests -Dopa.bin="$TOLLGATE_TOOLS/bin/opa" -pl gate-service,playground -am package >&2 \
    || die "the build failed (see above)"
fi
[[ -f gate-service/target/tollgate.jar && -f playground/target/tollgate-playground.jar ]] \
  || die "gate-service/target/tollgate.jar or playground/target/tollgate-playground.jar is missing: run without --no-build"

DEMO_DIR="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-demo-k8s.XXXXXX")"
mkdir -p "$DEMO_DIR/tmp" "$DEMO_DIR/tollgate"
echo "demo: working directory $DEMO_DIR" >&2

TG_PORT="$(free_port)"
TG_URL="http://127.0.0.1:$TG_PORT"

# ---------------------------------------------------------------- the playground
say "starting etcd + kube-apiserver, the CRDs and namespace shop, backends, the router, Prometheus and Unleash"
setsid "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$DEMO_DIR/tmp" \
  -Dunleash.home="$TOLLGATE_TOOLS/unleash" -Dk8s.tools="$TOLLGATE_TOOLS/k8s" \
  -cp playground/target/tollgate-playground.jar io.tollgate.playground.KubePlayground \
  --env-file "$DEMO_DIR/playground.env" --scrape "127.0.0.1:$TG_PORT" --rps 60 >"$DEMO_DIR/playground.log" 2>&1 &
PLAYGROUND_PID=$!
await_env_file "$DEMO_DIR/early-playground.env"
# Tollgate starts alongside the control plane, as soon as Unleash and Prometheus are up (its adapters read the
# kubeconfig on the first release).
TG_CI_TOKEN="$(token)" TG_VIEWER_TOKEN="$(token)"
cat >"$DEMO_DIR/strategies.yaml" <<'EOF2'
# Short bakes for the demo: seconds instead of minutes.
demo-canary:
  stages:
    - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 6s}
    - {name: canary-25, trafficPercent: 25, flagPercent: 25, bake: 8s}
    - {name: full, trafficPercent: 100, flagPercent: 100}
demo-canary-long-bake:
  stages:
    - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 6s}
    - {name: canary-25, trafficPercent: 25, flagPercent: 25, bake: 40s}
    - {name: full, trafficPercent: 100, flagPercent: 100}
EOF2
# The HTTPRoute adapter gets the metric templates docs/adapters.md gives as its example (Gateway API defines no metrics);
# the Istio adapter uses its built-in defaults (istio_requests_total ... destination_workload="{destination}").
# requireAcceptance is left at its default (true): the playground's router plays the gateway controller and writes the
# HTTPRoute's status.parents (Accepted, ResolvedRefs) for each generation it follows, so every stage waits for that
# (acceptanceTimeout) before it counts as applied; see docs/kubernetes.md.
adapters="$(cat <<EOF2
  unleash: {type: unleash, adminUrl: $UNLEASH_URL, adminToken: "$UNLEASH_ADMIN_TOKEN"}
  edge:
    type: gateway-api
    kubeconfig: $KUBE_TOLLGATE_KUBECONFIG
    namespace: $KUBE_NAMESPACE
    rule: main
    acceptanceTimeout: 10s
    metrics:
      requests: 'http_requests_total{namespace="{namespace}",service="{destination}"}'
      errors: 'http_requests_total{namespace="{namespace}",service="{destination}",code=~"5.."}'
      latencyCount: 'http_request_duration_seconds_count{namespace="{namespace}",service="{destination}"}'
      latencyBucket: 'http_request_duration_seconds_bucket{namespace="{namespace}",service="{destination}",le="{le}"}'
  mesh: {type: istio, kubeconfig: $KUBE_TOLLGATE_KUBECONFIG, namespace: $KUBE_NAMESPACE, httpRoute: primary}
EOF2
)"
# A cold first adapter call (fabric8 client, TLS) on a busy 2-core machine took more than 3 s: 10 s per call.
tollgate_config "$adapters" "  adapterTimeout: 10s
  grossMinRequests: 20" >"$DEMO_DIR/tollgate.yaml"
say "starting Tollgate on $TG_URL while the control plane comes up"
launch_tollgate
await_env_file

# route_weights httproutes|virtualservices NAME: "<stable weight> <canary weight> <generation>" as the API server stores
# them, read with the auditor's token (a Role allowing only get on the two routes): outside Tollgate and the router.
route_weights() {
  local json api filter
  case "$1" in
    httproutes) api=gateway.networking.k8s.io/v1
      filter='(.spec.rules[] | select(.name == "main") | .backendRefs | map({key: .name, value: .weight}) | from_entries)' ;;
    virtualservices) api=networking.istio.io/v1
      filter='(.spec.http[] | select(.name == "primary") | .route | map({key: .destination.host, value: .weight}) | from_entries)' ;;
  esac
  json="$(curl -sS --fail-with-body --max-time 5 --cacert "$KUBE_CA" -H "Authorization: Bearer $KUBE_AUDITOR_TOKEN" \
    "$KUBE_API_URL/apis/$api/namespaces/$KUBE_NAMESPACE/$1/$2")" || { echo "GET $1/$2: $json" >&2; return 1; }
  jq -r --arg r "$2" "$filter"' as $w | "\($w["\($r)-stable"]) \($w["\($r)-canary"]) \(.metadata.generation)"' <<<"$json"
}
read -r sw cw gen < <(route_weights httproutes checkout) || fail "the auditor could not read HTTPRoute checkout"
echo "  API server (as the auditor): HTTPRoute shop/checkout stable $sw / canary $cw, generation $gen"

await_tollgate
echo "Tollgate ready on $TG_URL (adapters edge: gateway-api, mesh: istio, as user $KUBE_TOLLGATE_USER)"

# release_body SERVICE VERSION FEATURE STRATEGY PROVIDER ROUTE
release_body() {
  jq -n --arg svc "$1" --arg v "$2" --arg f "$3" --arg s "$4" --arg p "$5" --arg r "$6" '{service: $svc, version: $v,
    environment: "staging", change: {commit: "demo-\($v)", pipeline: "demo", author: "dana", approvals: ["lee"]}, strategy: $s,
    flag: {provider: "unleash", feature: $f, environment: "development"},
    traffic: {provider: $p, route: $r, stable: "\($r)-stable", canary: "\($r)-canary"}}'
}
start_release() {
  local out code
  out="$DEMO_DIR/create-$3.json"
  code="$(curl -sS --max-time 10 -o "$out" -w '%{http_code}' -X POST "$TG_URL/v1/releases" \
    -H "Authorization: Bearer $TG_CI_TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: demo-$3" \
    -d "$(release_body "$@")")" || fail "POST /v1/releases did not answer"
  [[ "$code" == 201 ]] || fail "POST /v1/releases answered $code: $(cat "$out")"
  jq -r .id "$out"
}
flag_state() { curl -sS --max-time 5 -H "Authorization: $UNLEASH_ADMIN_TOKEN" \
  "$UNLEASH_URL/api/admin/projects/default/features/$1/environments/development" | jq -r .enabled; }
control() { curl -sS --fail-with-body --max-time 5 -X POST "$PLAYGROUND_CONTROL_URL$1" >/dev/null || fail "control API $1 failed"; }
TRAFFIC_LABEL="router"

# ---------------------------------------------------------------- release A: promoted on the HTTPRoute
say "release A: checkout 1.5.0 on HTTPRoute shop/checkout (adapter edge), demo-canary (canary-5 6 s, canary-25 8 s, full)"
TRAFFIC_PATH="/traffic?route=checkout"
id_a="$(start_release checkout 1.5.0 checkout-v150 demo-canary edge checkout)"
echo "release $id_a"
follow_release "$id_a" 90
[[ "$FOLLOW_STATE" == promoted ]] || fail "release A ended '$FOLLOW_STATE', not promoted: $(jq -c .reason <<<"$FOLLOW_JSON")"
read -r a_sw a_cw a_gen < <(route_weights httproutes checkout) || fail "the auditor could not read HTTPRoute checkout"
[[ "$a_cw" == 100 && "$a_sw" == 0 ]] || fail "promoted, but the API server has HTTPRoute checkout at canary $a_cw / stable $a_sw"
deadline=$(( SECONDS + 5 ))
until read -r _ _ _ cw sw < <(traffic_counts) && [[ "$cw" == 100 && "$sw" == 0 ]]; do
  (( SECONDS < deadline )) || fail "the router does not route HTTPRoute checkout 100/0 to the canary (weights canary $cw / stable $sw)"
  sleep 0.5
done
echo "release A promoted; API server: HTTPRoute checkout canary $a_cw / stable $a_sw (generation $a_gen); the router routes by it"
# Each stage counted as applied only once the gateway (the router, as its controller) accepted that generation.
a_verified="$(jq '[.history[] | select(.event == "traffic_verify") | select(.observed | test("accepted by edge at generation"))] | length' <<<"$FOLLOW_JSON")"
[[ "$a_verified" == 3 ]] || fail "release A: $a_verified of 3 traffic read-backs were accepted by Gateway edge: $(jq -c '[.history[] | select(.event == "traffic_verify") | .observed]' <<<"$FOLLOW_JSON")"
echo "  every stage's weights were accepted by Gateway edge (status.parents, observedGeneration) before its bake began"

# ---------------------------------------------------------------- release B: canary fails mid-bake, rolled back
say "release B: payments 2.3.0 on VirtualService shop/payments (adapter mesh), demo-canary-long-bake (canary-25 bakes 40 s)"
TRAFFIC_PATH="/traffic?route=payments"
inject_setup canary-25 "/backends/payments-canary?errorRatio=0.6&latencyMs=100" \
  "the canary starts failing: 60% of its answers 5xx, +100 ms latency" 3000
id_b="$(start_release payments 2.3.0 payments-v230 demo-canary-long-bake mesh payments)"
echo "release $id_b"
follow_release "$id_b" 120 inject_hook
done_ms="${FOLLOW_FINAL_MS:-$(now_ms)}" onset_ms="$INJECT_ONSET_MS" weight0_ms="$INJECT_WEIGHT0_MS"
control "/backends/payments-canary?errorRatio=0&latencyMs=0"
[[ -n "$onset_ms" ]] || fail "release B never baked at canary-25 (ended '$FOLLOW_STATE'), so no failure was injected"
[[ "$FOLLOW_STATE" == rolled_back ]] || fail "release B ended '$FOLLOW_STATE', not rolled_back: $(jq -c .reason <<<"$FOLLOW_JSON")"
reason="$(jq -r .reason.code <<<"$FOLLOW_JSON")"
[[ "$reason" == canary_gross_failure ]] || fail "release B rolled back with '$reason', not canary_gross_failure"
read -r b_sw b_cw b_gen < <(route_weights virtualservices payments) || fail "the auditor could not read VirtualService payments"
[[ "$b_cw" == 0 && "$b_sw" == 100 ]] || fail "rolled back, but the API server has VirtualService payments at canary $b_cw / stable $b_sw"
read -r _ _ _ cw _ < <(traffic_counts) || fail "the playground's /traffic did not answer"
[[ "$cw" == 0 ]] || fail "rolled back, but the router still sends the canary weight $cw"
[[ -n "$weight0_ms" ]] || weight0_ms="$done_ms"
flag_enabled="$(flag_state payments-v230)"
[[ "$flag_enabled" == false ]] || fail "rolled back, but Unleash reports flag payments-v230 enabled=$flag_enabled"
b_message="$(jq -r .reason.message <<<"$FOLLOW_JSON")"

# What Tollgate's canary health read: the Istio series the router exported, through the istio adapter's templates.
prom() { curl -sS --max-time 5 "$PROMETHEUS_URL/api/v1/query" --data-urlencode "query=$1" \
  | jq -r '.data.result[] | "    \(.metric | del(.__name__, .instance, .job) | to_entries | map("\(.key)=\(.value)") | join(",")): \(.value[1])"'; }
say "Prometheus: what the router exported"
echo "  payments by destination workload and code (istio_requests_total, reporter=destination):"
prom 'sum by (destination_workload, response_code) (istio_requests_total{destination_workload_namespace="shop"})'
echo "  checkout by Service and code (http_requests_total):"
prom 'sum by (service, code) (http_requests_total{namespace="shop"})'
echo "  Tollgate adapter calls by adapter and result:"
prom 'sum by (adapter, result) (tollgate_adapter_calls_total)'

say "result"
echo "A $id_a: promoted on HTTPRoute shop/checkout (canary-5 -> canary-25 -> full)"
echo "  checked outside Tollgate: API server HTTPRoute checkout canary $a_cw / stable $a_sw (generation $a_gen)"
echo "B $id_b: rolled_back ($reason): $b_message"
echo "  error onset -> router canary weight 0: $(( weight0_ms - onset_ms )) ms; -> state rolled_back seen: $(( done_ms - onset_ms )) ms (polling every 0.5 s)"
echo "  checked outside Tollgate: API server VirtualService payments canary $b_cw / stable $b_sw (generation $b_gen); router canary weight $cw; Unleash flag payments-v230 enabled=$flag_enabled"
echo "  audit log intact: $(tg_get /v1/audit/verify | jq -r .intact)"
echo "demo: OK after $(( SECONDS - DEMO_START )) s"
