package io.tollgate.adapter.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of {@link PrometheusMetricsSource}; validates itself on construction.
 *
 * @param baseUrl         the server, e.g. {@code http://prometheus:9090} (http or https, no query part); a
 *                        path prefix is kept ({@code http://host/prom} → {@code http://host/prom/api/v1/query})
 * @param queryTimeout    sent to Prometheus as {@code timeout} and, with a small margin, enforced by the client
 * @param cacheFreshness  a cached answer older than this is never returned; {@link Duration#ZERO} turns caching off
 * @param maxCacheEntries at most this many answers are kept (least recently used evicted first), at least 1
 */
public record PrometheusConfig(URI baseUrl, Duration queryTimeout, Duration cacheFreshness, int maxCacheEntries) {
    /** Default query timeout: a gate decision should not wait longer than this for one SLI. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** Default freshness: shorter than a typical 15 s scrape interval, so a cached answer is never staler than a scrape. */
    public static final Duration DEFAULT_CACHE_FRESHNESS = Duration.ofSeconds(5);
    /** Default bound on cached answers. */
    public static final int DEFAULT_MAX_CACHE_ENTRIES = 1000;

    public PrometheusConfig {
        Objects.requireNonNull(baseUrl, "baseUrl must be set");
        Objects.requireNonNull(queryTimeout, "queryTimeout must be set");
        Objects.requireNonNull(cacheFreshness, "cacheFreshness must be set");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was " + baseUrl);
        }
        if (baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must name a host, was " + baseUrl);
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not have a query or fragment, was " + baseUrl);
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero() || queryTimeout.toMillis() == 0) {
            throw new IllegalArgumentException("queryTimeout must be at least 1ms, was " + queryTimeout);
        }
        if (cacheFreshness.isNegative() || (!cacheFreshness.isZero() && cacheFreshness.toMillis() == 0)) {
            throw new IllegalArgumentException("cacheFreshness must be zero (no cache) or at least 1ms, was " + cacheFreshness);
        }
        if (maxCacheEntries < 1) {
            throw new IllegalArgumentException("maxCacheEntries must be at least 1, was " + maxCacheEntries);
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        if (path.endsWith("/")) {
            baseUrl = URI.create(baseUrl.toString().substring(0, baseUrl.toString().length() - 1));
        }
    }

    /** The defaults for {@code baseUrl}: 5 s query timeout, 5 s freshness, 1000 cached answers. */
    public static PrometheusConfig defaults(URI baseUrl) {
        return new PrometheusConfig(baseUrl, DEFAULT_QUERY_TIMEOUT, DEFAULT_CACHE_FRESHNESS, DEFAULT_MAX_CACHE_ENTRIES);
    }

    /** A copy with another query timeout. */
    public PrometheusConfig withQueryTimeout(Duration timeout) {
        return new PrometheusConfig(baseUrl, timeout, cacheFreshness, maxCacheEntries);
    }

    /** A copy with another cache freshness. */
    public PrometheusConfig withCacheFreshness(Duration freshness) {
        return new PrometheusConfig(baseUrl, queryTimeout, freshness, maxCacheEntries);
    }
}
