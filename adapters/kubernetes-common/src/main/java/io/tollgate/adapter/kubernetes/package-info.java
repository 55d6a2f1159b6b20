/**
 * What the Kubernetes traffic adapters share: {@link io.tollgate.adapter.kubernetes.KubernetesAccess} (kubeconfig or
 * in-cluster ServiceAccount, bound from an adapter section) and the fabric8 client it makes
 * ({@link io.tollgate.adapter.kubernetes.KubernetesClients}: no retries, the call timeout as deadline), JSON patches
 * guarded by {@code test} operations ({@link io.tollgate.adapter.kubernetes.JsonPatch}), API errors mapped once to
 * adapter results ({@link io.tollgate.adapter.kubernetes.ApiErrors}) and weight shares
 * ({@link io.tollgate.adapter.kubernetes.WeightShare}); {@link io.tollgate.adapter.kubernetes.RouteWeights} reads a route
 * and sets its split, {@link io.tollgate.adapter.kubernetes.RouteTrafficRouter} is the TrafficRouter both adapters
 * extend with their own judgement of the weights read, and {@link io.tollgate.adapter.kubernetes.ReconcileWait} binds
 * the keys that make a release wait for a controller to take a change up. No fabric8 type appears in an adapter's public API.
 */
package io.tollgate.adapter.kubernetes;
