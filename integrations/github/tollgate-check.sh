#!/usr/bin/env bash
# The shell part of the Tollgate GitHub Action (action.yml beside this file): one gate check carrying the
# workflow run's own commit (GITHUB_SHA), run (GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) and actor
# (GITHUB_ACTOR). The reasons go to the log; a deny or a hold fails the step with an error annotation; the
# outcome and decision id go to the step outputs and the job summary.
#
# The action sets TOLLGATE_URL, TOLLGATE_TOKEN and the check's TOLLGATE_* variables from its inputs (the CLI reads
# them: docs/cli.md); TOLLGATE_CLI names the tollgate command (default: on PATH, else this repository's
# bin/tollgate). Exit code: the CLI's (0 allow, 1 deny, 2 hold, 3 error).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for v in GITHUB_SHA GITHUB_RUN_ID GITHUB_ACTOR; do
  [[ -n "${!v:-}" ]] || { echo "::error title=Tollgate::$v is not set: run inside GitHub Actions"; exit 3; }
done
export TOLLGATE_COMMIT="${TOLLGATE_COMMIT:-$GITHUB_SHA}"
export TOLLGATE_PIPELINE="${TOLLGATE_PIPELINE:-${GITHUB_REPOSITORY:-github}/actions/runs/$GITHUB_RUN_ID/attempts/${GITHUB_RUN_ATTEMPT:-1}}"
export TOLLGATE_AUTHOR="${TOLLGATE_AUTHOR:-$GITHUB_ACTOR}"
cli="${TOLLGATE_CLI:-}"
[[ -n "$cli" ]] || { command -v tollgate >/dev/null 2>&1 && cli=tollgate; } || cli="$here/../../bin/tollgate"

log="$(mktemp)"; result="$(mktemp)"
trap 'rm -f "$log" "$result"' EXIT
echo "outcome=error" > "$result"
"$cli" check --result-file "$result" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
outcome="$(sed -n 's/^outcome=//p' "$result")"
decision="$(sed -n 's/^decisionId=//p' "$result")"

[[ -z "${GITHUB_OUTPUT:-}" ]] || printf 'outcome=%s\ndecision-id=%s\n' "$outcome" "$decision" >> "$GITHUB_OUTPUT"
what="${TOLLGATE_SERVICE:-?} ${TOLLGATE_VERSION:-?} → ${TOLLGATE_ENVIRONMENT:-?}/${TOLLGATE_STAGE:-?}"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  { echo "### Tollgate: $outcome — $what"; echo; echo '```'; cat "$log"; echo '```'; } >> "$GITHUB_STEP_SUMMARY"
fi
if (( code != 0 )); then
  # The reasons block (or the error line) as one annotation; workflow commands escape %, CR and LF.
  detail="$(grep '^  \|^tollgate: ' "$log" | sed 's/^ *//')"
  detail="${detail//'%'/'%25'}"; detail="${detail//$'\r'/'%0D'}"; detail="${detail//$'\n'/'%0A'}"
  echo "::error title=Tollgate: $outcome::$what: $outcome${decision:+ (decision $decision)}%0A$detail"
fi
exit "$code"
