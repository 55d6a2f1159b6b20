package io.tollgate.auth;

/**
 * Who sent a request, resolved once per request from its bearer token: a known {@link Principal}, or an
 * anonymous caller with the reason no principal was found. Routes then ask for the permission they need.
 */
public sealed interface Caller {

    /**
     * The principal, if its role grants {@code permission}.
     *
     * @throws AccessDeniedException unauthenticated (401) for an anonymous caller; forbidden (403) when the
     *                               principal's role lacks the permission
     */
    Principal require(Role.Permission permission);

    /** A caller with a known token. */
    record Known(Principal principal) implements Caller {
        @Override
        public Principal require(Role.Permission permission) {
            if (!principal.role().may(permission)) {
                throw AccessDeniedException.forbidden("role " + principal.role().wire() + " may not " + permission.action());
            }
            return principal;
        }
    }

    /** @param problem why the request has no principal: no, malformed or unknown token */
    record Anonymous(String problem) implements Caller {
        @Override
        public Principal require(Role.Permission permission) {
            throw AccessDeniedException.unauthenticated(problem);
        }
    }
}
