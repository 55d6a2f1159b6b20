#!/usr/bin/env bash
# Installs the tools Tollgate's build and tests need into the git-ignored .tools/ folder.
# Idempotent: a second run only checks versions and returns in well under a second.
# PostgreSQL needs no install: the embedded PostgreSQL comes from Maven Central.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

find_jdk
require_cmd mvn "install Apache Maven 3.8+ (Debian package 'maven')"

mkdir -p "$TOLLGATE_TOOLS/bin"
opa_bin="$TOLLGATE_TOOLS/bin/opa"
if [[ -x "$opa_bin" ]] && "$opa_bin" version 2>/dev/null | grep -q "^Version: ${OPA_VERSION#v}$"; then
  :
else
  require_cmd go "the Go toolchain builds OPA (go install github.com/open-policy-agent/opa@$OPA_VERSION)"
  echo "tollgate: installing opa $OPA_VERSION into $TOLLGATE_TOOLS/bin (first run only, about 2-3 minutes)" >&2
  GOBIN="$TOLLGATE_TOOLS/bin" GOFLAGS=-mod=mod go install "github.com/open-policy-agent/opa@$OPA_VERSION" \
    || die "go install github.com/open-policy-agent/opa@$OPA_VERSION failed (see the error above)"
fi
"$opa_bin" version | grep -q "^Version: ${OPA_VERSION#v}$" || die "$opa_bin is not OPA $OPA_VERSION"
