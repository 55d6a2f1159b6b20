package io.tollgate.http;

import io.helidon.http.Status;

/**
 * A client error answered with {@code {code, message, field}}. {@code field} is the JSON path of
 * the offending input (e.g. {@code change.approvals[1]}), or null when it is about the whole request.
 */
public class ApiException extends RuntimeException {
    private final Status status;
    private final String code;
    private final String field;

    public ApiException(Status status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String code, String field, String message) {
        return new ApiException(Status.BAD_REQUEST_400, code, field, message);
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
