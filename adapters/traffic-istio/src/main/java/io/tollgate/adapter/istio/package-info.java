/**
 * The {@code istio} traffic adapter: {@link io.tollgate.adapter.istio.VirtualServiceTrafficRouter} sets the weights of
 * the stable and canary destinations of one http route of an Istio VirtualService ({@code networking.istio.io/v1})
 * with a JSON patch guarded by a {@code test} operation, checking what the CRD does not (weights within 0..100 that sum
 * to 100), and, where istiod writes status and {@code requireReconciled} is set, waiting for its {@code Reconciled}
 * condition ({@link io.tollgate.adapter.istio.IstioReconciled}). Canary metrics default to Istio's standard {@code istio_requests_total} and
 * {@code istio_request_duration_milliseconds}. Registered through {@link io.tollgate.adapter.istio.IstioProvider}.
 */
package io.tollgate.adapter.istio;
