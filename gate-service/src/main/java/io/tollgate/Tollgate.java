package io.tollgate;

import io.helidon.webserver.WebServer;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.tollgate.audit.DecisionLog;
import io.tollgate.audit.JooqDecisionLog;
import io.tollgate.audit.JooqEventLog;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role;
import io.tollgate.adapter.prometheus.PrometheusConfig;
import io.tollgate.adapter.prometheus.PrometheusMetricsSource;
import io.tollgate.auth.TokenAuthenticator;
import io.tollgate.budget.SloCatalogHolder;
import io.tollgate.budget.SloEvaluator;
import io.tollgate.budget.SloMetrics;
import io.tollgate.budget.SloMonitor;
import io.tollgate.config.TollgateConfig;
import io.tollgate.db.Database;
import io.tollgate.gate.GateService;
import io.tollgate.http.ErrorMapping;
import io.tollgate.observability.GateMetrics;
import io.tollgate.observability.Tracing;
import io.tollgate.policy.PolicyEngine;
import io.tollgate.policy.PolicyEngines;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running Tollgate: every object built with {@code new} from the configuration, in one place,
 * and closed in reverse order. Tests start it exactly like {@link Main} does.
 */
public final class Tollgate implements AutoCloseable {
    private static final int AUDIT_MAX_BATCH = 256;
    private static final Duration AUDIT_MAX_BATCH_WAIT = Duration.ZERO;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final WebServer server;
    private final String devToken;
    private final GateService gates;

    private Tollgate(TollgateConfig config, Clock clock, List<SpanProcessor> spanProcessors) {
        try {
            var tracing = own(new Tracing(config.tracing(), spanProcessors));
            var metrics = new GateMetrics();
            Database database = own(Database.open(Settings.database(config.database())));
            var events = own(new JooqEventLog(database.dsl(), AUDIT_MAX_BATCH, AUDIT_MAX_BATCH_WAIT, metrics.auditBatches()));
            DecisionLog decisions = new JooqDecisionLog(events);
            PolicyEngine engine = own(PolicyEngines.create(Settings.policy(config.policy())));
            var auth = new TokenAuthenticator(config.auth());
            devToken = config.auth().devToken() && !auth.hasTokens() ? TokenAuthenticator.newToken() : null;
            if (devToken != null) {
                auth.register(devToken, new Principal("dev-admin", Role.ADMIN));
            }
            var slos = own(startSlos(config, metrics));
            gates = new GateService(engine, decisions, slos, clock, tracing.tracer(), metrics);
            var components = new Main.Components(gates, decisions, engine, slos, auth, metrics, config.server().maxBodyBytes());
            server = WebServer.builder()
                    .host(config.server().host())
                    .port(config.server().port())
                    // Backstop only: handlers refuse bodies over maxBodyBytes with the JSON 413 first.
                    .maxPayloadSize(256L * config.server().maxBodyBytes())
                    .connectionOptions(socket -> socket.readTimeout(config.server().readTimeout()))
                    .idleConnectionTimeout(config.server().readTimeout())
                    .idleConnectionPeriod(config.server().readTimeout().dividedBy(2))
                    .directHandlers(ErrorMapping.transportErrorHandlers())
                    .routing(routing -> Main.routing(routing, components))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * SLO states come from the metrics backend at real time (the system clock), whatever clock the
     * policies get. Invalid definitions throw here: the service does not start with them.
     */
    private SloMonitor startSlos(TollgateConfig config, GateMetrics metrics) {
        var slo = config.slo();
        var catalog = new SloCatalogHolder(slo.definitionsDir(), Clock.systemUTC());
        var prometheus = own(new PrometheusMetricsSource(new PrometheusConfig(slo.prometheusUrl(), slo.queryTimeout(),
                slo.cacheFreshness(), PrometheusConfig.DEFAULT_MAX_CACHE_ENTRIES)));
        return new SloMonitor(catalog, new SloEvaluator(prometheus), new SloMetrics(metrics.registry(), Clock.systemUTC()),
                Clock.systemUTC(), slo.refreshInterval());
    }

    /** Starts the service with the system clock and no extra span processors. */
    public static Tollgate start(TollgateConfig config) {
        return start(config, Clock.systemUTC(), List.of());
    }

    /** @param clock the time given to policies ("now"); tests fix it to make decisions reproducible */
    public static Tollgate start(TollgateConfig config, Clock clock, List<SpanProcessor> spanProcessors) {
        return new Tollgate(config, clock, spanProcessors);
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The gate, for callers inside the service (and tests of them): checks without HTTP. */
    public GateService gates() {
        return gates;
    }

    /** The generated development admin token, or null when tokens come from configuration. */
    public String devToken() {
        return devToken;
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // keep closing the rest; a failed close must not leak the others
            }
        }
        resources.clear();
    }
}
