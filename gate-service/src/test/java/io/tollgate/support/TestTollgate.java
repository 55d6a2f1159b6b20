package io.tollgate.support;

import io.tollgate.ReleaseWiring;
import io.tollgate.testsupport.MutableClock;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tollgate.Tollgate;
import io.tollgate.auth.TokenAuthenticator;
import io.tollgate.audit.TestAudit;
import io.tollgate.config.AdaptersConfig;
import io.tollgate.config.AuditConfig;
import io.tollgate.config.AuthConfig;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.config.PolicyConfig;
import io.tollgate.config.ReleasesConfig;
import io.tollgate.config.ServerConfig;
import io.tollgate.config.SloConfig;
import io.tollgate.config.TollgateConfig;
import io.tollgate.config.TracingConfig;
import io.tollgate.testsupport.PostgresFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A real Tollgate on a free loopback port, with a real PostgreSQL and the real policy engine,
 * built the way {@code Main} builds it. Known tokens for every role; a fixed clock by default.
 */
public final class TestTollgate implements AutoCloseable {
    public static final String CI_TOKEN = "test-ci-token";
    public static final String VIEWER_TOKEN = "test-viewer-token";
    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String RELEASE_MANAGER_TOKEN = "test-release-manager-token";
    /** A Tuesday in November, outside every shipped freeze window. */
    public static final Instant DEFAULT_NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final Tollgate tollgate;
    private final InMemorySpanExporter spans;
    private final ApiClient client;

    private TestTollgate(Tollgate tollgate, InMemorySpanExporter spans) {
        this.tollgate = tollgate;
        this.spans = spans;
        this.client = new ApiClient(tollgate.baseUrl());
    }

    public static Builder builder() {
        return new Builder();
    }

    public ApiClient api() {
        return client;
    }

    public String baseUrl() {
        return tollgate.baseUrl();
    }

    /** The in-process gate, as a release controller inside the service calls it. */
    public io.tollgate.gate.GateService gates() {
        return tollgate.gates();
    }

    /** The canary analysis metrics of the running service. */
    public io.tollgate.analysis.AnalysisMetrics analysisMetrics() {
        return tollgate.analysisMetrics();
    }

    public InMemorySpanExporter spans() {
        return spans;
    }

    @Override
    public void close() {
        tollgate.close();
    }

    public static AuthConfig testTokens() {
        return new AuthConfig(List.of(
                new AuthConfig.TokenEntry("ci-pipeline", "ci", TokenAuthenticator.sha256Hex(CI_TOKEN)),
                new AuthConfig.TokenEntry("sre-viewer", "viewer", TokenAuthenticator.sha256Hex(VIEWER_TOKEN)),
                new AuthConfig.TokenEntry("platform-admin", "admin", TokenAuthenticator.sha256Hex(ADMIN_TOKEN)),
                new AuthConfig.TokenEntry("release-manager-kim", "release-manager",
                        TokenAuthenticator.sha256Hex(RELEASE_MANAGER_TOKEN))), false);
    }

    public static final class Builder {
        private DatabaseConfig database;
        private PolicyConfig policy = new PolicyConfig("embedded", null, null, Duration.ofSeconds(2), 2);
        private AuthConfig auth = testTokens();
        private AuditConfig audit;
        private Clock clock = Clock.fixed(DEFAULT_NOW, ZoneOffset.UTC);
        private SloConfig slo = new SloConfig(null, null, null, null, null);
        private int port;
        private Duration readTimeout;
        private ReleaseWiring releases = ReleaseWiring.defaults();
        private boolean configuredWiring;
        private ReleasesConfig releasesConfig;
        private AdaptersConfig adapters;

        /** The {@code adapters} section (providers the real wiring registers); see {@link #configuredReleases()}. */
        public Builder adapters(AdaptersConfig adapters) {
            this.adapters = adapters;
            return this;
        }

        /** The {@code releases} section; used by the real wiring (see {@link #configuredReleases()}). */
        public Builder releasesConfig(ReleasesConfig releasesConfig) {
            this.releasesConfig = releasesConfig;
            return this;
        }

        /**
         * The release engine wired as {@code Main} wires it, {@code ReleaseWiring.from(config)}: real adapters from
         * {@link #adapters(AdaptersConfig)}, settings from {@link #releasesConfig(ReleasesConfig)}, canary health from
         * the SLO Prometheus. Replaces {@link #releases(ReleaseWiring)}.
         */
        public Builder configuredReleases() {
            this.configuredWiring = true;
            return this;
        }

        /** No SLO definitions, but SLIs and canary health from the Prometheus at {@code prometheus}. */
        public Builder prometheus(URI prometheus) {
            this.slo = new SloConfig(null, prometheus, Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(1));
            return this;
        }

        /** The release engine's settings, adapters (fakes in tests) and canary health. */
        public Builder releases(ReleaseWiring releases) {
            this.releases = releases;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }
        private TracingConfig tracing = new TracingConfig(null, "tollgate-test");

        /** Export spans over OTLP/HTTP to {@code endpoint}. */
        public Builder otlpEndpoint(URI endpoint) {
            this.tracing = new TracingConfig(endpoint, "tollgate-test");
            return this;
        }

        /** A fixed port (e.g. one Prometheus was told to scrape); 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** SLO definitions read from {@code dir}, SLIs from the Prometheus at {@code prometheus}. */
        public Builder slos(Path dir, URI prometheus) {
            this.slo = new SloConfig(dir, prometheus, Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(1));
            return this;
        }

        /** The real clock, for tests whose SLO data comes from a live Prometheus. */
        public Builder realClock() {
            this.clock = Clock.systemUTC();
            return this;
        }

        /** A fresh database on the shared test PostgreSQL. */
        public Builder freshDatabase(String name) {
            var db = PostgresFixture.newDatabase(name);
            return database(TestDatabases.withRoles(db, 4));
        }

        public Builder database(DatabaseConfig database) {
            this.database = database;
            return this;
        }

        /** The embedded PostgreSQL keeping its data in {@code dataDir}, as the default setup does. */
        public Builder embeddedDatabase(Path dataDir) {
            return database(new DatabaseConfig(null, null, null, dataDir, 4, null));
        }

        public Builder opaServer(URI url, Duration timeout) {
            this.policy = new PolicyConfig("opa-server", null, url, timeout, 1);
            return this;
        }

        public Builder policy(PolicyConfig policy) {
            this.policy = policy;
            return this;
        }

        public Builder auth(AuthConfig auth) {
            this.auth = auth;
            return this;
        }

        /** The audit settings; by default the test JVM's shared key and a checkpoint file of this instance. */
        public Builder audit(AuditConfig audit) {
            this.audit = audit;
            return this;
        }

        /** A clock the test moves (e.g. {@link MutableClock}), for expiry. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder now(Instant now) {
            this.clock = Clock.fixed(now, ZoneOffset.UTC);
            return this;
        }

        public TestTollgate start() {
            if (database == null) {
                throw new IllegalStateException("choose a database: freshDatabase(...) or embeddedDatabase(...)");
            }
            var config = new TollgateConfig(new ServerConfig("127.0.0.1", port, 0, readTimeout), database, policy, auth,
                    tracing, slo, audit == null ? TestAudit.config() : audit, releasesConfig, adapters);
            var spans = InMemorySpanExporter.create();
            var wiring = configuredWiring ? ReleaseWiring.from(config) : releases;
            var tollgate = Tollgate.start(config, clock, List.of(SimpleSpanProcessor.create(spans)), wiring);
            return new TestTollgate(tollgate, spans);
        }
    }
}
