# Timeline helpers of scripts/demo.sh and scripts/demo-kubernetes.sh: follow one release by polling GET /v1/releases/{id}
# and print what happened, with the data plane's own per-destination counts from the playground's control API (HAProxy's,
# or the Kubernetes playground's router: TRAFFIC_PATH=/traffic?route=NAME, TRAFFIC_LABEL=router). Source it; do not run it.
# Needs: TG_URL, TG_VIEWER_TOKEN, PLAYGROUND_CONTROL_URL and control (set by the demo), curl, jq.
# shellcheck shell=bash

now_ms() { local t="${EPOCHREALTIME/./}"; echo $(( t / 1000 )); }

tg_get() { curl -sS --fail-with-body --max-time 5 -H "Authorization: Bearer $TG_VIEWER_TOKEN" "$TG_URL$1"; }

# traffic_counts: "<stable responses> <canary responses> <canary 5xx> <canary weight> <stable weight>" from the data plane.
traffic_counts() {
  curl -sS --fail --max-time 5 "$PLAYGROUND_CONTROL_URL${TRAFFIC_PATH:-/traffic}" \
    | jq -r '"\(.stable.responses) \(.canary.responses) \(.canary.errors5xx) \(.canary.weight) \(.stable.weight)"'
}

# history_lines JSON AFTER_SEQ: one readable line per history entry newer than AFTER_SEQ.
history_lines() {
  jq -r --argjson after "$2" '
    def pct(x): if x == null then "?" else "\(x)%" end;
    def codes: [(.reasons // [])[] | .code] | join(",");
    .history[] | select(.seq > $after) |
    "\(.seq)\t" + (
      if .kind == "gate" then "gate      \(.stage): \(.outcome) [\(codes)] decision \(.decisionId[0:8]) on_regression=\(.onRegression)"
      elif .kind == "transition" then "state     \(.from) -> \(.to) (\(.event)\(if .reasonCode then ": " + .reasonCode else "" end))"
        + (if .reason and .reasonCode then " " + .reason else "" end)
      elif .event == "apply_started" then "apply     \(.stage): apply #\(.applyCount + 1) started"
      elif .kind == "adapter" and (.event | endswith("_apply")) then "adapter   \(.event) \(.adapter) \(pct(.percent)): \(.result)"
      elif .kind == "adapter" and (.event | endswith("_verify")) then "adapter   \(.event) \(.adapter) want \(pct(.desired)), read back \(.observed)"
      elif .kind == "adapter" then "adapter   \(.event) \(.adapter // ""): \(.result // "") \(.observed // "")"
      elif .kind == "analysis" then "analysis  \(.stage) after \(.look) look\(if .look == 1 then "" else "s" end): \(.from // "none") -> \(.verdict): \(.explanation)"
      elif .event == "analysis_extended" then "analysis  \(.stage): inconclusive, bake extended to \(.bakeUntil)"
      elif .kind == "created" then "created   by \(.actor)"
      else "\(.kind)  \(.event // "")" end)' <<<"$1"
}

# follow_release ID TIMEOUT_S [HOOK]: prints the timeline until the release is promoted, failed or halted, or rolled
# back / aborted with its reset done (flag and weight read back 0), or TIMEOUT_S passes. Sets FOLLOW_STATE (last state
# seen), FOLLOW_JSON (last answer) and FOLLOW_FINAL_MS (when a final state was first seen, empty if never). HOOK, if
# given, is called with the release JSON after every poll (demo.sh injects the canary failure there).
follow_release() {
  local id="$1" timeout_s="$2" hook="${3:-}"
  local start last_seq=0 last_key="" last_print=-100000 json row key t elapsed share
  local s0 c0 e0 w0 s1 c1 e1 cw sw ds dc de
  start="$(now_ms)"
  read -r s0 c0 e0 w0 _ < <(traffic_counts) || true  # a failed read leaves zeros; the next row shows it
  FOLLOW_STATE="timeout" FOLLOW_FINAL_MS=""
  printf '\n%-8s %8s  %-11s %-10s %-14s %-16s %s\n' "time" "elapsed" "state" "stage" "flag % des/obs" "weight des/obs" "canary share since last row (${TRAFFIC_LABEL:-HAProxy})"
  while :; do
    t="$(now_ms)"
    elapsed=$(( t - start ))
    (( elapsed <= timeout_s * 1000 )) || return 0
    if ! json="$(tg_get "/v1/releases/$id")"; then
      printf '%-8s %7.1fs  (GET /v1/releases/%s failed: %s)\n' "$(date +%T)" "$(awk "BEGIN{print $elapsed/1000}")" "$id" "$json"
      sleep 1
      continue
    fi
    FOLLOW_JSON="$json"
    row="$(jq -r '[.state, .stage, "\(.flag.desiredPercent)/\(.flag.observedPercent)",
                   "\(.traffic.desiredCanaryWeight)/\(.traffic.observedCanaryWeight)"] | @tsv' <<<"$json")"
    IFS=$'\t' read -r FOLLOW_STATE stage flag weight <<<"$row"
    key="$FOLLOW_STATE|$stage|$flag|$weight"
    if [[ "$key" != "$last_key" ]] || (( t - last_print >= 5000 )); then
      read -r s1 c1 e1 cw sw < <(traffic_counts) || true
      ds=$(( s1 - s0 )); dc=$(( c1 - c0 )); de=$(( e1 - e0 ))
      share="$(awk -v c="$dc" -v s="$ds" -v e="$de" -v cw="$cw" -v sw="$sw" -v label="${TRAFFIC_LABEL:-HAProxy}" 'BEGIN {
        n = c + s; if (n == 0) { printf "no requests"; exit }
        printf "%5.1f%% of %d requests, canary 5xx %d (%s weights canary %d / stable %d)", 100*c/n, n, e, label, cw, sw }')"
      printf '%-8s %7.1fs  %-11s %-10s %-14s %-16s %s\n' "$(date +%T)" "$(awk "BEGIN{print $elapsed/1000}")" \
        "$FOLLOW_STATE" "$stage" "$flag" "$weight" "$share"
      s0=$s1; c0=$c1; e0=$e1
      last_key="$key"; last_print=$t
    fi
    while IFS=$'\t' read -r seq text; do
      [[ -n "$seq" ]] || continue
      printf '%28s↳ %s\n' "" "$text"
      last_seq=$seq
    done < <(history_lines "$json" "$last_seq")
    [[ -z "$hook" ]] || "$hook" "$json"
    case "$FOLLOW_STATE" in
      promoted|failed|halted) FOLLOW_FINAL_MS="${FOLLOW_FINAL_MS:-$t}"; return 0 ;;
      rolled_back|aborted)
        FOLLOW_FINAL_MS="${FOLLOW_FINAL_MS:-$t}"
        [[ "$flag" == 0/0 && "$weight" == 0/0 ]] && return 0 ;;  # else the reset is still running: keep watching
    esac
    sleep 0.5
  done
}

