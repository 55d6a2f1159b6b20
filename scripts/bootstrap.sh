#!/usr/bin/env bash
# Installs the tools Tollgate's build (and with --for-tests, its tests) need: OPA into the git-ignored
# .tools/ folder; with --for-tests also Prometheus and promtool and HAProxy (Debian packages) and
# unleash-server (npm, into .tools/unleash), Chromium and chromium-driver (Debian, for the console's browser tests),
# the Kubernetes control plane + CRDs (scripts/k8s-tools.sh), kwok and the Argo Rollouts controller
# (scripts/argo-tools.sh) and helm
# (scripts/helm-tools.sh); with --for-bench the
# load generators of bench/throughput.sh: wrk (Debian), vegeta (go install into .tools/bin), and psql +
# pgbench (Debian's PostgreSQL packages; pgbench ships with the server package).
# Idempotent: a second run only checks versions and returns in well under a second.
# PostgreSQL needs no install: the embedded PostgreSQL comes from Maven Central.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for_tests=""
for_bench=""
case "${1:-}" in
  --for-tests) for_tests=1 ;;
  --for-bench) for_bench=1 ;;
  "") ;;
  *) die "usage: scripts/bootstrap.sh [--for-tests | --for-bench]" ;;
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

# apt_install WHAT PACKAGE...: installs Debian packages (root, or passwordless sudo). Services the
# packages bring are never started: there is no systemd here, and policy-rc.d keeps them quiet elsewhere.
apt_install() {
  local what="$1"; shift
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null \
      || die "$what missing: install the Debian package(s) $* as root (apt-get install -y --no-install-recommends $*)"
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "$what missing and apt-get is not available: install the Debian package(s) $* (or equivalents) so they are on PATH"
  echo "tollgate: installing the Debian package(s) $* (first run only)" >&2
  # The package index is refreshed only when a package is unknown to apt (fresh container).
  local p
  for p in "$@"; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then
      "${sudo[@]}" "${apt[@]}" update -qq || die "apt-get update failed (see the error above)"
      break
    fi
  done
  # A policy-rc.d that answers 101 keeps dpkg from starting the service where an init system exists.
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod 755 "$policy" && created_policy=1
  fi
  local rc=0
  "${sudo[@]}" "${apt[@]}" install -y -qq --no-install-recommends "$@" >/dev/null || rc=$?
  [[ -n "$created_policy" ]] && "${sudo[@]}" rm -f "$policy"
  (( rc == 0 )) || die "apt-get install $* failed (exit $rc; see the error above)"
}

