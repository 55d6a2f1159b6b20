package io.tollgate.adapter.prometheus;

import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.MetricsSource;
import io.tollgate.adapter.SeriesResult;
import io.tollgate.adapter.SeriesSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link MetricsSource} over the Prometheus HTTP API: one {@code GET /api/v1/query?query=…&time=…&timeout=…}
 * per (uncached) call.
 *
 * <p>Mapping: connection refused, client timeout, HTTP 4xx/5xx and {@code "status":"error"} (with its
 * {@code errorType} and {@code error}) give {@link MetricResult.Unavailable} whose detail names the URL and
 * the cause; an empty vector gives {@link MetricResult.NoData}; one sample (a one-element vector or a
 * scalar) gives {@link MetricResult.Value}; more series give Unavailable ("query returned N series;
 * expected 1"). NaN and infinities: see {@link QueryAnswers}. Answers are cached as {@link ResultCache}
 * describes. {@link #querySeries} returns every series of a vector and is never cached (counter deltas need the
 * latest values). Thread-safe: the JDK HttpClient is, and the cache is synchronized. Close it to release
 * the client's threads.
 */
public final class PrometheusMetricsSource implements MetricsSource, SeriesSource, AutoCloseable {
    /** The provider name in configuration. */
    public static final String TYPE = "prometheus";
    /** The client waits this much longer than the server-side timeout, so Prometheus' own timeout error wins. */
    private static final Duration CLIENT_MARGIN = Duration.ofMillis(250);
    private static final Duration HEALTH_TIMEOUT_CAP = Duration.ofSeconds(2);

    private final PrometheusConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final ResultCache cache;
    private final String queryUrl;

    /** A source for {@code config}, using the system clock. */
    public PrometheusMetricsSource(PrometheusConfig config) {
        this(config, Clock.systemUTC());
    }

    /** A source for {@code config}; {@code clock} times cache freshness (tests pass a controllable clock). */
    public PrometheusMetricsSource(PrometheusConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.queryTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.cache = new ResultCache(clock, config.cacheFreshness(), config.maxCacheEntries());
        this.queryUrl = config.baseUrl() + "/api/v1/query";
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Evaluates {@code query} at {@code at}; a null {@code at} means "now, as Prometheus sees it" (no
     * {@code time} parameter; cached under "latest"). Never throws for a backend failure.
     */
    @Override
    public MetricResult queryScalar(String query, Instant at) {
        Objects.requireNonNull(query, "query");
        MetricResult cached = cache.get(query, at);
        if (cached != null) {
            return cached;
        }
        MetricResult fresh = fetch(query, at);
        cache.put(query, at, fresh);
        return fresh;
    }

    /** Every series of an instant vector at {@code at} (null: latest); never cached, never throws for a backend failure. */
    @Override
    public SeriesResult querySeries(String query, Instant at) {
        Objects.requireNonNull(query, "query");
        Instant evaluatedAt = at == null ? clock.instant() : at;
        var answer = send(query, at);
        return answer instanceof Answer.Body body
                ? QueryAnswers.parseSeries(query, queryUrl, evaluatedAt, body.status(), body.text())
                : new SeriesResult.Unavailable(query, ((Answer.Failed) answer).detail());
    }

    /** Null when {@code GET /-/ready} answers 200 within min(queryTimeout, 2 s), else a one-line problem. */
    @Override
    public String healthProblem() {
        String url = config.baseUrl() + "/-/ready";
        Duration timeout = config.queryTimeout().compareTo(HEALTH_TIMEOUT_CAP) < 0 ? config.queryTimeout() : HEALTH_TIMEOUT_CAP;
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null
                    : "GET " + url + " answered HTTP " + response.statusCode() + ": " + QueryAnswers.abbreviate(response.body());
        } catch (IOException e) {
            return "GET " + url + " failed: " + cause(e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "GET " + url + " interrupted";
        }
    }

    /** Releases the HTTP client. */
    @Override
    public void close() {
        http.close();
    }

    private MetricResult fetch(String query, Instant at) {
        Instant evaluatedAt = at == null ? clock.instant() : at;
        var answer = send(query, at);
        return answer instanceof Answer.Body body
                ? QueryAnswers.parse(query, queryUrl, evaluatedAt, body.status(), body.text())
                : new MetricResult.Unavailable(query, ((Answer.Failed) answer).detail());
    }

    /** An HTTP answer, or why there was none. */
    private sealed interface Answer {
        record Body(int status, String text) implements Answer {
        }

        record Failed(String detail) implements Answer {
        }
    }

    private Answer send(String query, Instant at) {
        var uri = new StringBuilder(queryUrl)
                .append("?query=").append(URLEncoder.encode(query, StandardCharsets.UTF_8))
                .append("&timeout=").append(config.queryTimeout().toMillis()).append("ms");
        if (at != null) {
            uri.append("&time=").append(BigDecimal.valueOf(at.toEpochMilli()).movePointLeft(3).toPlainString());
        }
        Duration clientTimeout = config.queryTimeout().plus(CLIENT_MARGIN);
        var request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(clientTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer.Body(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer.Failed("GET " + queryUrl + " failed: " + cause(e, clientTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Failed("GET " + queryUrl + " interrupted");
        }
    }

    private static String cause(IOException e, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + timeout.toMillis() + "ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + "ms (timed out)";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused (is Prometheus running?)";
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
