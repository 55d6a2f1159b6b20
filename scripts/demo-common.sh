# Process and port helpers shared by scripts/demo.sh and scripts/demo-kubernetes.sh. Source it; do not run it.
# Needs: DEMO_DIR (may be empty until the temp directory exists), fail (each demo's own, with its logs); start_tollgate and
# tollgate_config also TG_PORT, TG_URL, TG_CI_TOKEN, TG_VIEWER_TOKEN, PROMETHEUS_URL, JAVA_HOME.
# shellcheck shell=bash

say() { printf '\n== %s\n' "$*"; }

# stop_pid PID NAME GRACE_S: SIGTERM, wait up to GRACE_S, then SIGKILL to its process group (setsid made it leader).
stop_pid() {
  local pid="$1" name="$2" grace="$3" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  echo "demo: stopping $name (pid $pid)" >&2
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < grace * 5; i++ )); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "demo: $name did not stop within ${grace}s; killing its process group" >&2
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# An embedded PostgreSQL detaches into its own session (pg_ctl), so a killed JVM could leave one behind: stop any
# postmaster whose data directory is inside the demo directory (pid from postmaster.pid, checked to be postgres).
stop_orphan_postmasters() {
  local f pid i
  [[ -n "$DEMO_DIR" && -d "$DEMO_DIR" ]] || return 0
  while IFS= read -r f; do
    pid="$(head -n 1 "$f" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && grep -q postgres "/proc/$pid/comm" 2>/dev/null || continue
    echo "demo: stopping a PostgreSQL left running (pid $pid, $(dirname "$f"))" >&2
    kill -INT "$pid" 2>/dev/null || true
    for (( i = 0; i < 50; i++ )); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done < <(find "$DEMO_DIR" -name postmaster.pid 2>/dev/null)
}

free_port() {
  local p i
  for (( i = 0; i < 50; i++ )); do
    p=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port found on 127.0.0.1"
}

# Demo-only API tokens for Tollgate and their sha256 for its configuration.
token() { echo "tg_demo_$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; }
sha() { printf %s "$1" | sha256sum | cut -d' ' -f1; }

# tollgate_config ADAPTERS_YAML RELEASES_EXTRA_YAML: Tollgate's demo configuration on stdout: 127.0.0.1:$TG_PORT, its own
# embedded PostgreSQL in the demo directory, the demo tokens, $PROMETHEUS_URL (and SLO definitions from $TG_SLO_DIR if
# set), short release intervals, then the two
# arguments (extra lines of releases:, indented two spaces, and the adapters: section's lines).
tollgate_config() {
  cat <<EOF
server: {host: 127.0.0.1, port: $TG_PORT}
database: {dataDir: $DEMO_DIR/tollgate/postgres}
auth:
  devToken: false
  tokens:
    - {subject: demo-pipeline, role: ci, sha256: $(sha "$TG_CI_TOKEN")}
    - {subject: demo-viewer, role: viewer, sha256: $(sha "$TG_VIEWER_TOKEN")}
slo: {prometheusUrl: $PROMETHEUS_URL${TG_SLO_DIR:+, definitionsDir: $TG_SLO_DIR}}
audit:
  signingKeyFile: $DEMO_DIR/tollgate/audit-signing.key
  checkpointFile: $DEMO_DIR/tollgate/audit-checkpoints.jsonl
releases:
  strategiesFile: $DEMO_DIR/strategies.yaml
  lookInterval: 1s
  pollInterval: 250ms
  gateRetry: 2s
  gateTimeout: 30s
$2
adapters:
$1
EOF
}

# start_tollgate: launch_tollgate, then await_tollgate.
start_tollgate() { launch_tollgate; await_tollgate; }

# launch_tollgate: starts Tollgate with $DEMO_DIR/tollgate.yaml in its own process group (TOLLGATE_PID).
launch_tollgate() {
  setsid "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $TOLLGATE_JAVA_OPTS -Djava.io.tmpdir="$DEMO_DIR/tmp" \
    -jar gate-service/target/tollgate.jar --config "$DEMO_DIR/tollgate.yaml" >"$DEMO_DIR/tollgate.log" 2>&1 &
  TOLLGATE_PID=$!
}

# await_tollgate: waits up to 120 s until $TG_URL/health/ready answers; fail (the demo's) otherwise.
await_tollgate() {
  local deadline=$(( SECONDS + 120 ))
  until curl -sf --max-time 2 "$TG_URL/health/ready" >/dev/null 2>&1; do
    kill -0 "$TOLLGATE_PID" 2>/dev/null || fail "Tollgate exited during start-up"
    (( SECONDS < deadline )) || fail "Tollgate not ready within 120 s"
    sleep 0.5
  done
}

# await_env_file [FILE]: waits up to 180 s until the playground (PLAYGROUND_PID) wrote FILE (default
# $DEMO_DIR/playground.env), then sources it; for the default file also prints the playground's own lines.
await_env_file() {
  local file="${1:-$DEMO_DIR/playground.env}" deadline=$(( SECONDS + 180 ))
  until [[ -s "$file" ]]; do
    kill -0 "$PLAYGROUND_PID" 2>/dev/null || fail "the playground exited before it was ready"
    (( SECONDS < deadline )) || fail "the playground did not write $(basename "$file") within 180 s"
    sleep 0.5
  done
  # shellcheck disable=SC1090
  source "$file"
  [[ -n "${1:-}" ]] || grep '^playground:' "$DEMO_DIR/playground.log" | sed 's/^/  /'
}
