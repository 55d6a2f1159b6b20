#!/usr/bin/env bash
# Runs every test: the Rego unit tests (opa test) and the whole Maven build with its tests, which
# start real PostgreSQL, OPA and Prometheus processes themselves. Works on a fresh machine: installs
# OPA (go install) and Prometheus (Debian package, needs root or sudo) first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$TOLLGATE_ROOT/scripts/bootstrap.sh" --for-tests
find_jdk
cd "$TOLLGATE_ROOT"
opa="$TOLLGATE_TOOLS/bin/opa"

echo "== policies: opa check, opa fmt, opa test" >&2
"$opa" check --strict policies
unformatted="$("$opa" fmt --list policies)"
[[ -z "$unformatted" ]] || die "Rego not formatted (run: $opa fmt -w policies): $unformatted"
"$opa" test policies --verbose --coverage --format=json > /tmp/tollgate-opa-coverage.$$.json 2>/dev/null || true
"$opa" test policies
echo "policy coverage: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("coverage","?"))' /tmp/tollgate-opa-coverage.$$.json 2>/dev/null || echo '?')%" >&2
rm -f /tmp/tollgate-opa-coverage.$$.json

echo "== Java: mvn verify (JDK $JAVA_HOME)" >&2
mvn -B -ntp -Dopa.bin="$opa" verify
