/**
 * The local playground behind {@code scripts/demo.sh}: one process that starts test-support's real components
 * (Unleash on an embedded PostgreSQL, a stable and a canary {@link io.tollgate.testsupport.Backend} behind HAProxy
 * with its Runtime API and server-state file, Prometheus scraping HAProxy, both backends and Tollgate), sends steady
 * traffic through HAProxy, and offers a small control API ({@link io.tollgate.playground.ControlServer}) to change
 * a backend's error ratio and latency and to read HAProxy's per-server counts.
 *
 * <p>{@link io.tollgate.playground.KubePlayground}, behind {@code scripts/demo-kubernetes.sh}, does the same on a real
 * kube-apiserver and etcd: an HTTPRoute and a VirtualService, four backends, and {@link io.tollgate.playground.KubeRouter},
 * which stands in for the data plane: it follows each route's weights from the API server
 * ({@link io.tollgate.playground.FollowedRoute}, read as {@link io.tollgate.playground.RouteKind} says each API does),
 * splits its load by them and exports Istio's and per-Service request metrics. Nothing here is used by Tollgate itself.
 */
package io.tollgate.playground;
