# The release plan scenario of scripts/demo.sh (docs/releases.md, "Release plans"). Source it; do not run it.
# Three services, inventory -> payments -> checkout (checkout depends on payments depends on inventory), each its own
# HAProxy backend in the playground (--extra-service: inventory, payments, checkout-v2) and its own Unleash flag:
#   P1  one plan completed in dependency order (each release starts only once the one it depends on is promoted);
#   P2  payments' canary "breaks" checkout: while payments bakes at canary-5, checkout's backends start answering 5xx,
#       checkout's SLO (watched: checkout is the plan's last entry, not started yet) burns fast, and the plan, in staging
#       (policy data.tollgate.plan.on_failure = rollback), rolls back payments, then inventory.
# Checked outside Tollgate: HAProxy's own weights (Runtime API) and Unleash's flags (Admin API); each plan's timeline
# (its history, its entries' startedAt/endedAt) is printed.
# Needs what demo.sh defines first: say, fail, control, flag_state, haproxy_runtime, tg_get, now_ms, TG_URL, TG_CI_TOKEN,
# DEMO_DIR. Sets P_* for plans_result.
# shellcheck shell=bash

PLAN_SERVICES=(inventory payments checkout)
# jq: an Instant (2026-12-08T01:02:03.456789Z, any number of fraction digits) as epoch seconds, for comparisons.
PLAN_JQ_TS='def ts: (.[0:19] + "Z" | fromdate) + ((capture("\\.(?<f>[0-9]+)Z$").f // "0") | "0.\(.)" | tonumber); ' 
# The HAProxy backend (route) of each service: checkout's plan route is checkout-v2, so that releases A-C (route
# checkout, with their injected 5xx) do not spend the checkout SLO this scenario burns.
declare -A PLAN_ROUTE=([inventory]=inventory [payments]=payments [checkout]=checkout-v2)

# The playground arguments and the strategies and SLO this scenario needs (called before the playground and Tollgate start).
plan_playground_args() { printf -- '--extra-service %s ' "${PLAN_ROUTE[@]}"; }
plan_strategies() {
  cat <<'EOF'
# Release plans: short bakes, and a long canary-5 bake for payments in P2 (the SLO burns during it).
demo-plan:
  stages:
    - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 5s}
    - {name: canary-25, trafficPercent: 25, flagPercent: 25, bake: 5s}
    - {name: full, trafficPercent: 100, flagPercent: 100}
demo-plan-long-canary:
  stages:
    - {name: canary-5, trafficPercent: 5, flagPercent: 5, bake: 90s}
    - {name: canary-25, trafficPercent: 25, flagPercent: 25, bake: 5s}
    - {name: full, trafficPercent: 100, flagPercent: 100}
EOF
}
# write_plan_slo DIR: checkout's availability SLO (99.9 %, fast burn = 14.4x over 1 h and 5 min, severity page) on
# HAProxy's own 5xx counter of checkout's plan route (PLAN_ROUTE).
write_plan_slo() {
  mkdir -p "$1"
  cat >"$1/checkout.yaml" <<EOF
apiVersion: openslo/v1
kind: Service
metadata: {name: checkout}
spec: {description: Cart to order confirmation}
---
apiVersion: openslo/v1
kind: SLI
metadata: {name: checkout-http-success}
spec:
  description: HAProxy's answers on checkout's route without a server error, over all answers
  ratioMetric:
    counter: true
    bad:
      metricSource: {type: Prometheus, spec: {query: 'haproxy_backend_http_responses_total{proxy="${PLAN_ROUTE[checkout]}",code="5xx"}'}}
    total:
      metricSource: {type: Prometheus, spec: {query: 'haproxy_backend_http_responses_total{proxy="${PLAN_ROUTE[checkout]}"}'}}
---
apiVersion: openslo/v1
kind: AlertCondition
metadata: {name: checkout-fast-burn}
spec:
  description: Burn rate at or above 14.4 over 1h and over 5m
  severity: page
  condition: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h}
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: {name: checkout-burn-rate}
spec:
  conditions:
    - conditionRef: checkout-fast-burn
---
apiVersion: openslo/v1
kind: SLO
metadata: {name: checkout-availability}
spec:
  service: checkout
  indicatorRef: checkout-http-success
  timeWindow:
    - {duration: 28d, isRolling: true}
  budgetingMethod: Occurrences
  objectives:
    - {displayName: Available, target: 0.999}
  alertPolicies:
    - alertPolicyRef: checkout-burn-rate
EOF
}

