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
