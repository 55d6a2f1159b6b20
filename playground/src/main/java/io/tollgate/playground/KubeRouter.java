package io.tollgate.playground;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tollgate.testsupport.TextExporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The KubePlayground's stand-in for a data plane (no Envoy, no sidecars): it follows each route's weights as the API
 * server stores them (a GET every {@value #POLL_MS} ms), takes the load generator's requests in turn for each route and
 * sends each to the stable or canary backend by those weights, and exports what the backends answered on a
 * {@link TextExporter} (refreshed every {@value #EXPORT_MS} ms) for Prometheus to scrape.
 */
final class KubeRouter implements AutoCloseable {
    static final long POLL_MS = 500;
    static final long EXPORT_MS = 250;

    private final List<FollowedRoute> routes;
    private final AtomicLong turn = new AtomicLong();
    private final TextExporter exporter;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        var t = new Thread(r, "router");
        t.setDaemon(true);
        return t;
    });

    /** {@code exporter}: started before the router (Prometheus scrapes it from the start), filled by the router, closed by its owner. */
    KubeRouter(KubernetesClient admin, List<FollowedRoute> routes, TextExporter exporter) {
        this.routes = List.copyOf(routes);
        this.exporter = exporter;
        this.routes.forEach(r -> r.poll(admin)); // the first weights before any request is routed
        scheduler.scheduleWithFixedDelay(() -> this.routes.forEach(r -> r.poll(admin)), POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> exporter.setText(exposition()), 0, EXPORT_MS, TimeUnit.MILLISECONDS);
    }

    /** The next request's destination: the routes take turns, each route splits by its weights. */
    LoadGenerator.Destination next() {
        return routes.get((int) (turn.getAndIncrement() % routes.size())).next();
    }

    /** {@code GET /traffic?route=NAME} of the control API. */
    Object traffic(Map<String, String> query) {
        String name = query.get("route");
        if (name == null) {
            var all = new LinkedHashMap<String, Object>();
            routes.forEach(r -> all.put(r.name, r.traffic()));
            return all;
        }
        return routes.stream().filter(r -> r.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no route '" + name + "'; have "
                        + routes.stream().map(r -> r.name).toList()))
                .traffic();
    }

    String exposition() {
        var sb = new StringBuilder();
        for (RouteKind kind : RouteKind.values()) {
            String[] names = FollowedRoute.families(kind);
            for (int f = 0; f < 2; f++) {
                boolean histogram = f == 1;
                sb.append("# TYPE ").append(names[f]).append(histogram ? " histogram\n" : " counter\n");
                routes.stream().filter(r -> r.kind == kind).forEach(r -> r.render(sb, histogram));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
