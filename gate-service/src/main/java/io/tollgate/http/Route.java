package io.tollgate.http;

import io.tollgate.auth.Role;
import java.util.Set;

/**
 * One registered endpoint and what it requires of its caller.
 *
 * @param method      HTTP method, e.g. {@code GET}
 * @param path        full path pattern, e.g. {@code /v1/decisions/{id}}
 * @param permission  what the caller's role must grant; null for an open route (no token needed)
 * @param queryParams the query parameters it accepts; any other is refused before its handler runs
 * @param bodyFields  the top-level fields of its JSON body, empty when it reads none; named in the answer
 *                    when a client sends one of them as a query parameter instead
 */
public record Route(String method, String path, Role.Permission permission, Set<String> queryParams, Set<String> bodyFields) {

    public Route {
        queryParams = Set.copyOf(queryParams);
        bodyFields = Set.copyOf(bodyFields);
    }

    public boolean open() {
        return permission == null;
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + (open() ? "open" : permission) + ")";
    }
}
