package io.tollgate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.json.Json;
import io.tollgate.server.RequestDeadlines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reading bounded JSON bodies and writing JSON answers, the same way for every resource. */
final class HttpIo {
    private HttpIo() {
    }

    /**
     * Reads the body as a JSON object, refusing more than {@code maxBytes} before parsing anything.
     *
     * @throws ApiException 413 for an oversized body, 415 for a non-JSON content type, 400 for bad JSON
     */
    static JsonNode readJsonObject(ServerRequest req, int maxBytes) {
        var contentType = req.headers().contentType();
        if (contentType.isEmpty() || !contentType.get().mediaType().subtype().equalsIgnoreCase("json")) {
            throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type", null,
                    "Content-Type must be application/json, got "
                            + contentType.map(c -> c.mediaType().text()).orElse("none"));
        }
        var charset = contentType.get().charset();
        if (charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8")) {
            throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type", null,
                    "only UTF-8 JSON is accepted, got charset " + charset.get());
        }
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // Read at most what the client declared (plus one byte to notice a longer body): the usual check is a
        // few hundred bytes, and reading "up to the limit" allocates a buffer of 8 KiB per request.
        int readLimit = declared.isPresent() ? (int) declared.getAsLong() : maxBytes;
        byte[] body = readAtMost(req, readLimit, maxBytes);
        if (body.length == 0) {
            throw ApiException.badRequest("invalid_json", null, "request body is empty; expected a JSON object");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw ApiException.badRequest("invalid_json", null, "request body is not valid JSON: "
                    + withoutInternals(e.getOriginalMessage()) + (loc != null ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("invalid_json", null, "request body must be a JSON object");
        }
        return tree;
    }

    /**
     * Reads a raw (non-JSON) body, refusing more than {@code maxBytes}: at once when the declared length is larger,
     * else after reading one byte past the limit. The content type is the caller's to check.
     *
     * @throws ApiException 413 for an oversized body, 400 for a body that cannot be read
     */
    static byte[] readBytes(ServerRequest req, int maxBytes) {
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return readAtMost(req, declared.isPresent() ? (int) declared.getAsLong() : maxBytes, maxBytes);
    }

    /** Jackson names its own classes in some messages ("from `StreamReadConstraints...`"); clients need not see them. */
    private static String withoutInternals(String message) {
        return String.valueOf(message).replaceAll("\\s*\\(from `[^`]*`\\)", "").replaceAll("`[A-Za-z0-9_.$]+(\\(\\))?`", "a parser limit");
    }

    private static byte[] readAtMost(ServerRequest req, int readLimit, int maxBytes) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] buf = readAll(in, readLimit + 1);
            if (buf.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return buf;
        } catch (ApiException | CloseConnectionException e) {
            // CloseConnectionException: the body stalled past server.readTimeout and the connection is closed; nothing to answer
            throw e;
        } catch (IOException | RuntimeException e) {
            // Malformed chunked framing or a client gone mid-body: the client's fault, not an incident.
            throw ApiException.badRequest("invalid_body", null, "request body could not be read (malformed framing or incomplete body)");
        }
    }

    /** Up to {@code limit} bytes; each read must get bytes within server.readTimeout, or the connection is closed. */
    private static byte[] readAll(InputStream in, int limit) throws IOException {
        var out = new java.io.ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] chunk = new byte[Math.min(limit, 8192)];
        while (out.size() < limit) {
            int want = Math.min(chunk.length, limit - out.size());
            int n = RequestDeadlines.readBody(() -> in.read(chunk, 0, want));
            if (n < 0) {
                break;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge(int maxBytes) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large", null,
                "request body is larger than " + maxBytes + " bytes");
    }

    /** The trace context of the caller's {@code traceparent} header (a root context when it sent none). */
    static io.opentelemetry.context.Context traceContext(ServerRequest req) {
        var headers = new java.util.HashMap<String, String>();
        req.headers().first(HeaderNames.create("traceparent")).ifPresent(v -> headers.put("traceparent", v));
        return io.tollgate.observability.Tracing.extract(headers);
    }

    static void send(ServerResponse res, Status status, Object body) {
        try {
            res.status(status);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.send(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer could not be serialized", e);
        }
    }

    static Map<String, Object> error(String code, String message, String field) {
        var body = new LinkedHashMap<String, Object>();
        body.put("code", code);
        body.put("message", message);
        body.put("field", field);
        return body;
    }

    /** Joins path segments for error messages without pulling in a JSON-pointer library. */
    static String path(String... parts) {
        return String.join(".", Arrays.stream(parts).filter(p -> p != null && !p.isEmpty()).toList()).replace(".[", "[");
    }

    /** 400 {@code unknown_field} naming the first field of {@code object} not in {@code known} (path under {@code prefix}). */
    static void rejectUnknownFields(JsonNode object, Set<String> known, String prefix) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown_field", path(prefix, name),
                        "unknown field; allowed: " + String.join(", ", known.stream().sorted().toList()));
            }
        });
    }

    /**
     * The body of an action that only takes a reason ({@code {"reason": "…"}}): the reason, stripped; 400 naming the
     * field when another field is sent or the reason is missing or blank.
     *
     * @param what the action, for the message ("a control action", "revoking an override")
     */
    static String readReason(ServerRequest req, int maxBytes, String what) {
        var body = readJsonObject(req, maxBytes);
        rejectUnknownFields(body, Set.of("reason"), "");
        var reason = body.get("reason");
        if (reason == null || !reason.isTextual() || reason.textValue().isBlank()) {
            throw ApiException.badRequest("missing_field", "reason", what + " needs a non-empty reason");
        }
        TextRules.requireStorable(body, "");
        return TextRules.requireText("reason", reason.textValue());
    }
}
