#!/usr/bin/env bash
# The shell part of the GitLab CI template (tollgate.gitlab-ci.yml beside this file): one gate check carrying the
# pipeline's own commit (CI_COMMIT_SHA), pipeline (CI_PROJECT_PATH, CI_PIPELINE_ID) and user (GITLAB_USER_LOGIN).
# The reasons go to the job log; a deny or a hold fails the job. The outcome and decision id are written as a
# dotenv report (TOLLGATE_DOTENV, default tollgate.env) for later jobs.
#
# The job's variables TOLLGATE_URL, TOLLGATE_TOKEN (masked) and the check's TOLLGATE_* variables are read by the CLI
# (docs/cli.md); TOLLGATE_CLI names the tollgate command (default: on PATH, else this repository's bin/tollgate).
# Exit code: the CLI's (0 allow, 1 deny, 2 hold, 3 error).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
red=$'\e[31;1m'; green=$'\e[32;1m'; plain=$'\e[0m'

for v in CI_COMMIT_SHA CI_PIPELINE_ID GITLAB_USER_LOGIN; do
  [[ -n "${!v:-}" ]] || { echo "${red}tollgate: $v is not set: run inside GitLab CI${plain}"; exit 3; }
done
export TOLLGATE_COMMIT="${TOLLGATE_COMMIT:-$CI_COMMIT_SHA}"
export TOLLGATE_PIPELINE="${TOLLGATE_PIPELINE:-${CI_PROJECT_PATH:-gitlab}/-/pipelines/$CI_PIPELINE_ID}"
export TOLLGATE_AUTHOR="${TOLLGATE_AUTHOR:-$GITLAB_USER_LOGIN}"
cli="${TOLLGATE_CLI:-}"
[[ -n "$cli" ]] || { command -v tollgate >/dev/null 2>&1 && cli=tollgate; } || cli="$here/../../bin/tollgate"

echo "tollgate check: commit $TOLLGATE_COMMIT, pipeline $TOLLGATE_PIPELINE, author $TOLLGATE_AUTHOR"
result="$(mktemp)"
trap 'rm -f "$result"' EXIT
echo "outcome=error" > "$result"
"$cli" check --result-file "$result" 2>&1
code=$?
outcome="$(sed -n 's/^outcome=//p' "$result")"
decision="$(sed -n 's/^decisionId=//p' "$result")"
printf 'TOLLGATE_OUTCOME=%s\nTOLLGATE_DECISION_ID=%s\n' "$outcome" "$decision" > "${TOLLGATE_DOTENV:-tollgate.env}"

if (( code == 0 )); then
  echo "${green}Tollgate: allowed${plain}"
else
  echo "${red}Tollgate: $outcome${decision:+ (decision $decision)}: the job fails${plain}"
fi
exit "$code"