# inject_setup STAGE CONTROL_PATH NOTE [DELAY_MS]: arms inject_hook, a follow_release hook that, DELAY_MS (default 5000)
# after the release is first seen baking at STAGE, POSTs CONTROL_PATH to the playground's control API and prints NOTE;
# afterwards it notes when the data plane itself stops sending to the canary. Results: INJECT_ONSET_MS,
# INJECT_WEIGHT0_MS (empty if it never happened).
inject_setup() { INJECT_STAGE="$1" INJECT_PATH="$2" INJECT_NOTE="$3" INJECT_DELAY_MS="${4:-5000}" INJECT_ONSET_MS="" INJECT_WEIGHT0_MS="" INJECT_SEEN_MS=""; }
inject_hook() {
  local json="$1" state applied cw
  if [[ -n "$INJECT_ONSET_MS" ]]; then
    if [[ -z "$INJECT_WEIGHT0_MS" ]] && read -r _ _ _ cw _ < <(traffic_counts) && [[ "$cw" == 0 ]]; then INJECT_WEIGHT0_MS="$(now_ms)"; fi
    return 0
  fi
  state="$(jq -r .state <<<"$json")" applied="$(jq -r .appliedStage <<<"$json")"
  [[ "$state" == baking && "$applied" == "$INJECT_STAGE" ]] || return 0
  [[ -n "$INJECT_SEEN_MS" ]] || INJECT_SEEN_MS="$(now_ms)"
  (( $(now_ms) - INJECT_SEEN_MS >= INJECT_DELAY_MS )) || return 0
  control "$INJECT_PATH"
  INJECT_ONSET_MS="$(now_ms)"
  printf '%-8s %8s  *** %s\n' "$(date +%T)" "" "$INJECT_NOTE"
}