# plan_body NAME VERSIONS(inventory payments checkout) PAYMENTS_STRATEGY
plan_body() {
  local name="$1" strategy="$3" v_inv v_pay v_chk routes s
  read -r v_inv v_pay v_chk <<<"$2"
  routes="$(for s in "${PLAN_SERVICES[@]}"; do printf '%s\t%s\n' "$s" "${PLAN_ROUTE[$s]}"; done | jq -Rn '[inputs | split("\t") | {(.[0]): .[1]}] | add')"
  jq -n --argjson routes "$routes" --arg name "$name" --arg vi "$v_inv" --arg vp "$v_pay" --arg vc "$v_chk" --arg ps "$strategy" \
    --arg fi "$(plan_flag inventory "$v_inv")" --arg fp "$(plan_flag payments "$v_pay")" --arg fc "$(plan_flag checkout "$v_chk")" '
    def entry(k; v; strategy; deps): {key: k, service: k, version: v,
      change: {commit: "demo-\(k)-\(v)", pipeline: "demo", author: "dana", approvals: ["lee"]}, strategy: strategy,
      flag: {provider: "unleash", feature: {inventory: $fi, payments: $fp, checkout: $fc}[k], environment: "development"},
      traffic: {provider: "haproxy", route: $routes[k], stable: "stable", canary: "canary"}} + (if deps == [] then {} else {dependsOn: deps} end);
    {name: $name, environment: "staging", releases: [
      entry("inventory"; $vi; "demo-plan"; []),
      entry("payments"; $vp; $ps; ["inventory"]),
      entry("checkout"; $vc; "demo-plan"; ["payments"])]}'
}
# plan_flag SERVICE VERSION: the release's Unleash flag, e.g. payments-v260.
plan_flag() { echo "$1-v${2//./}"; }

start_plan() {
  local out="$DEMO_DIR/plan-$1.json" code
  code="$(curl -sS --max-time 10 -o "$out" -w '%{http_code}' -X POST "$TG_URL/v1/release-plans" \
    -H "Authorization: Bearer $TG_CI_TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: demo-plan-$1" \
    -d "$(plan_body "$1" "$2" "$3")")" || fail "POST /v1/release-plans did not answer"
  [[ "$code" == 201 ]] || fail "POST /v1/release-plans answered $code: $(cat "$out")"
  jq -r .id "$out"
}

# canary_weight ROUTE: HAProxy's own current weight of ROUTE/canary (Runtime API "get weight": "5 (initial 0)").
canary_weight() { haproxy_runtime "get weight $1/canary" | awk 'NF {print $1; exit}'; }
reset_plan_routes() {
  local s
  for s in "${PLAN_SERVICES[@]}"; do
    haproxy_runtime "set server ${PLAN_ROUTE[$s]}/stable weight 100" >/dev/null && haproxy_runtime "set server ${PLAN_ROUTE[$s]}/canary weight 0" >/dev/null \
      || fail "could not reset HAProxy's weights of ${PLAN_ROUTE[$s]}"
  done
}

# follow_plan ID TIMEOUT_S [HOOK]: prints a row whenever the plan or one of its releases changes (with HAProxy's canary
# weights of the three routes), until the plan is settled (completed, rolled_back, failed, halted, aborted) or TIMEOUT_S
# passes. Sets PLAN_STATE and PLAN_JSON. HOOK is called with the plan JSON after every poll.
follow_plan() {
  local id="$1" timeout_s="$2" hook="${3:-}" start t json key last_key="" weights s
  start="$(now_ms)" PLAN_STATE=timeout
  printf '\n%-8s %8s  %-12s %-26s %-26s %-26s %s\n' time elapsed plan inventory payments checkout "HAProxy canary weights inv/pay/chk"
  while :; do
    t="$(now_ms)"
    (( t - start <= timeout_s * 1000 )) || return 0
    if ! json="$(tg_get "/v1/release-plans/$id")"; then
      echo "  (GET /v1/release-plans/$id failed: $json)"; sleep 1; continue
    fi
    PLAN_JSON="$json" PLAN_STATE="$(jq -r .state <<<"$json")"
    key="$(jq -r '[.state, (.releases[] | "\(.state) \(.stage // "")")] | join("|")' <<<"$json")"
    if [[ "$key" != "$last_key" ]]; then
      weights=""
      for s in "${PLAN_SERVICES[@]}"; do weights+="$(canary_weight "${PLAN_ROUTE[$s]}")/"; done
      printf '%-8s %7.1fs  %-12s %s %s\n' "$(date +%T)" "$(awk "BEGIN{print ($t-$start)/1000}")" "$PLAN_STATE" \
        "$(jq -r '[.releases[] | "\(.state) \(.stage // "")"] | map(. + " " * 26 | .[0:26]) | join(" ")' <<<"$json")" "${weights%/}"
      last_key="$key"
    fi
    [[ -z "$hook" ]] || "$hook" "$json"
    case "$PLAN_STATE" in completed|rolled_back|failed|halted|aborted) return 0 ;; esac
    sleep 0.5
  done
}

# plan_timeline JSON: the plan's history and each release's start and end, as Tollgate recorded them.
plan_timeline() {
  echo "  releases (startedAt -> endedAt, final state, compensation):"
  jq -r '.releases[] | "    \(.key | . + " " * 10 | .[0:10]) \(.startedAt // "-") -> \(.endedAt // "-")  \(.state)\(if .reason then " (" + .reason.code + ")" else "" end)  compensation \(.compensation // "-")"' <<<"$1"
  echo "  history:"
  jq -r '.history[] | "    \(.at // .time // "") \(.kind) " + ([to_entries[] | select(.key | IN("seq","at","time","kind","actor","spec","policy") | not)
    | select(.value != null) | "\(.key)=\(.value | if type == "string" then . else tojson end)"] | join(" "))' <<<"$1"
}

