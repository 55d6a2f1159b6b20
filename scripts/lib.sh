# Shared helpers for Tollgate's scripts. Source it; do not run it.
# shellcheck shell=bash

TOLLGATE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOLLGATE_TOOLS="$TOLLGATE_ROOT/.tools"
OPA_VERSION="v1.22.2"

die() { echo "tollgate: $*" >&2; exit 1; }

# JVM options for every script that starts the service; set TOLLGATE_JAVA_OPTS to replace them (an empty
# value means none). G1 unloads classes in the remark pause of each concurrent cycle, and with the
# compiled Wasm policy's classes that pause took 8-22 ms, every few seconds under load (the largest
# part of the p99 at 500 checks/s). Without it, classes are unloaded only by a full collection, which
# the metaspace limit forces should discarded policy instances (timeouts, replays: about 3 MB each)
# pile up. See the "JVM options" item of docs/operations.md.
TOLLGATE_JAVA_OPTS="${TOLLGATE_JAVA_OPTS--XX:-ClassUnloadingWithConcurrentMark -XX:MaxMetaspaceSize=256m}"

# java_major <java-binary>: prints the feature version (17, 21, 25, ...) or nothing.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

# find_jdk: exports JAVA_HOME pointing at a JDK >= 21 (javac included), or stops with a clear message.
find_jdk() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  local d
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [[ -d "$d" ]] && candidates+=("$d")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local best="" best_major=0 home major
  for home in "${candidates[@]}"; do
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || continue
    major="$(java_major "$home/bin/java")"
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if (( major >= 21 && major > best_major )); then best="$home"; best_major=$major; fi
  done
  [[ -n "$best" ]] || die "no JDK >= 21 found (looked at \$JAVA_HOME, /usr/lib/jvm/*, /opt/java/*). Install a JDK 21+ or set JAVA_HOME to one."
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

require_cmd() { command -v "$1" >/dev/null 2>&1 || die "'$1' is required: $2"; }

# Used by the tool scripts that build Go binaries (scripts/k8s-tools.sh, scripts/argo-tools.sh).
# build_into TARGET WHAT MODULE_DIR GO_BUILD_ARGS...: builds into TARGET.building, moves it into place only when
# `go build` succeeded (an interrupted build leaves nothing that looks installed), and prints the cold build time.
build_into() {
  local target="$1" what="$2" module="$3"; shift 3
  require_cmd go "the Go toolchain builds $what from the Go module proxy (Go 1.26+)"
  echo "tollgate: building $what into $target (first run only; see scripts/k8s-tools.sh and scripts/argo-tools.sh for timings)" >&2
  local started=$SECONDS
  (cd "$module" && GOFLAGS=-mod=mod nice -n 10 go build -trimpath -o "$target.building" "$@") \
    || { rm -f "$target.building"; die "building $what failed (see the error above)"; }
  mv "$target.building" "$target"
  echo "tollgate: built $what in $((SECONDS - started)) s (cold build)" >&2
}

# module_dir MODULE@VERSION: the unpacked module zip in the Go module cache (downloaded through the proxy if absent).
module_dir() {
  local json dir
  json="$(GOFLAGS=-mod=mod go mod download -json "$1")" || die "go mod download $1 failed (see the error above)"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
  [[ -d "$dir" ]] || die "go mod download $1 gave no module directory: $json"
  echo "$dir"
}

