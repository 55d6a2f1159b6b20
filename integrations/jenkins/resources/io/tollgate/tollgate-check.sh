#!/usr/bin/env bash
# The shell part of the Jenkins shared-library step tollgateCheck (vars/tollgateCheck.groovy): one gate check
# carrying the build's own commit (GIT_COMMIT), build (BUILD_TAG) and author (CHANGE_AUTHOR on pull requests, else
# the commit's author from git). The reasons go to the console log; the outcome and decision id are written to
# TOLLGATE_RESULT_FILE (default tollgate-result.properties) for the step to read; a deny or a hold is a non-zero exit.
#
# Variables: TOLLGATE_URL, TOLLGATE_TOKEN (withCredentials), TOLLGATE_SERVICE, TOLLGATE_VERSION, TOLLGATE_ENVIRONMENT,
# TOLLGATE_STAGE; optional TOLLGATE_PREVIOUS_STAGE, TOLLGATE_APPROVALS and TOLLGATE_LABELS (comma separated),
# TOLLGATE_WAIT (e.g. 10m), TOLLGATE_CLI (default: tollgate on PATH). Exit code: the CLI's (0 allow, 1 deny, 2 hold,
# 3 error).
set -uo pipefail

need() { [[ -n "${!1:-}" ]] || { echo "tollgate: $1 is not set ($2)"; exit 3; }; }
need TOLLGATE_SERVICE "service:"; need TOLLGATE_VERSION "version:"; need TOLLGATE_ENVIRONMENT "environment:"; need TOLLGATE_STAGE "stage:"
need GIT_COMMIT "check out with the git plugin, or pass commit:"; need BUILD_TAG "run inside Jenkins"

author="${TOLLGATE_AUTHOR:-${CHANGE_AUTHOR:-}}"
if [[ -z "$author" ]] && git rev-parse --git-dir >/dev/null 2>&1; then
  author="$(git log -1 --format=%an "$GIT_COMMIT" 2>/dev/null || true)"
fi
[[ -n "$author" ]] || { echo "tollgate: cannot tell the change's author: pass author: (or set CHANGE_AUTHOR)"; exit 3; }
export TOLLGATE_COMMIT="${TOLLGATE_COMMIT:-$GIT_COMMIT}"
export TOLLGATE_PIPELINE="${TOLLGATE_PIPELINE:-$BUILD_TAG}"
export TOLLGATE_AUTHOR="$author"

cli="${TOLLGATE_CLI:-tollgate}"
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
message="$(grep '^tollgate: ' "$log" | tail -n1 || true)"
printf 'outcome=%s\ndecisionId=%s\nmessage=%s\n' "$outcome" "$decision" "${message#tollgate: }" > "${TOLLGATE_RESULT_FILE:-tollgate-result.properties}"
exit "$code"
