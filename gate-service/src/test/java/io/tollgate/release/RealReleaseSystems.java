package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.aRelease;
import static io.tollgate.release.ReleaseFixtures.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.adapter.haproxy.HaproxyConfig;
import io.tollgate.adapter.haproxy.HaproxyTrafficRouter;
import io.tollgate.adapter.unleash.UnleashConfig;
import io.tollgate.adapter.unleash.UnleashFlagRollout;
import io.tollgate.config.AdaptersConfig;
import io.tollgate.config.ReleasesConfig;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.HaproxyFixture;
import io.tollgate.testsupport.PrometheusFixture;
import io.tollgate.testsupport.UnleashFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real systems a release drives, for end-to-end tests: the JVM's Unleash server, two backends behind a real HAProxy
 * (backend {@value #SERVICE}, servers stable and canary) and a Prometheus scraping HAProxy's exporter every second.
 * One per test class; {@link #tollgate} wires a Tollgate to them as {@code Main} does. {@link #flags} and {@link #router}
 * are separate adapter instances, so what a test asserts is the provider's own answer, not Tollgate's memory.
 */
final class RealReleaseSystems implements AutoCloseable {
    static final String SERVICE = "checkout";
    static final TrafficTarget TRAFFIC = new TrafficTarget(SERVICE, HaproxyFixture.STABLE, HaproxyFixture.CANARY);

    final UnleashFixture unleash;
    final BackendPair pair;
    final HaproxyFixture haproxy;
    final PrometheusFixture prometheus;
    final UnleashConfig unleashConfig;
    final HaproxyConfig haproxyConfig;
    final UnleashFlagRollout flags;
    final HaproxyTrafficRouter router;

    private RealReleaseSystems() {
        long t0 = System.nanoTime();
        unleash = UnleashFixture.shared();
        pair = BackendPair.start();
        haproxy = HaproxyFixture.builder().service(SERVICE, pair).checkInterval(Duration.ofMillis(500)).start();
        // HAProxy's exporter (per-server response codes) and both backends (latency histograms by version label).
        prometheus = PrometheusFixture.builder()
                .scrapeTargets(haproxy.exporterHostPort(), pair.stable().hostPort(), pair.canary().hostPort())
                .scrapeInterval(Duration.ofSeconds(1)).start();
        unleashConfig = UnleashConfig.defaults(unleash.baseUrl(), unleash.adminToken());
        haproxyConfig = HaproxyConfig.defaults(haproxy.host(), haproxy.runtimePort());
        flags = new UnleashFlagRollout(unleashConfig);
        router = new HaproxyTrafficRouter(haproxyConfig);
        haproxy.awaitServerUp(SERVICE, HaproxyFixture.CANARY, true, Duration.ofSeconds(10));
        prometheus.awaitFirstScrape(haproxy.exporterHostPort(), Duration.ofSeconds(15));
        System.out.printf("e2e fixtures (Unleash, backends, HAProxy, Prometheus) up in %d ms%n", ms(t0));
    }

    static RealReleaseSystems start() {
        return new RealReleaseSystems();
    }

    /** A Tollgate on a fresh database, its release engine wired from configuration to these systems. */
    TestTollgate tollgate(String database, ReleasesConfig releases) {
        long t0 = System.nanoTime();
        var t = TestTollgate.builder().freshDatabase(database)
                .adapters(AdaptersConfig.bind(Map.of(
                        "unleash", Map.of("adminUrl", unleashConfig.adminUrl().toString(), "adminToken", unleashConfig.adminToken()),
                        "haproxy", Map.of("host", haproxyConfig.host(), "runtimePort", haproxyConfig.runtimePort()))))
                .releasesConfig(releases)
                .prometheus(prometheus.url())
                .configuredReleases()
                .start();
        System.out.printf("e2e: Tollgate on %s up in %d ms%n", database, ms(t0));
        return t;
    }

    /** HAProxy (started if a test stopped it) sends everything to stable; the canary answers without errors. */
    void stableOnly() {
        haproxy.start();
        haproxy.runtime("set server " + SERVICE + "/" + HaproxyFixture.CANARY + " weight 0");
        haproxy.runtime("set server " + SERVICE + "/" + HaproxyFixture.STABLE + " weight 100");
        pair.canary().setErrorRatio(0);
    }

    /** canary-1, canary-5, canary-25 with the given bakes, then full; Unleash flag {@code feature} and HAProxy backend checkout. */
    static ObjectNode release(String feature, String bake1, String bake5, String bake25) {
        var body = aRelease(SERVICE, stage("canary-1", 1, 1, bake1), stage("canary-5", 5, 5, bake5),
                stage("canary-25", 25, 25, bake25), stage("full", 100, 100, null));
        body.putObject("flag").put("provider", UnleashFlagRollout.TYPE).put("feature", feature).put("environment", UnleashFixture.ENVIRONMENT);
        body.putObject("traffic").put("provider", HaproxyTrafficRouter.TYPE).put("route", SERVICE)
                .put("stable", HaproxyFixture.STABLE).put("canary", HaproxyFixture.CANARY);
        return body;
    }

    static int observed(Observation o) {
        assertThat(o).isInstanceOf(Observation.Observed.class);
        return ((Observation.Observed) o).percent();
    }

    /**
     * Adapter call latencies (retries included) from Tollgate's own {@code tollgate_adapter_call_seconds} histogram in
     * {@code metricsText}: per adapter the count, the mean and the buckets holding the median and the 99th percentile.
     */
    static String adapterLatencies(String metricsText) {
        var sums = new java.util.TreeMap<String, double[]>(); // adapter -> {sum, count}
        var buckets = new java.util.TreeMap<String, java.util.List<double[]>>(); // adapter -> [le, cumulative count]
        var line = java.util.regex.Pattern.compile(
                "tollgate_adapter_call_seconds_(sum|count|bucket)\\{adapter=\"([^\"]+)\"(?:,le=\"([^\"]+)\")?\\} (\\S+)");
        metricsText.lines().forEach(l -> {
            var m = line.matcher(l);
            if (!m.matches()) {
                return;
            }
            double v = Double.parseDouble(m.group(4));
            switch (m.group(1)) {
                case "sum" -> sums.computeIfAbsent(m.group(2), a -> new double[2])[0] = v;
                case "count" -> sums.computeIfAbsent(m.group(2), a -> new double[2])[1] = v;
                default -> buckets.computeIfAbsent(m.group(2), a -> new ArrayList<>())
                        .add(new double[] {m.group(3).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(3)), v});
            }
        });
        var out = new StringBuilder();
        sums.forEach((adapter, sc) -> out.append(String.format(java.util.Locale.ROOT, "%s: %d calls, mean %.1f ms, p50 <= %s, p99 <= %s; ",
                adapter, (long) sc[1], sc[1] == 0 ? 0 : sc[0] / sc[1] * 1000, bucketOf(buckets.get(adapter), sc[1] * 0.5),
                bucketOf(buckets.get(adapter), sc[1] * 0.99))));
        return out.toString().strip();
    }

    private static String bucketOf(List<double[]> buckets, double rank) {
        if (buckets == null) {
            return "?";
        }
        return buckets.stream().sorted(java.util.Comparator.comparingDouble(b -> b[0])).filter(b -> b[1] >= rank).findFirst()
                .map(b -> Double.isInfinite(b[0]) ? "+Inf" : String.format(java.util.Locale.ROOT, "%.0f ms", b[0] * 1000)).orElse("?");
    }

    static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("e2e: closing " + c + " failed: " + e);
        }
    }

    /** Stops what this class started; the JVM's Unleash server lives until the JVM exits (its own shutdown hook). */
    @Override
    public void close() {
        closeQuietly(flags);
        closeQuietly(router);
        closeQuietly(prometheus);
        closeQuietly(haproxy);
        closeQuietly(pair);
    }
}
