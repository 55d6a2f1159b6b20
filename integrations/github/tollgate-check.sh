#!/usr/bin/env bash
# The shell part of the Tollgate GitHub Action (action.yml beside this file): one gate check carrying the
# workflow run's own commit (GITHUB_SHA), run (GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) and actor
# (GITHUB_ACTOR). The reasons go to the log; a deny or a hold fails the step with an error annotation; the
# outcome and decision id go to the step outputs and the job summary.
#
# Inputs (the action sets them from its inputs): TOLLGATE_URL, TOLLGATE_TOKEN, TOLLGATE_SERVICE, TOLLGATE_VERSION,
# TOLLGATE_ENVIRONMENT, TOLLGATE_STAGE; optional TOLLGATE_PREVIOUS_STAGE, TOLLGATE_APPROVALS and TOLLGATE_LABELS
# (comma separated), TOLLGATE_WAIT (e.g. 10m), TOLLGATE_CLI (the tollgate command; default: on PATH, else this
# repository's bin/tollgate). Exit code: the CLI's (0 allow, 1 deny, 2 hold, 3 error).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

need() { [[ -n "${!1:-}" ]] || { echo "::error title=Tollgate::$1 is not set ($2)"; exit 3; }; }
need TOLLGATE_SERVICE "input service"; need TOLLGATE_VERSION "input version"
need TOLLGATE_ENVIRONMENT "input environment"; need TOLLGATE_STAGE "input stage"
need GITHUB_SHA "run inside GitHub Actions"; need GITHUB_RUN_ID "run inside GitHub Actions"; need GITHUB_ACTOR "run inside GitHub Actions"

export TOLLGATE_COMMIT="${TOLLGATE_COMMIT:-$GITHUB_SHA}"
export TOLLGATE_PIPELINE="${TOLLGATE_PIPELINE:-${GITHUB_REPOSITORY:-github}/actions/runs/$GITHUB_RUN_ID/attempts/${GITHUB_RUN_ATTEMPT:-1}}"
export TOLLGATE_AUTHOR="${TOLLGATE_AUTHOR:-$GITHUB_ACTOR}"

cli="${TOLLGATE_CLI:-}"
[[ -n "$cli" ]] || { command -v tollgate >/dev/null 2>&1 && cli=tollgate; } || cli="$here/../../bin/tollgate"

args=(check --service "$TOLLGATE_SERVICE" --version "$TOLLGATE_VERSION" --environment "$TOLLGATE_ENVIRONMENT" --stage "$TOLLGATE_STAGE")
[[ -n "${TOLLGATE_PREVIOUS_STAGE:-}" ]] && args+=(--previous-stage "$TOLLGATE_PREVIOUS_STAGE")
approvals="${TOLLGATE_APPROVALS:-}"; labels="${TOLLGATE_LABELS:-}"
set -f  # split on commas and spaces, never glob
for a in ${approvals//,/ }; do args+=(--approval "$a"); done
for l in ${labels//,/ }; do args+=(--label "$l"); done
set +f
[[ -n "${TOLLGATE_WAIT:-}" ]] && args+=(--wait "$TOLLGATE_WAIT")

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$cli" "${args[@]}" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
decision="$(sed -n 's/^decision \([^ ]*\).*/\1/p' "$log" | tail -n1)"
case "$code" in 0) outcome=allow ;; 1) outcome=deny ;; 2) outcome=hold ;; *) outcome=error ;; esac

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  { echo "outcome=$outcome"; echo "decision-id=$decision"; } >> "$GITHUB_OUTPUT"
fi
what="$TOLLGATE_SERVICE $TOLLGATE_VERSION → $TOLLGATE_ENVIRONMENT/$TOLLGATE_STAGE"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  { echo "### Tollgate: $outcome — $what"; echo; echo '```'; cat "$log"; echo '```'; } >> "$GITHUB_STEP_SUMMARY"
fi
if (( code != 0 )); then
  # Workflow-command escaping: %, CR and LF.
  detail="$(grep '^  \|^tollgate: ' "$log" | sed 's/^ *//')"
  detail="${detail//'%'/'%25'}"; detail="${detail//$'\r'/'%0D'}"; detail="${detail//$'\n'/'%0A'}"
  echo "::error title=Tollgate: $outcome::$what: $outcome${decision:+ (decision $decision)}%0A$detail"
fi
exit "$code"
