/**
 * The local playground behind {@code scripts/demo.sh}: one process that starts test-support's real components
 * (Unleash on an embedded PostgreSQL, a stable and a canary {@link io.tollgate.testsupport.Backend} behind HAProxy
 * with its Runtime API and server-state file, Prometheus scraping HAProxy, both backends and Tollgate), sends steady
 * traffic through HAProxy, and offers a small control API ({@link io.tollgate.playground.ControlServer}) to change
 * a backend's error ratio and latency and to read HAProxy's per-server counts. Nothing here is used by Tollgate
 * itself.
 */
package io.tollgate.playground;
