#!/usr/bin/env bash
# Runs every test: the Rego unit tests (opa test), the whole Maven build with its tests, which
# start real PostgreSQL, OPA and Prometheus processes themselves, and then scripts/demo-kubernetes.sh
# (two releases on a real kube-apiserver, with the jars the build just made). Works on a fresh machine:
# installs OPA (go install) and Prometheus (Debian package, needs root or sudo) first.
#
#   scripts/test.sh          every test (what CI runs)
#   scripts/test.sh --fast   the inner loop: skips the tests tagged "live" (@Tag("live"): they start Tollgate
#                            processes, Unleash, HAProxy, Prometheus, or kill and stop real processes);
#                            domain, routing, policy and one-database tests still run; no demo
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
maven_filter=() fast=""
case "${1:-}" in
  "") ;;
  --fast) maven_filter=(-DexcludedGroups=live) fast=1 ;;
  *) die "usage: scripts/test.sh [--fast]" ;;
esac
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
mvn -B -ntp -Dopa.bin="$opa" "${maven_filter[@]}" verify

if [[ -z "$fast" ]]; then
  echo "== demo: scripts/demo-kubernetes.sh --no-build (releases on a real kube-apiserver; about 3-4 minutes on a busy 2-core machine)" >&2
  bash "$TOLLGATE_ROOT/scripts/demo-kubernetes.sh" --no-build
fi