# install_unleash: the Unleash server the tests start (test-support's UnleashFixture), installed from npm
# into .tools/unleash from the package.json + package-lock.json pinned in test-support's resources (the
# fixture installs from the same files when it finds nothing, so the version is pinned in one place).
# Unleash 7.6+ needs Node 22; 7.5.x runs on Node 20. About 30 s and 190 MB on the first run; installs go
# to a staging directory and are moved into place only when npm succeeded.
install_unleash() {
  local pinned_dir="$TOLLGATE_ROOT/test-support/src/main/resources/io/tollgate/testsupport/unleash"
  local home="$TOLLGATE_TOOLS/unleash" wanted installed staging
  wanted="$(sed -n 's/.*"unleash-server": *"\([^"]*\)".*/\1/p' "$pinned_dir/package.json")"
  [[ -n "$wanted" ]] || die "no unleash-server version pinned in $pinned_dir/package.json"
  installed="$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' "$home/node_modules/unleash-server/package.json" 2>/dev/null || true)"
  [[ "$installed" == "$wanted" ]] && return 0
  require_cmd node "Node.js 20+ runs the Unleash server the tests start (Debian/NodeSource package 'nodejs')"
  require_cmd npm "npm installs unleash-server $wanted for the tests"
  echo "tollgate: installing unleash-server $wanted into $home (first run only, about 30 s)" >&2
  staging="$(mktemp -d "$TOLLGATE_TOOLS/unleash.installing-XXXXXX")"
  cp "$pinned_dir/package.json" "$pinned_dir/package-lock.json" "$staging/"
  if ! (cd "$staging" && npm install --no-audit --no-fund --omit=dev >npm-install.log 2>&1); then
    tail -n 20 "$staging/npm-install.log" >&2
    rm -rf "$staging"
    die "npm install of unleash-server $wanted failed (see the log above)"
  fi
  rm -rf "$home"
  mv "$staging" "$home"
}

if [[ -n "$for_bench" ]]; then
  VEGETA_VERSION="v12.13.0"
  # wrk (C, epoll) drives the max-throughput runs. It is closed-loop and cannot hold a constant rate,
  # and wrk2 (which can) is not packaged by Debian, so the fixed-rate run uses vegeta: an open-loop
  # constant-rate HTTP load generator in Go, installed from the Go module proxy like OPA.
  command -v wrk >/dev/null 2>&1 || apt_install "'wrk'" wrk
  # psql checks the embedded PostgreSQL's durability settings; pgbench runs the floor's inserts.
  if ! command -v psql >/dev/null 2>&1 || ! pgbench --version >/dev/null 2>&1; then
    apt_install "'psql' and 'pgbench'" postgresql-client postgresql
  fi
  vegeta_bin="$TOLLGATE_TOOLS/bin/vegeta"
  vegeta_is_wanted() { local v; v="$(go version -m "$vegeta_bin" 2>/dev/null)" && grep -q "mod[[:space:]]*github.com/tsenart/vegeta/v12[[:space:]]*$VEGETA_VERSION[[:space:]]" <<<"$v"; }
  if [[ ! -x "$vegeta_bin" ]] || ! vegeta_is_wanted; then
    require_cmd go "the Go toolchain builds vegeta (go install github.com/tsenart/vegeta/v12@$VEGETA_VERSION)"
    echo "tollgate: installing vegeta $VEGETA_VERSION into $TOLLGATE_TOOLS/bin (first run only, about 30 s)" >&2
    GOBIN="$TOLLGATE_TOOLS/bin" GOFLAGS=-mod=mod go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION" \
      || die "go install github.com/tsenart/vegeta/v12@$VEGETA_VERSION failed (see the error above)"
  fi
  vegeta_is_wanted || die "$vegeta_bin is not vegeta $VEGETA_VERSION"
  require_cmd wrk "install the Debian package 'wrk'"
  require_cmd psql "install the Debian package 'postgresql-client'"
  pgbench --version >/dev/null 2>&1 || die "'pgbench' is required: install the Debian package 'postgresql' (it ships pgbench)"
  exit 0
fi

[[ -n "$for_tests" ]] || exit 0
install_unleash
# Prometheus and promtool: tests start the real binary (Debian's package is 2.42).
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  apt_install "'prometheus' and 'promtool'" prometheus
fi
require_cmd prometheus "install the Debian package 'prometheus'"
require_cmd promtool "install the Debian package 'prometheus' (it ships promtool)"

# HAProxy (Debian 2.6, built with the Prometheus exporter): adapters/traffic-haproxy's tests run the real
# binary through test-support's HaproxyFixture. Its own function, so other tools' lines merge apart from it.
install_haproxy_for_tests() {
  command -v haproxy >/dev/null 2>&1 || apt_install "'haproxy'" haproxy
  require_cmd haproxy "install the Debian package 'haproxy'"
}
install_haproxy_for_tests

# Chromium and its WebDriver (Debian packages): the console's browser tests (console module) drive them through Selenium,
# with both paths given explicitly, so nothing is downloaded. Its own function, so other tools' lines merge apart from it.
install_chromium_for_tests() {
  if ! command -v chromedriver >/dev/null 2>&1 || [[ ! -x /usr/lib/chromium/chromium ]]; then
    apt_install "'chromium' and 'chromedriver'" chromium chromium-driver
  fi
  require_cmd chromedriver "install the Debian packages 'chromium' and 'chromium-driver'"
}
install_chromium_for_tests

# Kubernetes control plane (etcd + kube-apiserver, built from the Go module proxy) and the Gateway API and Istio CRDs:
# the traffic-gateway-api and traffic-istio adapter tests start them through test-support's KubeControlPlane. About 10
# minutes the first time (kube-apiserver), well under a second after. Its own function, so other tools' lines merge apart.
install_kubernetes_for_tests() {
  bash "$TOLLGATE_ROOT/scripts/k8s-tools.sh"
}
install_kubernetes_for_tests

# kwok and the Argo Rollouts controller + CRDs (Go module proxy, into .tools/k8s/): gate-service's
# ArgoRolloutsControllerE2eTest runs the shipped Argo example with the real controller. About 13 minutes the first
# time on 2 cores (kwok ~4, rollouts-controller ~9), well under a second after. Its own function, so other tools' lines merge apart.
install_argo_rollouts_for_tests() {
  bash "$TOLLGATE_ROOT/scripts/argo-tools.sh"
}
install_argo_rollouts_for_tests

# helm v4 (Go module proxy, into .tools/helm/<version>/): the chart's tests (deploy module) render and lint
# deploy/helm/tollgate with it. Its own script, so other tools' lines merge apart from it.
bash "$TOLLGATE_ROOT/scripts/helm-tools.sh" >/dev/null
