#!/usr/bin/env bash
# Installs helm (v4, built from the Go module proxy) into the version-keyed folder .tools/helm/<version>/,
# where the chart's tests (deploy/helm/tollgate, HelmChartTest) look for it. Called by
# `scripts/bootstrap.sh --for-tests`; runs on its own too. Idempotent: when the binary there reports the
# wanted version it returns at once. First build about 3-6 minutes on 2 cores (helm pulls the k8s modules).
# Prints the binary's path on stdout (all else goes to stderr), so tests take the version from here alone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HELM_VERSION="v4.3.2"

helm_dir="$TOLLGATE_TOOLS/helm/$HELM_VERSION"
helm_bin="$helm_dir/helm"
# Capture first, then match (a pipe into grep -q under pipefail can fail at random; see bootstrap.sh).
helm_is_wanted() { local v; v="$("$helm_bin" version --template '{{.Version}}' 2>/dev/null)" && [[ "$v" == "$HELM_VERSION" ]]; }
if [[ -x "$helm_bin" ]] && helm_is_wanted; then
  echo "$helm_bin"
  exit 0
fi
require_cmd go "the Go toolchain builds helm (go install helm.sh/helm/v4/cmd/helm@$HELM_VERSION)"
echo "tollgate: installing helm $HELM_VERSION into $helm_dir (first run only, a few minutes)" >&2
mkdir -p "$helm_dir"
# helm stamps its version from ldflags in its own Makefile; without them `helm version` says v4-dev-ish
# values, so stamp it the same way (internal/version.version).
GOBIN="$helm_dir" GOFLAGS=-mod=mod go install \
  -ldflags "-X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
  "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" \
  >&2 || die "go install helm.sh/helm/v4/cmd/helm@$HELM_VERSION failed (see the error above)"
helm_is_wanted || die "$helm_bin does not report version $HELM_VERSION (got: $("$helm_bin" version 2>&1 || true))"
echo "$helm_bin"