# The P2 hook: once payments bakes at canary-5, checkout's route starts answering 5xx (both servers: checkout itself
# was not released); afterwards it notes when HAProxy itself shows each compensated route back at canary weight 0.
plan_inject_hook() {
  local json="$1" state stage w s
  if [[ -z "$P2_ONSET_MS" ]]; then
    read -r _ state stage < <(jq -r '.releases[] | select(.key == "payments") | "\(.releaseId) \(.state) \(.stage)"' <<<"$json")
    [[ "$state" == baking && "$stage" == canary-5 ]] || return 0
    [[ -n "$P2_SEEN_MS" ]] || P2_SEEN_MS="$(now_ms)"
    (( $(now_ms) - P2_SEEN_MS >= 3000 )) || return 0
    control "/backends/${PLAN_ROUTE[checkout]}/stable?errorRatio=0.8"
    control "/backends/${PLAN_ROUTE[checkout]}/canary?errorRatio=0.8"
    P2_ONSET_MS="$(now_ms)"
    printf '%-8s %8s  *** %s\n' "$(date +%T)" "" "payments at canary-5: checkout's route starts answering 80% 5xx (checkout's SLO will burn fast)"
    return 0
  fi
  [[ -n "$P2_FAILURE_MS" ]] || [[ "$(jq -r .state <<<"$json")" == running ]] || P2_FAILURE_MS="$(now_ms)"
  for s in payments inventory; do
    w="$(canary_weight "${PLAN_ROUTE[$s]}")"
    [[ -z "${P2_ZERO_MS[$s]:-}" && "$w" == 0 ]] && P2_ZERO_MS[$s]="$(now_ms)"
  done
  return 0
}

