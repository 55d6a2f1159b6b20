package io.tollgate.adapter.istio;

import io.tollgate.adapter.AdapterProvider;
import io.tollgate.adapter.AdapterSection;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.kubernetes.KubernetesAccess;
import io.tollgate.adapter.kubernetes.QueryTemplates;
import io.tollgate.adapter.kubernetes.ReconcileWait;

/**
 * The {@code istio} adapter type: binds {@code adapters.<name>} (the Kubernetes access keys of
 * {@link KubernetesAccess#bind}, {@code httpRoute}, {@code requireReconciled}, {@code reconcileTimeout}, {@code metrics})
 * and creates a {@link VirtualServiceTrafficRouter}.
 * Canary metrics default to Istio's standard metrics as the destination's sidecar reports them ({@link #STANDARD_METRICS});
 * {@code metrics} may replace any template.
 */
public final class IstioProvider implements AdapterProvider {
    private static final String WORKLOAD = "reporter=\"destination\",destination_workload_namespace=\"{namespace}\","
            + "destination_workload=\"{destination}\"";
    /**
     * Istio's standard metrics ({@code istio_requests_total}, {@code istio_request_duration_milliseconds}) of the
     * workload named like the destination, as its own sidecar reports them; errors are 5xx response codes. The
     * namespace is the adapter's.
     */
    public static final QueryTemplates STANDARD_METRICS = new QueryTemplates(
            "istio_requests_total{" + WORKLOAD + "}",
            "istio_requests_total{" + WORKLOAD + ",response_code=~\"5..\"}",
            "istio_request_duration_milliseconds_count{" + WORKLOAD + "}",
            "istio_request_duration_milliseconds_bucket{" + WORKLOAD + ",le=\"{le}\"}",
            "milliseconds", null);

    @Override
    public String type() {
        return VirtualServiceTrafficRouter.TYPE;
    }

    @Override
    public TrafficAdapter configure(AdapterSection section) {
        section.only(KubernetesAccess.keysWith("httpRoute", "requireReconciled", "reconcileTimeout", "metrics"));
        var access = KubernetesAccess.bind(section);
        String httpRoute = section.text("httpRoute", null);
        if (httpRoute != null && httpRoute.isBlank()) {
            throw section.problem("httpRoute", "must not be blank");
        }
        if (access.namespace() == null) {
            // The metric templates name the namespace; the routes' namespace must then be explicit too.
            throw section.problem("namespace", "required (the VirtualServices' namespace; the Istio metrics are filtered by it)");
        }
        boolean requireReconciled = section.bool("requireReconciled", false);
        var config = new IstioConfig(access, httpRoute, requireReconciled,
                ReconcileWait.timeout(section, "requireReconciled", requireReconciled, "reconcileTimeout"));
        return new Instance(config, QueryTemplates.bind(section, STANDARD_METRICS, access.namespace()));
    }

    /** One configured cluster and http route. */
    record Instance(IstioConfig config, CanaryQueries queries) implements TrafficAdapter {
        @Override
        public TrafficRouter create() {
            return new VirtualServiceTrafficRouter(config);
        }
    }
}
