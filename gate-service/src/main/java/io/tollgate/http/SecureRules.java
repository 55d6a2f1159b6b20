package io.tollgate.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Caller;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import java.util.Objects;

/**
 * Helidon's {@link HttpRules} where every route names its permission. The handler runs only when the
 * caller resolved by {@link RouteTable#authenticate} holds it, and receives that caller; otherwise the
 * request ends in 401 or 403 through {@link ErrorMapping}. Every registration is recorded in the
 * {@link RouteTable}, so tests can walk all routes.
 */
public final class SecureRules {
    private final HttpRules rules;
    private final String prefix;
    private final RouteTable table;

    SecureRules(HttpRules rules, String prefix, RouteTable table) {
        this.rules = rules;
        this.prefix = prefix;
        this.table = table;
    }

    /** A handler of an authorized request. */
    @FunctionalInterface
    public interface SecureHandler {
        void handle(ServerRequest req, ServerResponse res, Principal caller) throws Exception;
    }

    public SecureRules get(String path, Permission permission, SecureHandler handler) {
        return secure(Method.GET, path, permission, handler);
    }

    public SecureRules post(String path, Permission permission, SecureHandler handler) {
        return secure(Method.POST, path, permission, handler);
    }

    public SecureRules put(String path, Permission permission, SecureHandler handler) {
        return secure(Method.PUT, path, permission, handler);
    }

    public SecureRules delete(String path, Permission permission, SecureHandler handler) {
        return secure(Method.DELETE, path, permission, handler);
    }

    /** A route anyone may call without a token; each one is listed in docs/api.md. */
    public SecureRules open(Method method, String path, Handler handler) {
        table.add(new Route(method.text(), RouteTable.join(prefix, path), null));
        rules.route(method, path, handler);
        return this;
    }

    private SecureRules secure(Method method, String path, Permission permission, SecureHandler handler) {
        Objects.requireNonNull(permission, "permission: use open(...) for a route without one");
        table.add(new Route(method.text(), RouteTable.join(prefix, path), permission));
        rules.route(method, path, (req, res) -> handler.handle(req, res, RouteTable.caller(req).require(permission)));
        return this;
    }

    /** Resolved once per request by the filter; a request that somehow skipped it counts as anonymous. */
    static Caller anonymous() {
        return new Caller.Anonymous("missing Authorization header (expected: Bearer <token>)");
    }
}
