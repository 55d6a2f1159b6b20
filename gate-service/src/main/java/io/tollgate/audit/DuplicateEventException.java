package io.tollgate.audit;

/** An event whose subject is already recorded for its kind (a decision id appended twice): a caller bug. */
public final class DuplicateEventException extends IllegalArgumentException {
    DuplicateEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
