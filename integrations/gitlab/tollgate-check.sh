#!/usr/bin/env bash
# The shell part of the GitLab CI template (tollgate.gitlab-ci.yml beside this file): one gate check carrying the
# pipeline's own commit (CI_COMMIT_SHA), pipeline (CI_PROJECT_PATH, CI_PIPELINE_ID) and user (GITLAB_USER_LOGIN).
# The reasons go to the job log; a deny or a hold fails the job. The outcome and decision id are written as a
# dotenv report (TOLLGATE_DOTENV, default tollgate.env) for later jobs.
#
# Variables: TOLLGATE_URL, TOLLGATE_TOKEN (a masked CI/CD variable), TOLLGATE_SERVICE, TOLLGATE_VERSION,
# TOLLGATE_ENVIRONMENT, TOLLGATE_STAGE; optional TOLLGATE_PREVIOUS_STAGE, TOLLGATE_APPROVALS and TOLLGATE_LABELS
# (comma separated), TOLLGATE_WAIT (e.g. 10m), TOLLGATE_CLI (default: tollgate on PATH, else this repository's
# bin/tollgate). Exit code: the CLI's (0 allow, 1 deny, 2 hold, 3 error).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
red=$'\e[31;1m'; green=$'\e[32;1m'; plain=$'\e[0m'

need() { [[ -n "${!1:-}" ]] || { echo "${red}tollgate: $1 is not set ($2)${plain}"; exit 3; }; }
need TOLLGATE_SERVICE "the service to check"; need TOLLGATE_VERSION "the version being released"
need TOLLGATE_ENVIRONMENT "the target environment"; need TOLLGATE_STAGE "the stage to enter"
need CI_COMMIT_SHA "run inside GitLab CI"; need CI_PIPELINE_ID "run inside GitLab CI"; need GITLAB_USER_LOGIN "run inside GitLab CI"

export TOLLGATE_COMMIT="${TOLLGATE_COMMIT:-$CI_COMMIT_SHA}"
export TOLLGATE_PIPELINE="${TOLLGATE_PIPELINE:-${CI_PROJECT_PATH:-gitlab}/-/pipelines/$CI_PIPELINE_ID}"
export TOLLGATE_AUTHOR="${TOLLGATE_AUTHOR:-$GITLAB_USER_LOGIN}"

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

echo "tollgate check: $TOLLGATE_SERVICE $TOLLGATE_VERSION → $TOLLGATE_ENVIRONMENT/$TOLLGATE_STAGE (commit $TOLLGATE_COMMIT, pipeline $TOLLGATE_PIPELINE, author $TOLLGATE_AUTHOR)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$cli" "${args[@]}" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
decision="$(sed -n 's/^decision \([^ ]*\).*/\1/p' "$log" | tail -n1)"
case "$code" in 0) outcome=allow ;; 1) outcome=deny ;; 2) outcome=hold ;; *) outcome=error ;; esac
printf 'TOLLGATE_OUTCOME=%s\nTOLLGATE_DECISION_ID=%s\n' "$outcome" "$decision" > "${TOLLGATE_DOTENV:-tollgate.env}"

if (( code == 0 )); then
  echo "${green}Tollgate: allowed${plain}"
else
  echo "${red}Tollgate: $outcome${decision:+ (decision $decision)}: the job fails${plain}"
fi
exit "$code"
