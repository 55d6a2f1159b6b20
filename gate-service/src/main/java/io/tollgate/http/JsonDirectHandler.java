package io.tollgate.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.tollgate.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Answers the errors Helidon raises before routing (bad framing, URI or headers too long, body over
 * the hard limit) with the same {@code {code, message, field}} body as every other error, instead of
 * an empty one. Messages are fixed per status: transport errors never echo parser internals.
 */
final class JsonDirectHandler implements DirectHandler {

    static DirectHandlers handlers() {
        var handler = new JsonDirectHandler();
        var builder = DirectHandlers.builder();
        for (var type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        String code = switch (status.code()) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            default -> status.code() >= 500 ? "internal_error" : "bad_request";
        };
        String text = switch (status.code()) {
            case 400 -> "malformed HTTP request";
            case 404 -> "no endpoint " + request.method() + " " + request.path() + " (see docs/api.md)";
            case 413 -> "request body is too large";
            case 414 -> "request URI is too long";
            case 431 -> "request headers are too large";
            default -> status.reasonPhrase();
        };
        String body;
        try {
            body = Json.mapper().writeValueAsString(HttpIo.error(code, text, null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = "{\"code\":\"" + code + "\",\"message\":null,\"field\":null}";
        }
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(false)
                .entity(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
