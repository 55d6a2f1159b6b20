package io.tollgate.audit;

/** The audit store could not be reached or could not commit; nothing of the operation was written. */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
