package io.tollgate;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.tollgate.analysis.AnalysisMetrics;
import io.tollgate.audit.DecisionLog;
import io.tollgate.audit.JooqDecisionLog;
import io.tollgate.audit.AuditKeyException;
import io.tollgate.audit.EventLog;
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
import io.tollgate.config.AnalysisReplayConfig;
import io.tollgate.config.ConfigException;
import io.tollgate.config.ServerConfig;
import io.tollgate.config.TollgateConfig;
import io.tollgate.db.Database;
import io.tollgate.gate.GateService;
import io.tollgate.http.AnalysisHttpService;
import io.tollgate.http.ArgoRolloutsHttpService;
import io.tollgate.http.FlaggerHttpService;
import io.tollgate.integrations.ControllerEvents;
import io.tollgate.integrations.ControllerGate;
import io.tollgate.http.AuditHttpService;
import io.tollgate.http.DeliveryMetricsHttpService;
import io.tollgate.delivery.DeliveryGauges;
import io.tollgate.delivery.DeliveryService;
import io.tollgate.delivery.DeliveryStore;
import io.tollgate.http.DecisionsHttpService;
import io.tollgate.http.ErrorMapping;
import io.tollgate.http.GateHttpService;
import io.tollgate.http.OpsHttpService;
import io.tollgate.http.PoliciesHttpService;
import io.tollgate.http.RouteTable;
import io.tollgate.http.ReleasesHttpService;
import io.tollgate.http.PlansHttpService;
import io.tollgate.plan.PlanAudit;
import io.tollgate.plan.PlanController;
import io.tollgate.plan.PlanMetrics;
import io.tollgate.plan.PlanPolicy;
import io.tollgate.plan.PlanScheduler;
import io.tollgate.plan.PlanService;
import io.tollgate.plan.PlanStore;
import io.tollgate.http.OverridesHttpService;
import io.tollgate.override.OverrideService;
import io.tollgate.override.OverrideStore;
import io.tollgate.override.GatedChanges;
import io.tollgate.override.ReleaseFacts;
import io.tollgate.http.SloHttpService;
import io.tollgate.http.WhoAmIHttpService;
import io.tollgate.console.ConsoleRoutes;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.AnalysisCounters;
import io.tollgate.release.FastBurn;
import io.tollgate.release.GuardedAdapters;
import io.tollgate.release.ReleaseAudit;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.release.ReleaseController;
import io.tollgate.release.ReleaseMetrics;
import io.tollgate.release.ReleaseScheduler;
import io.tollgate.release.PrometheusCanaryHealth;
import io.tollgate.release.ReleaseService;
import io.tollgate.release.ReleaseStore;
import io.tollgate.release.StageRunner;
import io.tollgate.server.ConnectionLimit;
import io.tollgate.server.ListenerWatchdog;
import io.tollgate.server.RequestDeadlines;
import io.tollgate.observability.GateMetrics;
import io.tollgate.observability.Tracing;
import io.tollgate.policy.PolicyEngine;
import io.tollgate.policy.PolicyEngines;
import io.tollgate.policy.replay.PolicyReplay;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A running Tollgate: every object built with {@code new} from the configuration, in one place,
 * and closed in reverse order. Tests start it exactly like {@link Main} does.
 */
public final class Tollgate implements AutoCloseable {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final WebServer server;
    /** Probes the listener once it listens; closed before the server on an orderly stop. */
    private final ListenerWatchdog watchdog = new ListenerWatchdog();
    private final String devToken;
    private final GateService gates;
    /** Registered at start-up; fed by the canary analysis of release bakes. */
    private final AnalysisMetrics analysisMetrics;
    /** Release plans, built with the release engine they drive. */
    private PlanService plans;
    /** The Prometheus behind SLO states, also read for the canary's error ratio during bakes. */
    private PrometheusMetricsSource prometheus;