run_plans() {
  local versions s w flag order
  reset_plan_routes
  say "plan P1: inventory 3.1.0 -> payments 2.5.0 -> checkout 1.6.0 (staging, strategy demo-plan: canary-5 5 s, canary-25 5 s, full), all healthy"
  P1_ID="$(start_plan p1 "3.1.0 2.5.0 1.6.0" demo-plan)"
  echo "plan $P1_ID"
  follow_plan "$P1_ID" 240
  plan_timeline "$PLAN_JSON"
  [[ "$PLAN_STATE" == completed ]] || fail "plan P1 ended '$PLAN_STATE', not completed: $(jq -c .reason <<<"$PLAN_JSON")"
  # Dependency order from Tollgate's own record: each release started after the one it depends on ended (promoted).
  order="$(jq -r "$PLAN_JQ_TS"'[.releases[] | {key, startedAt, endedAt}] | INDEX(.key) as $e
    | ($e.payments.startedAt | ts) > ($e.inventory.endedAt | ts) and ($e.checkout.startedAt | ts) > ($e.payments.endedAt | ts)' <<<"$PLAN_JSON")"
  [[ "$order" == true ]] || fail "plan P1 did not start its releases in dependency order: $(jq -c '[.releases[] | {key, startedAt, endedAt}]' <<<"$PLAN_JSON")"
  for s in "${PLAN_SERVICES[@]}"; do
    w="$(canary_weight "${PLAN_ROUTE[$s]}")"
    [[ "$w" == 100 ]] || fail "plan P1 completed, but HAProxy gives ${PLAN_ROUTE[$s]}/canary weight $w, not 100"
  done
  P1_ORDER="$(jq -r '[.releases[] | "\(.key) \(.startedAt[11:19])-\(.endedAt[11:19])"] | join(", ")' <<<"$PLAN_JSON")"

  # The pipeline would now make the new versions stable; the playground's pools stay, so traffic goes back to stable.
  reset_plan_routes
  say "plan P2: inventory 3.2.0 -> payments 2.6.0 (canary-5 bakes 90 s) -> checkout 1.7.0; 3 s into payments' canary-5 bake,
   checkout's route starts answering 80% 5xx: checkout's SLO (the plan watches its services' SLOs) burns fast"
  P2_ONSET_MS="" P2_SEEN_MS="" P2_FAILURE_MS=""
  declare -gA P2_ZERO_MS=()
  P2_ID="$(start_plan p2 "3.2.0 2.6.0 1.7.0" demo-plan-long-canary)"
  echo "plan $P2_ID"
  follow_plan "$P2_ID" 240 plan_inject_hook
  P2_DONE_MS="$(now_ms)"
  control "/backends/${PLAN_ROUTE[checkout]}/stable?errorRatio=0"
  control "/backends/${PLAN_ROUTE[checkout]}/canary?errorRatio=0"
  plan_timeline "$PLAN_JSON"
  [[ -n "$P2_ONSET_MS" ]] || fail "plan P2: payments never baked at canary-5 (plan ended '$PLAN_STATE'), so checkout never failed"
  [[ "$PLAN_STATE" == rolled_back ]] || fail "plan P2 ended '$PLAN_STATE', not rolled_back: $(jq -c .reason <<<"$PLAN_JSON")"
  P2_REASON="$(jq -r '.reason.code // empty' <<<"$PLAN_JSON")" P2_MESSAGE="$(jq -r '.reason.message // empty' <<<"$PLAN_JSON")"
  P2_FAILURE="$(jq -r '[.history[] | select(.kind == "transition" and .event == "failure")][0] | "\(.reasonCode): \(.reason)"' <<<"$PLAN_JSON")"
  [[ "$P2_FAILURE" == watched_slo_fast_burn:* ]] \
    || fail "plan P2 rolled back, but not for checkout's watched SLO: failure '$P2_FAILURE', reason $P2_REASON: $P2_MESSAGE"
  # Reverse dependency order, from Tollgate's record: payments' reset verified before inventory's was requested.
  order="$(jq -r '[.history[] | select(.kind == "compensation") | "\(.event) \(.key)"] as $c
    | ($c | index(["compensation_verified payments"])) as $p | ($c | index(["compensation_requested inventory"])) as $i
    | $p != null and $i != null and $p < $i and ([.releases[] | select(.key == "checkout") | .state] == ["waiting"])' <<<"$PLAN_JSON")"
  [[ "$order" == true ]] || fail "plan P2 did not roll back payments before inventory (or started checkout): $(jq -c '[.history[] | select(.kind == "compensation")], [.releases[] | {key, state, compensation}]' <<<"$PLAN_JSON")"
  # Outside Tollgate: HAProxy's weights and Unleash's flags.
  P2_OUTSIDE=""
  for s in payments inventory; do
    w="$(canary_weight "${PLAN_ROUTE[$s]}")"
    [[ "$w" == 0 ]] || fail "plan P2 rolled back, but HAProxy still gives ${PLAN_ROUTE[$s]}/canary weight $w"
    versions="$(jq -r --arg k "$s" '.releases[] | select(.key == $k) | .version' <<<"$PLAN_JSON")"
    flag="$(flag_state "$(plan_flag "$s" "$versions")")"
    [[ "$flag" == false ]] || fail "plan P2 rolled back, but Unleash reports flag $(plan_flag "$s" "$versions") enabled=$flag"
    P2_OUTSIDE+="$s: HAProxy canary weight $w, Unleash flag $(plan_flag "$s" "$versions") enabled=$flag; "
  done
  [[ -n "${P2_ZERO_MS[payments]:-}" && -n "${P2_ZERO_MS[inventory]:-}" ]] \
    || fail "plan P2: HAProxy was never seen at canary weight 0 for both payments and inventory during the follow"
  (( P2_ZERO_MS[payments] <= P2_ZERO_MS[inventory] )) \
    || fail "plan P2: HAProxy showed inventory's canary at 0 before payments' (${P2_ZERO_MS[inventory]} < ${P2_ZERO_MS[payments]} ms)"
}

plans_result() {
  echo "P1 $P1_ID: completed in dependency order ($P1_ORDER)"
  echo "P2 $P2_ID: rolled_back ($P2_REASON): $P2_MESSAGE"
  echo "  failure: $P2_FAILURE"
  echo "  checkout 5xx onset -> plan failed seen: $(( ${P2_FAILURE_MS:-$P2_DONE_MS} - P2_ONSET_MS )) ms; -> HAProxy payments canary 0: $(( P2_ZERO_MS[payments] - P2_ONSET_MS )) ms; -> inventory canary 0: $(( P2_ZERO_MS[inventory] - P2_ONSET_MS )) ms; -> rolled_back seen: $(( P2_DONE_MS - P2_ONSET_MS )) ms (polling every 0.5 s)"
  echo "  checked outside Tollgate: ${P2_OUTSIDE%; }"
}
