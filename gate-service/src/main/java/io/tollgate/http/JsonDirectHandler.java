package io.tollgate.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.tollgate.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Answers the errors Helidon raises before routing (bad framing, URI or headers too long, body over
 * the hard limit, HTTP/1.0, a request cut off mid-headers) with the same {@code {code, message, field}} body as
 * every other error, instead of an empty one. Messages are fixed per case: transport errors never echo
 * parser internals; Helidon's message is only used to tell "headers too large" from other malformed headers.
 */
final class JsonDirectHandler implements DirectHandler {
    /** All header lines together (not the request line); Helidon's default, set here because docs/api.md states it. */
    static final int MAX_HEADERS_BYTES = 16 * 1024;
    /** What Helidon 4.3's header parser says when {@link #MAX_HEADERS_BYTES} is exceeded (pinned by HttpHardeningTest). */
    private static final String HEADER_SIZE_EXCEEDED = "Header size exceeded";
    private static final Status HEADERS_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    static DirectHandlers handlers() {
        var handler = new JsonDirectHandler();
        var builder = DirectHandlers.builder();
        for (var type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /** HTTP/1 parsing with the documented header limit, the listener that tells a cut-off request apart, and {@code deadlines}. */
    static Http1Config http1(Http1ConnectionListener deadlines) {
        return Http1Config.builder()
                .maxHeadersSize(MAX_HEADERS_BYTES)
                .addReceiveListener(new HeaderPhase(deadlines))
                .build();
    }

    /**
     * Lets Helidon pass its (safe) message to the direct handler, which uses it only to classify the error;
     * the body of an answer is always one of the fixed texts below.
     */
    static ErrorHandling errorHandling() {
        return ErrorHandling.builder().includeEntity(true).logAllMessages(false).build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        boolean cutOffInHeaders = HeaderPhase.takeReadingHeaders();
        Status answer = status;
        String code;
        String text;
        if (eventType == EventType.INTERNAL_ERROR && cutOffInHeaders) {
            // The client closed (or reset) the connection before the blank line ending the headers: its error,
            // answered 400 so Helidon does not log it as an internal error.
            answer = Status.BAD_REQUEST_400;
            code = "bad_request";
            text = "the request ended before its headers were complete";
        } else if (status.code() == 400 && HEADER_SIZE_EXCEEDED.equals(message)) {
            answer = HEADERS_TOO_LARGE;
            code = "headers_too_large";
            text = "request headers are larger than " + MAX_HEADERS_BYTES + " bytes in total";
        } else {
            code = code(status);
            text = text(request, status);
        }
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        return TransportResponse.builder()
                .status(answer)
                .headers(headers)
                .keepAlive(false)
                .entity(body(code, text))
                .build();
    }

    private static String code(Status status) {
        return switch (status.code()) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            default -> status.code() >= 500 ? "internal_error" : "bad_request";
        };
    }

    private static String text(TransportRequest request, Status status) {
        return switch (status.code()) {
            case 400 -> "malformed HTTP request";
            case 404 -> "no endpoint " + request.method() + " " + request.path() + " (see docs/api.md)";
            case 413 -> "request body is too large";
            case 414 -> "request URI is too long";
            case 431 -> "request headers are larger than " + MAX_HEADERS_BYTES + " bytes in total";
            case 505 -> "only HTTP/1.1 is supported (HTTP/1.0 is refused); send the request as HTTP/1.1";
            default -> status.reasonPhrase();
        };
    }

    private static byte[] body(String code, String text) {
        String body;
        try {
            body = Json.mapper().writeValueAsString(HttpIo.error(code, text, null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = "{\"code\":\"" + code + "\",\"message\":null,\"field\":null}";
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
