#!/usr/bin/env bash
# Installs the Kubernetes pieces the adapter tests run against, all from the Go module proxy (no Docker, no
# downloads from anywhere else), into version-keyed folders of the git-ignored .tools/:
#   .tools/k8s/v1.37.2/etcd, kube-apiserver, kube-controller-manager   built from the wrapper modules in scripts/kubernetes/ (etcd36/, kas/)
#   .tools/k8s/crds/gateway-api-v1.6.3/       Gateway API standard-channel CRDs (module zip sigs.k8s.io/gateway-api)
#   .tools/k8s/crds/istio-v1.32.0/            Istio's VirtualService and DestinationRule CRDs (module zip istio.io/api)
# What is there already is kept (a version check, well under a second); what is missing is built and its cold
# build time printed. kube-apiserver cold: ~980 CPU-s and 2.4 GB RAM (about 10 minutes on 2 cores); kube-controller-manager
# ~335 CPU-s more (same build cache).
#
# scripts/bootstrap.sh --for-tests runs this; helm has its own script (scripts/helm-tools.sh).
#
# Why a wrapper module: `go install k8s.io/kubernetes/cmd/kube-apiserver@v1.37.2` is refused, because
# k8s.io/kubernetes's go.mod replaces its staging modules with its own tree; kas/go.mod requires k8s.io/kubernetes
# and replaces each staging module with its published v0.37.2. The version is stamped with -ldflags, or clients
# refuse the server's `v0.0.0-master+$Format:%H$`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K8S_VERSION="v1.37.2"
ETCD_VERSION="v3.6.16"
GATEWAY_API_VERSION="v1.6.3"
ISTIO_API_VERSION="v1.32.0"

[[ $# -eq 0 ]] || die "usage: scripts/k8s-tools.sh (no arguments)"

modules="$TOLLGATE_ROOT/scripts/kubernetes"
bin_dir="$TOLLGATE_TOOLS/k8s/$K8S_VERSION"
crd_dir="$TOLLGATE_TOOLS/k8s/crds"
mkdir -p "$bin_dir" "$crd_dir"

# build_into and module_dir are in lib.sh (scripts/argo-tools.sh uses them too).
etcd="$bin_dir/etcd"
etcd_is_wanted() { local v; v="$("$etcd" --version 2>/dev/null)" && grep -q "^etcd Version: ${ETCD_VERSION#v}$" <<<"$v"; }
if [[ ! -x "$etcd" ]] || ! etcd_is_wanted; then
  build_into "$etcd" "etcd $ETCD_VERSION" "$modules/etcd36" .
fi
etcd_is_wanted || die "$etcd is not etcd $ETCD_VERSION"

# The version stamp of kube-apiserver and kube-controller-manager (clients refuse `v0.0.0-master+$Format:%H$`).
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
k8s_version_ldflags="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"

kas="$bin_dir/kube-apiserver"
kas_is_wanted() { local v; v="$("$kas" --version 2>/dev/null)" && [[ "$v" == "Kubernetes $K8S_VERSION" ]]; }
if [[ ! -x "$kas" ]] || ! kas_is_wanted; then
  build_into "$kas" "kube-apiserver $K8S_VERSION" "$modules/kas" -ldflags "$k8s_version_ldflags" k8s.io/kubernetes/cmd/kube-apiserver
fi
kas_is_wanted || die "$kas is not kube-apiserver $K8S_VERSION"

# kube-controller-manager: same wrapper module and build cache as kube-apiserver (~335 CPU-s cold after it). The
# Argo Rollouts end-to-end test needs it: without it namespaces get no default ServiceAccount and ReplicaSets no pods.
kcm="$bin_dir/kube-controller-manager"
kcm_is_wanted() { local v; v="$("$kcm" --version 2>/dev/null)" && [[ "$v" == "Kubernetes $K8S_VERSION" ]]; }
if [[ ! -x "$kcm" ]] || ! kcm_is_wanted; then
  build_into "$kcm" "kube-controller-manager $K8S_VERSION" "$modules/kas" -ldflags "$k8s_version_ldflags" \
    k8s.io/kubernetes/cmd/kube-controller-manager
fi
kcm_is_wanted || die "$kcm is not kube-controller-manager $K8S_VERSION"

gateway_crds="$crd_dir/gateway-api-$GATEWAY_API_VERSION"
if [[ ! -f "$gateway_crds/.complete" ]]; then
  require_cmd go "the Go toolchain fetches the Gateway API CRDs (module sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION)"
  src="$(module_dir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")/config/crd/standard"
  [[ -d "$src" ]] || die "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION has no config/crd/standard"
  rm -rf "$gateway_crds" && mkdir -p "$gateway_crds"
  cp "$src"/*.yaml "$gateway_crds/" && chmod u+w "$gateway_crds"/*.yaml
  touch "$gateway_crds/.complete"
fi

istio_crds="$crd_dir/istio-$ISTIO_API_VERSION"
if [[ ! -f "$istio_crds/.complete" ]]; then
  require_cmd go "the Go toolchain fetches the Istio CRDs (module istio.io/api@$ISTIO_API_VERSION)"
  src="$(module_dir "istio.io/api@$ISTIO_API_VERSION")/kubernetes/customresourcedefinitions.gen.yaml"
  [[ -f "$src" ]] || die "istio.io/api@$ISTIO_API_VERSION has no kubernetes/customresourcedefinitions.gen.yaml"
  rm -rf "$istio_crds" && mkdir -p "$istio_crds"
  # The file holds every Istio CRD (1 MB); the adapters need two. Each document is kept whole, found by its name.
  for crd in virtualservices destinationrules; do
    awk -v want="name: $crd.networking.istio.io" '
      /^---[[:space:]]*$/ { if (keep) printf "%s", doc; doc = ""; keep = 0; next }
      { doc = doc $0 "\n"; if (index($0, want) && $0 ~ /^  name: /) keep = 1 }
      END { if (keep) printf "%s", doc }' "$src" > "$istio_crds/$crd.yaml"
    grep -q "kind: CustomResourceDefinition" "$istio_crds/$crd.yaml" \
      || die "no CRD $crd.networking.istio.io in $src"
  done
  touch "$istio_crds/.complete"
fi

