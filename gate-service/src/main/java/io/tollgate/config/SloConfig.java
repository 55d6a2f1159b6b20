package io.tollgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * SLOs as gate input.
 *
 * @param definitionsDir  OpenSLO v1 YAML files; null: no SLOs (every check gets {@code slos: []}). Whether the
 *                        directory exists is checked when it is read at start-up, reported as {@code slo.definitionsDir}
 * @param prometheusUrl   Prometheus HTTP API base URL the SLIs are read from
 * @param queryTimeout    longest one Prometheus query may take; then the SLO counts as unavailable
 * @param cacheFreshness  a cached query result older than this is never used
 * @param refreshInterval how often all SLOs are re-evaluated in the background (keeps gauges current)
 */
public record SloConfig(Path definitionsDir, URI prometheusUrl, Duration queryTimeout, Duration cacheFreshness,
                        Duration refreshInterval) {
    public SloConfig {
        if (prometheusUrl == null) {
            prometheusUrl = URI.create("http://127.0.0.1:9090");
        }
        Urls.requireHttp("slo.prometheusUrl", prometheusUrl);
        queryTimeout = Durations.positive(queryTimeout, Duration.ofSeconds(2), "slo.queryTimeout");
        cacheFreshness = cacheFreshness == null ? Duration.ofSeconds(5) : cacheFreshness;
        if (cacheFreshness.isNegative()) {
            throw new ConfigException("slo.cacheFreshness", "must not be negative, got " + Durations.format(cacheFreshness));
        }
        refreshInterval = Durations.positive(refreshInterval, Duration.ofSeconds(30), "slo.refreshInterval");
    }
}
