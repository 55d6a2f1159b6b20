package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tollgate's HTTP API as the CLI uses it. Every failure to get an answer becomes a {@link CliFailure} with exit 3
 * and a one-line message naming the URL (without any user info) and the cause; the token only ever goes into the
 * {@code Authorization} header, so no message can contain it.
 */
public final class Api {
    /** One mapper for the whole CLI; JSON in and out. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public Api(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10)).build();
    }

    /** An answer: status, the JSON body (null when there is none or it is not JSON), the text, the headers. */
    public record Response(int status, JsonNode json, String text, Map<String, java.util.List<String>> headers) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    /** The base URL as it may be shown: scheme, host, port and path, never user info. */
    public String shownBase() {
        return shown(base);
    }

    static String shown(URI uri) {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    public Response get(String path, Map<String, String> query) {
        return send(request(path + queryString(query)).GET(), path);
    }

    public Response postJson(String path, JsonNode body, Map<String, String> headers) {
        var b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return send(b, path);
    }

    public Response postBytes(String path, Map<String, String> query, byte[] body, String contentType) {
        return send(request(path + queryString(query)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), path);
    }

    public Response deleteJson(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)), path);
    }

    /**
     * The answer when it is a 2xx, else a failure carrying the server's {@code code}, {@code field} and
     * {@code message}: exit 3 for bad input (400), authentication (401) and server errors, exit 1 when the server
     * refused (403 forbidden, 404, 409, 422 and other 4xx).
     */
    public Response expectOk(Response r) {
        if (r.ok()) {
            return r;
        }
        throw failure(r);
    }

    public CliFailure failure(Response r) {
        String detail = describe(r);
        return switch (r.status()) {
            case 400 -> CliFailure.usage("rejected (400): " + detail);
            case 401 -> CliFailure.usage("not authenticated (401): " + detail + "; check TOLLGATE_TOKEN or --token");
            case 403 -> new CliFailure(ExitCode.DENIED, "forbidden (403): " + detail);
            default -> r.status() >= 500
                    ? CliFailure.usage("server error (" + r.status() + "): " + detail)
                    : new CliFailure(ExitCode.DENIED, "refused (" + r.status() + "): " + detail);
        };
    }

    static String describe(Response r) {
        JsonNode j = r.json();
        if (j == null || !j.isObject() || !j.hasNonNull("code")) {
            String text = r.text() == null ? "" : r.text().strip();
            return text.isEmpty() ? "no details" : oneLine(text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
        var sb = new StringBuilder(j.path("code").asText());
        if (j.hasNonNull("field")) {
            sb.append(" ").append(j.path("field").asText()).append(":");
        }
        if (j.hasNonNull("message")) {
            sb.append(" ").append(oneLine(j.path("message").asText()));
        }
        return sb.toString();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        var b = HttpRequest.newBuilder(URI.create(shown(base) + pathAndQuery)).timeout(timeout)
                .header("Accept", "application/json").header("User-Agent", "tollgate-cli");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Response send(HttpRequest.Builder b, String path) {
        try {
            var res = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            String body = res.body() == null ? "" : res.body();
            if (!body.isBlank()) {
                try {
                    json = JSON.readTree(body);
                } catch (IOException notJson) {
                    // leave json null: describe() shows the text
                }
            }
            return new Response(res.statusCode(), json, body, res.headers().map());
        } catch (HttpConnectTimeoutException e) {
            throw CliFailure.usage("cannot connect to " + shownBase() + ": timed out");
        } catch (HttpTimeoutException e) {
            throw CliFailure.usage("no answer from " + shownBase() + path + " within " + Durations.format(timeout));
        } catch (ConnectException e) {
            throw CliFailure.usage("cannot connect to " + shownBase() + ": " + connectCause(e));
        } catch (IOException e) {
            throw CliFailure.usage("cannot reach " + shownBase() + ": " + cause(e));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("cannot connect to " + shownBase() + ": " + cause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.usage("interrupted while waiting for " + shownBase());
        }
    }

    private static String connectCause(ConnectException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? "connection refused" : m.toLowerCase(java.util.Locale.ROOT);
    }

    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : oneLine(m);
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }

    static String queryString(Map<String, String> query) {
        var present = new LinkedHashMap<String, String>();
        query.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        if (present.isEmpty()) {
            return "";
        }
        return "?" + present.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    /** A path segment or query value, percent-encoded. */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