    private Tollgate(TollgateConfig config, Clock clock, List<SpanProcessor> spanProcessors, ReleaseWiring wiring) {
        try {
            var tracing = own(new Tracing(config.tracing(), spanProcessors));
            var metrics = new GateMetrics();
            analysisMetrics = new AnalysisMetrics(metrics.registry());
            // What can still turn out to be a bad setting (policy bundle, SLO directory) is read before the
            // database starts, so such an error stops the service at once and leaves nothing behind.
            PolicyEngine engine = own(PolicyEngines.create(config.policy()));
            var auth = new TokenAuthenticator(config.auth());
            devToken = config.auth().devToken() && !auth.hasTokens() ? TokenAuthenticator.newToken() : null;
            if (devToken != null) {
                auth.register(devToken, new Principal("dev-admin", Role.ADMIN));
            }
            var slos = own(startSlos(config, metrics));
            Database database = own(Database.open(config.database()));
            var events = own(openEventLog(database, config, metrics));
            DecisionLog decisions = new JooqDecisionLog(events);
            var releaseStore = new ReleaseStore(database.dsl());
            ReleaseFacts.Lookup releaseFacts = id -> releaseStore.find(id).map(Tollgate::facts);
            var overrides = new OverrideService(new OverrideStore(database.dsl()), events, engine, releaseFacts,
                    new GatedChanges(releaseFacts, (service, env) -> releaseStore.active(service, env).map(Tollgate::facts), decisions),
                    clock);
            gates = new GateService(engine, decisions, slos, overrides, clock, tracing.tracer(), metrics);
            var releases = startReleases(database, releaseStore, events, slos, tracing, metrics, wiring, engine);
            var components = new Components(gates, decisions, events, engine, slos, auth, metrics, config.server().maxBodyBytes(),
                    releases, wiring.config(), wiring.adapters(), overrides,
                    new PolicyReplay(decisions, config.policy().replay(), config.policy().timeout()), config.analysis().replay(),
                    watchdog::problem, startDelivery(database, metrics), plans);
            var deadlines = own(new RequestDeadlines(config.server().readTimeout()));
            // Last, so the descriptors opened above (database pool, policy engine, jars) count as taken.
            var connections = ConnectionLimit.resolve(config.server().maxConnections());
            server = requireListening(WebServer.builder()
                    .host(config.server().host())
                    .port(config.server().port())
                    // Backstop only: handlers refuse bodies over maxBodyBytes (replays: policy.replay.maxBundleBytes,
                    // analysis.replay.maxBodyBytes) with the JSON 413 first.
                    .maxPayloadSize(Math.max(256L * config.server().maxBodyBytes(), 2L * Math.max(config.policy().replay().maxBundleBytes(),
                            config.analysis().replay().maxBodyBytes())))
                    .maxTcpConnections(connections.connections())
                    // Helidon's idle check closes a connection waiting for its request line this long; RequestDeadlines the
                    // rest of a request (Helidon 4.3 does not apply connectionOptions.readTimeout to accepted sockets).
                    .idleConnectionTimeout(config.server().readTimeout())
                    .idleConnectionPeriod(config.server().readTimeout().dividedBy(2))
                    .directHandlers(ErrorMapping.transportErrorHandlers())
                    .errorHandling(ErrorMapping.transportErrorHandling())
                    // Ours replaces the discovered HTTP/1 default: with both, HTTP/1.0 and idle connections misbehave.
                    .protocolsDiscoverServices(false)
                    .addProtocol(ErrorMapping.http1(deadlines))
                    .routing(routing -> routing(routing, components))
                    .build()
                    .start(), config.server());
            watchdog.watch(config.server().host(), server.port(), server::isRunning);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Helidon does not throw when it cannot bind: it logs, and the server reports port -1. Turn that into
     * one {@link StartupException} naming the address and the likely reason.
     */
    /** What overrides need to know about a release: where it runs and whose change it is. */
    private static ReleaseFacts facts(io.tollgate.release.Release r) {
        return new ReleaseFacts(r.spec().service(), r.spec().environment(), r.spec().version(), r.spec().change().author());
    }

    private static WebServer requireListening(WebServer server, ServerConfig config) {
        if (server.isRunning() && server.port() > 0) {
            return server;
        }
        server.stop();
        String address = config.host() + ":" + config.port();
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (BindException e) {
            throw new StartupException("cannot listen on " + address + ": " + StartupException.rootMessage(e)
                    + " (another process has the port, maybe another Tollgate); stop it or choose another port with server.port"
                    + " (TOLLGATE_HTTP_PORT)");
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot listen on " + address + ": " + StartupException.rootMessage(e)
                    + "; check server.host and server.port");
        }
        throw new StartupException("cannot listen on " + address + " (the web server did not start; see the log above);"
                + " check server.host and server.port");
    }

    /** What the routes need. */
    public record Components(GateService gates, DecisionLog decisions, EventLog events, PolicyEngine engine, SloMonitor slos,
                             TokenAuthenticator auth, GateMetrics metrics, int maxBodyBytes, ReleaseService releases,
                             ReleaseConfig releaseConfig, AdapterRegistry adapters, OverrideService overrides,
                             PolicyReplay policyReplay, AnalysisReplayConfig analysisReplay, Supplier<String> listenerProblem,
                             DeliveryService delivery, PlanService plans) {
        /**
         * Without releases and overrides (route tests that never reach a handler); analysis replays bounded by
         * {@code analysisReplay}; the listener taken as accepting.
         */
        public Components(GateService gates, DecisionLog decisions, EventLog events, PolicyEngine engine, SloMonitor slos,
                          TokenAuthenticator auth, GateMetrics metrics, int maxBodyBytes, AnalysisReplayConfig analysisReplay) {
            this(gates, decisions, events, engine, slos, auth, metrics, maxBodyBytes, null, ReleaseConfig.defaults(), new AdapterRegistry(),
                    null, null, analysisReplay, () -> null, null, null);
        }

        /** As above with the default analysis replay bounds. */
        public Components(GateService gates, DecisionLog decisions, EventLog events, PolicyEngine engine, SloMonitor slos,
                          TokenAuthenticator auth, GateMetrics metrics, int maxBodyBytes) {
            this(gates, decisions, events, engine, slos, auth, metrics, maxBodyBytes, AnalysisReplayConfig.defaults());
        }
    }

    /**
     * Every route of the service, each with the permission it needs: the caller is resolved once per
     * request, then each route checks its own permission. Tests walk the returned table.
     */
    public static RouteTable routing(HttpRouting.Builder routing, Components c) {
        ErrorMapping.register(routing);
        ConsoleRoutes.register(routing);
        var controllers = new ControllerGate(c.gates(), c.decisions());
        return new RouteTable()
                .authenticate(routing, c.auth())
                .register(routing, "/v1/whoami", new WhoAmIHttpService())
                .register(routing, "/v1/gates", new GateHttpService(c.gates(), c.maxBodyBytes()))
                .register(routing, "/v1/decisions", new DecisionsHttpService(c.decisions()))
                .register(routing, "/v1/audit", new AuditHttpService(c.events()))
                .register(routing, "/v1/slos", new SloHttpService(c.slos()))
                .register(routing, "/v1/releases", new ReleasesHttpService(c.releases(), c.releaseConfig(), c.adapters(), c.maxBodyBytes()))
                .register(routing, "/v1/release-plans", new PlansHttpService(c.plans(), c.releaseConfig(), c.adapters(), c.maxBodyBytes()))
                .register(routing, "/v1/overrides", new OverridesHttpService(c.overrides(), c.maxBodyBytes()))
                .register(routing, "/v1/delivery-metrics", new DeliveryMetricsHttpService(c.delivery()))
                .register(routing, "/v1/analysis", new AnalysisHttpService(c.analysisReplay()))
                .register(routing, "/v1/policies", new PoliciesHttpService(c.policyReplay()))
                .register(routing, "/v1/integrations/argo-rollouts", new ArgoRolloutsHttpService(controllers, c.maxBodyBytes()))
                .register(routing, "/v1/integrations/flagger", new FlaggerHttpService(controllers, new ControllerEvents(c.events()),
                        c.maxBodyBytes()))
                .register(routing, "/", new OpsHttpService(c.metrics(), c.decisions(), c.engine(), c.listenerProblem()));
    }

    /**
     * The release engine: store, audit outbox, guarded adapters, controller and its db-scheduler. Bakes and timeouts run
     * on real time (the system clock) whatever clock the policies get.
     */
    private ReleaseService startReleases(Database database, ReleaseStore store, EventLog events, SloMonitor slos, Tracing tracing,
                                         GateMetrics metrics, ReleaseWiring wiring, PolicyEngine engine) {
        var audit = new ReleaseAudit(store, events);
        var releaseMetrics = new ReleaseMetrics(metrics.registry(), store::countByState);
        own(wiring.adapters());
        var guarded = own(new GuardedAdapters(wiring.adapters(), wiring.config(), releaseMetrics));
        var canary = wiring.canary() != null ? wiring.canary()
                : new PrometheusCanaryHealth(prometheus, wiring.adapters()::queries, Clock.systemUTC());
        var counters = wiring.counters() != null ? wiring.counters() : AnalysisCounters.of(prometheus);
        var fastBurn = wiring.fastBurn() != null ? wiring.fastBurn() : FastBurn.of(slos);
        var controller = new ReleaseController(store, audit, gates, new StageRunner(guarded, canary, fastBurn, counters, analysisMetrics),
                wiring.config(), releaseMetrics, tracing.tracer(), Clock.systemUTC());
        // Plan steps run on the same db-scheduler as release steps (one scheduler per table).
        var planStore = new PlanStore(database.dsl());
        var planTasks = new PlanScheduler(planStore);
        var scheduler = own(new ReleaseScheduler(database.dataSource(), controller, store, wiring.pollInterval(), planTasks.tasks(),
                planTasks.startTasks()));
        var releases = new ReleaseService(store, audit, scheduler, controller, Clock.systemUTC());
        var planAudit = new PlanAudit(planStore, events);
        var planController = new PlanController(planStore, planAudit, releases, new PlanPolicy(engine), fastBurn,
                new PlanMetrics(metrics.registry(), planStore::countByState, planStore::waitingEntries), wiring.config().lookInterval(),
                Clock.systemUTC());
        planTasks.bind(scheduler.client(), planController);
        plans = new PlanService(planStore, planAudit, planTasks, planController, releases, Clock.systemUTC());
        scheduler.start();
        return releases;
    }

    /** Delivery metrics over the release tables, and their gauges (recomputed on scrape, at most every 10 s). */
    private static DeliveryService startDelivery(Database database, GateMetrics metrics) {
        var delivery = new DeliveryService(new DeliveryStore(database.dsl()), Clock.systemUTC());
        new DeliveryGauges(metrics.registry(), delivery, Clock.systemUTC(), Duration.ofSeconds(10));
        return delivery;
    }

    /** The event log with its signing key; an unusable key file is a configuration error. */
    private static JooqEventLog openEventLog(Database database, TollgateConfig config, GateMetrics metrics) {
        try {
            return JooqEventLog.open(database.dsl(), config.audit(), config.database().statementTimeout(), metrics.auditBatches());
        } catch (AuditKeyException e) {
            throw new ConfigException("audit.signingKeyFile", e.getMessage());
        }
    }

    /**
     * SLO states come from the metrics backend at real time (the system clock), whatever clock the
     * policies get. Invalid definitions throw here: the service does not start with them; a missing
     * directory is a configuration error ({@code slo.definitionsDir}).
     */
    private SloMonitor startSlos(TollgateConfig config, GateMetrics metrics) {
        var slo = config.slo();
        var catalog = new SloCatalogHolder(slo.definitionsDir(), Clock.systemUTC());
        prometheus = own(new PrometheusMetricsSource(new PrometheusConfig(slo.prometheusUrl(), slo.queryTimeout(),
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
        return start(config, clock, spanProcessors, ReleaseWiring.from(config));
    }

    /** @param wiring the release engine's settings and adapters */
    public static Tollgate start(TollgateConfig config, Clock clock, List<SpanProcessor> spanProcessors, ReleaseWiring wiring) {
        return new Tollgate(config, clock, spanProcessors, wiring);
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

    /** Counts of canary analysis verdicts ({@code tollgate_analysis_verdicts_total}). */
    public AnalysisMetrics analysisMetrics() {
        return analysisMetrics;
    }

    /**
     * Runs {@code action} with the reason if the listener stops accepting connections for good (see {@link ListenerWatchdog});
     * {@link Main} exits then.
     */
    public void onListenerLost(Consumer<String> action) {
        watchdog.onLost(action);
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
        watchdog.close();
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
