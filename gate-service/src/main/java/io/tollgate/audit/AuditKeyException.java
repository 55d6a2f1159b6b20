package io.tollgate.audit;

/** The audit signing key cannot be read, created or trusted; the message names the file. */
public final class AuditKeyException extends RuntimeException {
    public AuditKeyException(String message) {
        super(message);
    }
}
