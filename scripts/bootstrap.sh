#!/usr/bin/env bash
# Installs the tools Tollgate's build (and with --for-tests, its tests) need: OPA into the git-ignored
# .tools/ folder; with --for-tests also Prometheus and promtool (Debian package).
# Idempotent: a second run only checks versions and returns in well under a second.
# PostgreSQL needs no install: the embedded PostgreSQL comes from Maven Central.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for_tests=""
case "${1:-}" in
  --for-tests) for_tests=1 ;;
  "") ;;
  *) die "usage: scripts/bootstrap.sh [--for-tests]" ;;
esac

find_jdk
require_cmd mvn "install Apache Maven 3.8+ (Debian package 'maven')"

mkdir -p "$TOLLGATE_TOOLS/bin"
opa_bin="$TOLLGATE_TOOLS/bin/opa"
# Capture first, then match: `opa version | grep -q` under pipefail fails at random (grep exits at the
# first line, opa dies of SIGPIPE), which made every run reinstall OPA.
opa_is_wanted() { local v; v="$("$opa_bin" version 2>/dev/null)" && grep -q "^Version: ${OPA_VERSION#v}$" <<<"$v"; }
if [[ -x "$opa_bin" ]] && opa_is_wanted; then
  :
else
  require_cmd go "the Go toolchain builds OPA (go install github.com/open-policy-agent/opa@$OPA_VERSION)"
  echo "tollgate: installing opa $OPA_VERSION into $TOLLGATE_TOOLS/bin (first run only, about 2-3 minutes)" >&2
  GOBIN="$TOLLGATE_TOOLS/bin" GOFLAGS=-mod=mod go install "github.com/open-policy-agent/opa@$OPA_VERSION" \
    || die "go install github.com/open-policy-agent/opa@$OPA_VERSION failed (see the error above)"
fi
opa_is_wanted || die "$opa_bin is not OPA $OPA_VERSION"

# Prometheus and promtool (tests start the real binary; Debian's package is 2.42). The Debian
# package's service is never started: there is no systemd here, and policy-rc.d keeps it quiet elsewhere.
install_prometheus() {
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null \
      || die "'prometheus' and 'promtool' are missing: install the Debian package 'prometheus' as root (apt-get install -y --no-install-recommends prometheus)"
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "'prometheus' and 'promtool' are missing and apt-get is not available: install Prometheus 2.42+ (Debian package 'prometheus') so both are on PATH"
  echo "tollgate: installing the Debian package 'prometheus' (first run only)" >&2
  # The package index is refreshed only when the package is unknown to apt (fresh container).
  if ! apt-cache show prometheus >/dev/null 2>&1; then
    "${sudo[@]}" "${apt[@]}" update -qq || die "apt-get update failed (see the error above)"
  fi
  # A policy-rc.d that answers 101 keeps dpkg from starting the service where an init system exists.
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod 755 "$policy" && created_policy=1
  fi
  local rc=0
  "${sudo[@]}" "${apt[@]}" install -y -qq --no-install-recommends prometheus >/dev/null || rc=$?
  [[ -n "$created_policy" ]] && "${sudo[@]}" rm -f "$policy"
  (( rc == 0 )) || die "apt-get install prometheus failed (exit $rc; see the error above)"
}
[[ -n "$for_tests" ]] || exit 0
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  install_prometheus
fi
require_cmd prometheus "install the Debian package 'prometheus'"
require_cmd promtool "install the Debian package 'prometheus' (it ships promtool)"
