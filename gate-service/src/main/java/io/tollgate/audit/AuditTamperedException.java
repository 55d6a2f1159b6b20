package io.tollgate.audit;

/**
 * The chain's head was not written by this service (no valid signature): appending would vouch for it,
 * so nothing is recorded. A kind of {@link AuditUnavailableException}, so gate checks answer 503.
 */
public final class AuditTamperedException extends AuditUnavailableException {
    AuditTamperedException(String message) {
        super(message, null);
    }
}
