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
import java.util.Set;

/**
 * Helidon's {@link HttpRules} where every route names its permission and the query parameters it accepts
 * (none unless declared). The handler runs only when the caller resolved by {@link RouteTable#authenticate}
 * holds the permission (otherwise 401 or 403 through {@link ErrorMapping}) and the query has no other
 * parameter (otherwise 400 {@code unknown_field} naming it). Every registration is recorded in the
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

    /** A handler of an authorized request without query parameters. */
    @FunctionalInterface
    public interface SecureHandler {
        void handle(ServerRequest req, ServerResponse res, Principal caller) throws Exception;
    }

    /** A handler of an authorized request, with its query already checked against the declared names. */
    @FunctionalInterface
    public interface QueryHandler {
        void handle(ServerRequest req, ServerResponse res, Principal caller, QueryParams query) throws Exception;
    }

    public SecureRules get(String path, Permission permission, SecureHandler handler) {
        return secure(Method.GET, path, permission, Set.of(), Set.of(), ignoringQuery(handler));
    }

    /** A GET that accepts exactly the query parameters {@code queryParams}, each at most once. */
    public SecureRules get(String path, Permission permission, Set<String> queryParams, QueryHandler handler) {
        return secure(Method.GET, path, permission, queryParams, Set.of(), handler);
    }

    public SecureRules post(String path, Permission permission, SecureHandler handler) {
        return secure(Method.POST, path, permission, Set.of(), Set.of(), ignoringQuery(handler));
    }

    /** A POST that accepts exactly the query parameters {@code queryParams}, each at most once (its body is not JSON). */
    public SecureRules post(String path, Permission permission, Set<String> queryParams, QueryHandler handler) {
        return secure(Method.POST, path, permission, queryParams, Set.of(), handler);
    }

    /**
     * A POST whose input is a JSON object with the top-level fields {@code bodyFields}: options such as
     * {@code dryRun} go there, so a query parameter of that name is refused with a pointer to the body.
     */
    public SecureRules postJson(String path, Permission permission, Set<String> bodyFields, SecureHandler handler) {
        return secure(Method.POST, path, permission, Set.of(), bodyFields, ignoringQuery(handler));
    }

    public SecureRules put(String path, Permission permission, SecureHandler handler) {
        return secure(Method.PUT, path, permission, Set.of(), Set.of(), ignoringQuery(handler));
    }

    public SecureRules delete(String path, Permission permission, SecureHandler handler) {
        return secure(Method.DELETE, path, permission, Set.of(), Set.of(), ignoringQuery(handler));
    }

    /** A route anyone may call without a token, with no query parameters; each one is listed in docs/api.md. */
    public SecureRules open(Method method, String path, Handler handler) {
        var route = add(method, path, null, Set.of(), Set.of());
        rules.route(method, path, (req, res) -> {
            QueryParams.of(req.query(), route);
            handler.handle(req, res);
        });
        return this;
    }

    private SecureRules secure(Method method, String path, Permission permission, Set<String> queryParams,
                               Set<String> bodyFields, QueryHandler handler) {
        Objects.requireNonNull(permission, "permission: use open(...) for a route without one");
        var route = add(method, path, permission, queryParams, bodyFields);
        rules.route(method, path, (req, res) -> {
            // Who may call comes first: an anonymous caller learns nothing about the parameters.
            var caller = RouteTable.caller(req).require(permission);
            handler.handle(req, res, caller, QueryParams.of(req.query(), route));
        });
        return this;
    }

    private Route add(Method method, String path, Permission permission, Set<String> queryParams, Set<String> bodyFields) {
        var route = new Route(method.text(), RouteTable.join(prefix, path), permission, queryParams, bodyFields);
        table.add(route);
        return route;
    }

    private static QueryHandler ignoringQuery(SecureHandler handler) {
        return (req, res, caller, query) -> handler.handle(req, res, caller);
    }

    /** Resolved once per request by the filter; a request that somehow skipped it counts as anonymous. */
    static Caller anonymous() {
        return new Caller.Anonymous("missing Authorization header (expected: Bearer <token>)");
    }
}
