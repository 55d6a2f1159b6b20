package io.tollgate.override;

/** No override with this id (404). */
public final class OverrideNotFoundException extends RuntimeException {
    public OverrideNotFoundException(String id) {
        super("no override " + id);
    }
}
