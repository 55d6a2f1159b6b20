package io.tollgate.audit;

/** A pagination cursor that this log did not issue (malformed or tampered with). */
public class InvalidCursorException extends RuntimeException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
