#!/usr/bin/env bash
# The shell part of the Jenkins shared-library step tollgateCheck (vars/tollgateCheck.groovy): one gate check
# carrying the build's own commit (GIT_COMMIT), build (BUILD_TAG) and author (CHANGE_AUTHOR on pull requests, else
# the commit's author from git). The reasons go to the console log; the CLI writes outcome, decision id and message
# to TOLLGATE_RESULT_FILE (default tollgate-result.properties) for the step to read; a deny or a hold is a non-zero
# exit.
#
# The step sets TOLLGATE_URL, TOLLGATE_TOKEN (withCredentials) and the check's TOLLGATE_* variables, which the CLI
# reads (docs/cli.md); TOLLGATE_CLI names the tollgate command (default: on PATH). Exit code: the CLI's (0 allow,
# 1 deny, 2 hold, 3 error).
set -uo pipefail

for v in GIT_COMMIT BUILD_TAG; do
  [[ -n "${!v:-}" ]] || { echo "tollgate: $v is not set: run inside Jenkins with the git plugin (or pass commit:)"; exit 3; }
done
author="${TOLLGATE_AUTHOR:-${CHANGE_AUTHOR:-}}"
if [[ -z "$author" ]] && git rev-parse --git-dir >/dev/null 2>&1; then
  author="$(git log -1 --format=%an "$GIT_COMMIT" 2>/dev/null || true)"
fi
[[ -n "$author" ]] || { echo "tollgate: cannot tell the change's author: pass author: (or set CHANGE_AUTHOR)"; exit 3; }
export TOLLGATE_COMMIT="${TOLLGATE_COMMIT:-$GIT_COMMIT}"
export TOLLGATE_PIPELINE="${TOLLGATE_PIPELINE:-$BUILD_TAG}"
export TOLLGATE_AUTHOR="$author"

result="${TOLLGATE_RESULT_FILE:-tollgate-result.properties}"
echo "outcome=error" > "$result"
exec "${TOLLGATE_CLI:-tollgate}" check --result-file "$result"
