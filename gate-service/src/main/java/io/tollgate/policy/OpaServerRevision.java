package io.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.api.WebClient;
import io.tollgate.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy revision an OPA server evaluated.
 *
 * <ol>
 *   <li>When the decision's provenance lists bundles with a non-empty {@code revision}: that revision
 *       for a single bundle, or {@code name=revision} pairs sorted by name and joined with {@code ,}.</li>
 *   <li>Otherwise (policies loaded from files, bundles without revisions): {@code "opa-server:sha256:"}
 *       + hex SHA-256 over the {@code raw} sources of {@code GET /v1/policies}, sorted as strings, each
 *       followed by a NUL byte. Data documents are not covered. The digest is cached and fetched again
 *       at most every {@link #REFRESH} so the extra request does not ride on every decision.</li>
 *   <li>{@code "unknown"} when neither can be told.</li>
 * </ol>
 */
final class OpaServerRevision {
    static final Duration REFRESH = Duration.ofSeconds(5);
    static final String UNKNOWN = "unknown";

    private final WebClient client;
    private final String url;
    private final Duration timeout;
    private volatile String sourcesDigest = UNKNOWN;
    private volatile long fetchedAtNanos;
    private volatile boolean fetched;
    private volatile String lastKnown = UNKNOWN;

    OpaServerRevision(WebClient client, String url, Duration timeout) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
    }

    /** The revision for a decision carrying this {@code provenance} member (missing node when absent). */
    String fromProvenance(JsonNode provenance) {
        Map<String, String> bundles = new TreeMap<>();
        provenance.path("bundles").properties().forEach(e -> {
            String revision = e.getValue().path("revision").asText("");
            if (!revision.isEmpty()) {
                bundles.put(e.getKey(), revision);
            }
        });
        String revision;
        if (bundles.size() == 1) {
            revision = bundles.values().iterator().next();
        } else if (!bundles.isEmpty()) {
            var pairs = new ArrayList<String>();
            bundles.forEach((name, rev) -> pairs.add(name + "=" + rev));
            revision = String.join(",", pairs);
        } else {
            revision = sourcesDigest();
        }
        lastKnown = revision;
        return revision;
    }

    /** The last revision seen, for results where the server did not answer. */
    String lastKnown() {
        return lastKnown;
    }

    private String sourcesDigest() {
        long now = System.nanoTime();
        if (fetched && now - fetchedAtNanos < REFRESH.toNanos()) {
            return sourcesDigest;
        }
        synchronized (this) {
            if (!fetched || System.nanoTime() - fetchedAtNanos >= REFRESH.toNanos()) {
                String digest = fetchSourcesDigest();
                if (digest != null || !fetched) {
                    sourcesDigest = digest == null ? UNKNOWN : digest;
                }
                fetchedAtNanos = System.nanoTime();
                fetched = true;
            }
            return sourcesDigest;
        }
    }

    private String fetchSourcesDigest() {
        try (var response = client.get("/v1/policies").readTimeout(timeout).request()) {
            if (response.status().code() != 200) {
                return null;
            }
            JsonNode policies = Json.mapper().readTree(response.as(byte[].class)).path("result");
            List<String> raws = new ArrayList<>();
            policies.forEach(p -> raws.add(p.path("raw").asText("")));
            raws.sort(null);
            var sha = MessageDigest.getInstance("SHA-256");
            for (String raw : raws) {
                sha.update(raw.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "opa-server:sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (RuntimeException | java.io.IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "OpaServerRevision[" + url + "]";
    }
}
