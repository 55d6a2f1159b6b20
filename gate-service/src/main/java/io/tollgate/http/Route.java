package io.tollgate.http;

import io.tollgate.auth.Role;

/**
 * One registered endpoint and what it requires of its caller.
 *
 * @param method     HTTP method, e.g. {@code GET}
 * @param path       full path pattern, e.g. {@code /v1/decisions/{id}}
 * @param permission what the caller's role must grant; null for an open route (no token needed)
 */
public record Route(String method, String path, Role.Permission permission) {

    public boolean open() {
        return permission == null;
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + (open() ? "open" : permission) + ")";
    }
}
