package io.tollgate.playground;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tollgate.testsupport.Backend;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One route the router follows: it reads the route's weights from the API server ({@link #poll}, every 500 ms; for an
 * HTTPRoute it then reports the new generation accepted in the route's status, see {@link RouteStatus}), splits
 * the requests it is given between the stable and canary backends by those weights (smooth: the canary's share of any
 * run of requests is within one request of its weight), and counts what each backend answered under the metric names
 * the route's data plane exports ({@link #render}).
 */
final class FollowedRoute {
    /** Histogram bounds in seconds (10 buckets, 5 ms .. 5 s). */
    static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    final RouteKind kind;
    final String namespace;
    final String name;
    private final String rule;
    private final Map<String, Backend> backends; // stable first, then canary, by destination name
    private final String stable;
    private final String canary;
    private final SideStats stableStats = new SideStats(BOUNDS);
    private final SideStats canaryStats = new SideStats(BOUNDS);
    private volatile long[] weights = {1, 0};
    private volatile long generation = -1;
    private long acceptedGeneration = -1; // HTTPRoute only: the generation whose acceptance is in status (RouteStatus)
    private volatile String lastProblem;
    private double canaryCredit;

    FollowedRoute(RouteKind kind, String namespace, String name, String rule, String stable, Backend stableBackend, String canary,
            Backend canaryBackend) {
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.rule = rule;
        this.stable = stable;
        this.canary = canary;
        this.backends = Map.of(stable, stableBackend, canary, canaryBackend);
    }

    /**
     * Reads the route and takes its weights; a route that cannot be read (or has lost its rule) leaves the last weights
     * in effect, as a data plane keeps its last good configuration.
     */
    void poll(KubernetesClient admin) {
        try {
            var r = admin.genericKubernetesResources(kind.apiVersion, kind.kind).inNamespace(namespace).withName(name).get();
            Objects.requireNonNull(r, "the route does not exist");
            long gen = r.getMetadata().getGeneration();
            if (gen != generation) {
                Map<?, ?> spec = r.get("spec");
                long[] w = kind.weights(spec, rule, stable, canary);
                weights = w;
                generation = gen;
                log("%s %s/%s generation %d: %s %d, %s %d", kind.kind, namespace, name, gen, stable, w[0], canary, w[1]);
            }
            if (kind == RouteKind.HTTP_ROUTE && acceptedGeneration != gen) {
                try {
                    RouteStatus.accept(admin, kind, r, gen);
                    acceptedGeneration = gen;
                } catch (RuntimeException e) {
                    log("%s %s/%s status not written (tried again at the next poll): %s", kind.kind, namespace, name, e.getMessage());
                }
            }
            lastProblem = null;
        } catch (RuntimeException e) {
            if (!Objects.equals(lastProblem, e.getMessage())) {
                log("%s %s/%s not read (last weights stay): %s", kind.kind, namespace, name, e.getMessage());
            }
            lastProblem = e.getMessage();
        }
    }

    /** The next request's destination, by the weights in effect. */
    LoadGenerator.Destination next() {
        boolean toCanary;
        long[] w = weights;
        synchronized (this) {
            long total = w[0] + w[1];
            canaryCredit += total == 0 ? 0 : (double) w[1] / total;
            toCanary = canaryCredit >= 1 - 1e-9;
            if (toCanary) {
                canaryCredit -= 1;
            }
        }
        Backend backend = backends.get(toCanary ? canary : stable);
        SideStats stats = toCanary ? canaryStats : stableStats;
        URI uri = URI.create("http://" + backend.hostPort() + "/");
        return new LoadGenerator.Destination() {
            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public void answered(int status, long nanos) {
                stats.record(status, nanos);
            }
        };
    }

    /** {@code GET /traffic?route=NAME}: per destination the router's own counts and the weight it routes by. */
    Map<String, Object> traffic() {
        long[] w = weights;
        var body = new LinkedHashMap<String, Object>();
        body.put("route", kind.kind + " " + namespace + "/" + name);
        body.put("generation", generation);
        body.put("stable", Map.of("destination", stable, "responses", stableStats.responses(), "errors5xx", stableStats.errors5xx(),
                "weight", w[0]));
        body.put("canary", Map.of("destination", canary, "responses", canaryStats.responses(), "errors5xx", canaryStats.errors5xx(),
                "weight", w[1]));
        return body;
    }

    /** The family names a data plane of this kind exports: requests counter, then latency histogram. */
    static String[] families(RouteKind kind) {
        return kind == RouteKind.HTTP_ROUTE ? new String[] {"http_requests_total", "http_request_duration_seconds"}
                : new String[] {"istio_requests_total", "istio_request_duration_milliseconds"};
    }

    /**
     * Appends one family ({@code histogram} false: requests, true: latency) of what a data plane in front of these backends
     * exports: for an HTTPRoute {@code http_requests_total{namespace,service,code}} and {@code http_request_duration_seconds}
     * per backend Service (the selectors docs/adapters.md gives as the gateway-api example); for a VirtualService Istio's
     * standard {@code istio_requests_total} and {@code istio_request_duration_milliseconds} as the destination's sidecar
     * reports them (workload named like the host).
     */
    void render(StringBuilder sb, boolean histogram) {
        String[] names = families(kind);
        for (String side : new String[] {stable, canary}) {
            SideStats stats = side.equals(stable) ? stableStats : canaryStats;
            String labels = kind == RouteKind.HTTP_ROUTE ? "namespace=\"" + namespace + "\",service=\"" + side + "\""
                    : "reporter=\"destination\",destination_workload_namespace=\"" + namespace + "\",destination_workload=\""
                            + side + "\",destination_service_name=\"" + side + "\"";
            if (histogram) {
                stats.renderHistogram(sb, names[1], kind == RouteKind.HTTP_ROUTE ? 1 : 1000, labels);
            } else {
                stats.renderCounts(sb, names[0], kind == RouteKind.HTTP_ROUTE ? "code" : "response_code", labels);
            }
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("router: " + format + "%n", args);
    }
}
