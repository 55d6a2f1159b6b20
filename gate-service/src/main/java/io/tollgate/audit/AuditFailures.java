package io.tollgate.audit;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jooq.exception.DataAccessException;

/** Turns database failures into {@link AuditUnavailableException} with a one-line cause. */
final class AuditFailures {
    private static final Logger LOG = Logger.getLogger(AuditFailures.class.getName());

    private AuditFailures() {
    }

    static <T> T guarded(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (DataAccessException e) {
            LOG.log(Level.WARNING, "audit " + operation + " failed: " + firstLine(e));
            throw new AuditUnavailableException("audit log unavailable (" + operation + "): " + firstLine(e), e);
        }
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
