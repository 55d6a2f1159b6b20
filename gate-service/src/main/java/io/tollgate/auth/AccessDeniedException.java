package io.tollgate.auth;

/**
 * The caller may not do this: {@code unauthenticated} (no or unknown token → 401) or
 * authenticated without the needed permission (→ 403).
 */
public class AccessDeniedException extends RuntimeException {
    private final boolean unauthenticated;

    private AccessDeniedException(String message, boolean unauthenticated) {
        super(message);
        this.unauthenticated = unauthenticated;
    }

    public static AccessDeniedException unauthenticated(String message) {
        return new AccessDeniedException(message, true);
    }

    public static AccessDeniedException forbidden(String message) {
        return new AccessDeniedException(message, false);
    }

    public boolean unauthenticated() {
        return unauthenticated;
    }
}
