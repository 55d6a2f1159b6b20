#!/usr/bin/env bash
# Installs what the Argo Rollouts end-to-end test (gate-service's ArgoRolloutsControllerE2eTest) runs besides
# etcd, kube-apiserver and kube-controller-manager (scripts/k8s-tools.sh), all from the Go module proxy, into
# version-keyed folders of the git-ignored .tools/:
#   .tools/k8s/kwok-v0.8.0/kwok                         simulated nodes and kubelets (pods go Running, no containers)
#   .tools/k8s/argo-rollouts-v1.9.1/rollouts-controller the real Argo Rollouts controller (wrapper module
#                                                       scripts/kubernetes/argo/, which copies Argo's replace block)
#   .tools/k8s/crds/argo-rollouts-v1.9.1/               Argo's CRDs (module zip github.com/argoproj/argo-rollouts)
# What is there already is kept (a module-version check with `go version -m`, well under a second); what is missing
# is built and its cold build time printed: kwok ~256 CPU-s, rollouts-controller ~520 CPU-s on an idle 2-core machine.
#
# scripts/bootstrap.sh --for-tests runs this after scripts/k8s-tools.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KWOK_VERSION="v0.8.0"
ARGO_ROLLOUTS_VERSION="v1.9.1"

[[ $# -eq 0 ]] || die "usage: scripts/argo-tools.sh (no arguments)"
require_cmd go "the Go toolchain builds kwok and the Argo Rollouts controller from the Go module proxy (Go 1.26+)"

# built_from BINARY MODULE VERSION: true when BINARY's build information names MODULE at VERSION (main or dependency).
built_from() {
  local info
  [[ -x "$1" ]] || return 1
  info="$(go version -m "$1" 2>/dev/null)" || return 1
  grep -Eq "^[[:space:]]+(mod|dep)[[:space:]]+$2[[:space:]]+$3([[:space:]]|$)" <<<"$info"
}

kwok_dir="$TOLLGATE_TOOLS/k8s/kwok-$KWOK_VERSION"
kwok="$kwok_dir/kwok"
if ! built_from "$kwok" sigs.k8s.io/kwok "$KWOK_VERSION"; then
  echo "tollgate: installing kwok $KWOK_VERSION into $kwok_dir (first run only, ~256 CPU-s)" >&2
  started=$SECONDS
  rm -rf "$kwok_dir.building" && mkdir -p "$kwok_dir.building"
  GOBIN="$kwok_dir.building" nice -n 10 go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >&2 \
    || { rm -rf "$kwok_dir.building"; die "go install sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION failed (see the error above)"; }
  rm -rf "$kwok_dir" && mv "$kwok_dir.building" "$kwok_dir"
  echo "tollgate: built kwok $KWOK_VERSION in $((SECONDS - started)) s (cold build)" >&2
fi
built_from "$kwok" sigs.k8s.io/kwok "$KWOK_VERSION" || die "$kwok is not kwok $KWOK_VERSION"

argo_dir="$TOLLGATE_TOOLS/k8s/argo-rollouts-$ARGO_ROLLOUTS_VERSION"
argo="$argo_dir/rollouts-controller"
if ! built_from "$argo" github.com/argoproj/argo-rollouts "$ARGO_ROLLOUTS_VERSION"; then
  mkdir -p "$argo_dir"
  build_into "$argo" "Argo Rollouts rollouts-controller $ARGO_ROLLOUTS_VERSION" "$TOLLGATE_ROOT/scripts/kubernetes/argo" \
    -ldflags "-X github.com/argoproj/argo-rollouts/utils/version.version=${ARGO_ROLLOUTS_VERSION#v}" \
    github.com/argoproj/argo-rollouts/cmd/rollouts-controller
fi
built_from "$argo" github.com/argoproj/argo-rollouts "$ARGO_ROLLOUTS_VERSION" \
  || die "$argo is not the Argo Rollouts controller $ARGO_ROLLOUTS_VERSION"

argo_crds="$TOLLGATE_TOOLS/k8s/crds/argo-rollouts-$ARGO_ROLLOUTS_VERSION"
if [[ ! -f "$argo_crds/.complete" ]]; then
  src="$(module_dir "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION")/manifests/crds"
  [[ -d "$src" ]] || die "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION has no manifests/crds"
  rm -rf "$argo_crds" && mkdir -p "$argo_crds"
  cp "$src"/*-crd.yaml "$argo_crds/" && chmod u+w "$argo_crds"/*.yaml
  touch "$argo_crds/.complete"
fi
