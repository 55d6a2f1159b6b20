# Release C of scripts/demo.sh: the sequential canary analysis (docs/analysis.md, "In a release"). Source it; do not
# run it. Needs what demo.sh defines before calling run_release_c: say, fail, control, start_release, flag_state,
# follow_release / inject_setup / inject_hook / traffic_counts / tg_get / now_ms (demo-timeline.sh).
# Sets C_* and c_* for release_c_result.
# shellcheck shell=bash

# Why these numbers: the analysis learns from errors only, each a coin flip "canary or baseline?". At 5 % canary
# weight (the first stage: the policy's max_stage_jump allows no 25 % start) and a true ratio of 3.5 (7 % vs 2 %) one
# error carries about 0.08 nats of evidence, and failing needs ln(1/alpha) = 4.6 plus the price of the mixture over
# ratios, about 6.5 nats: some 85 errors. The demo's usual 40 requests/s make 0.9 errors/s (over 90 s); 300 requests/s
# make 6.8/s (about 13 s, plus a scrape or two). 7 % stays far below the 20 % gross-failure rule.
C_RPS=300 C_BASE_ERRORS=0.02 C_CANARY_ERRORS=0.07

run_release_c() {
  local json cw sw
  say "release C: checkout 1.5.2, strategy demo-canary-analysis (canary-5 bakes 45 s, analysis every 1 s, alpha 0.01);
   both versions answer 2% 5xx, load ${C_RPS} requests/s; 5 s into the bake the canary goes to 7%"
  control "/load?rps=$C_RPS"
  control "/backends/stable?errorRatio=$C_BASE_ERRORS"
  control "/backends/canary?errorRatio=$C_BASE_ERRORS"
  C_ID="$(start_release 1.5.2 checkout-v152 demo-canary-analysis)"
  echo "release $C_ID"
  # 5 s into the canary-5 bake: the 2 s warm-up and a few healthy looks are behind it.
  inject_setup canary-5 "/backends/canary?errorRatio=$C_CANARY_ERRORS" \
    "the canary drifts: 7% of its answers 5xx (baseline 2%; the gross-failure rule needs 20%)"
  follow_release "$C_ID" 90 inject_hook
  C_DONE_MS="${FOLLOW_FINAL_MS:-$(now_ms)}" c_onset_ms="$INJECT_ONSET_MS" c_weight0_ms="$INJECT_WEIGHT0_MS"
  control "/backends/canary?errorRatio=0"
  control "/backends/stable?errorRatio=0"
  control "/load?rps=40"
  [[ -n "$c_onset_ms" ]] || fail "release C never baked at canary-5 (ended '$FOLLOW_STATE'), so the canary never drifted"
  [[ "$FOLLOW_STATE" == rolled_back ]] || fail "release C ended '$FOLLOW_STATE', not rolled_back: $(jq -c '.reason, .analysis' <<<"$FOLLOW_JSON")"
  C_REASON="$(jq -r .reason.code <<<"$FOLLOW_JSON")" C_MESSAGE="$(jq -r .reason.message <<<"$FOLLOW_JSON")"
  [[ "$C_REASON" == analysis_failed ]] || fail "release C rolled back with '$C_REASON' ($C_MESSAGE), not analysis_failed"
  read -r _ _ _ cw sw < <(traffic_counts) || fail "the playground's /traffic did not answer"
  [[ "$cw" == 0 ]] || fail "release C rolled back, but HAProxy still sends the canary weight $cw"
  C_CW=$cw C_SW=$sw
  C_FLAG="$(flag_state checkout-v152)"
  [[ "$C_FLAG" == false ]] || fail "release C rolled back, but Unleash reports flag checkout-v152 enabled=$C_FLAG"
  [[ -n "$c_weight0_ms" ]] || c_weight0_ms="$C_DONE_MS"

  say "GET /v1/releases/$C_ID/analysis (abridged: settings, each bake's verdict, the last looks)"
  json="$(tg_get "/v1/releases/$C_ID/analysis")" || fail "GET /v1/releases/$C_ID/analysis failed: $json"
  jq -r '"  settings: interval \(.settings.interval), warm-up \(.settings.warmup), alpha \(.settings.alpha), maxRatio \(.settings.maxRatio), metrics \(.settings.metrics | join(","))"' <<<"$json"
  jq -r 'def pad(n): (. + (" " * n))[0:n];
    def frac(c): "\(c.bad // "?")/\(c.requests // "?")";
    .stages[] | "  bake \(.stage) (apply \(.applyNo)): \(.state), \(.looks | length) looks (numbered from 0), verdict \(.verdict)\(if .failedAtLook == null then "" else " at look \(.failedAtLook)" end), ended by \(.endedBy // "-")",
    "    \(.explanation)",
    "    look verdict       this look: canary bad/req baseline      total: canary     baseline        e-value",
    (.looks[-6:][] | .look as $n | .verdict as $v | .metrics[] | select(.metric == "errors") |
      "    \($n | tostring | pad(4)) \($v | pad(13)) \(frac(.look.canary) | pad(21)) \(frac(.look.baseline) | pad(13)) \(frac(.canary) | pad(11)) \(frac(.baseline) | pad(15)) \(if .eValue == null then "-" else (.eValue * 100 | round / 100 | tostring) end)")' <<<"$json"
}

release_c_result() {
  echo "C $C_ID: rolled_back ($C_REASON): $C_MESSAGE"
  echo "  drift onset (canary 2% -> 7%) -> HAProxy canary weight 0 seen: $(( c_weight0_ms - c_onset_ms )) ms; -> state rolled_back seen: $(( C_DONE_MS - c_onset_ms )) ms (polling every 0.5 s)"
  echo "  checked outside Tollgate: HAProxy canary weight $C_CW / stable $C_SW; Unleash flag checkout-v152 enabled=$C_FLAG"
}
