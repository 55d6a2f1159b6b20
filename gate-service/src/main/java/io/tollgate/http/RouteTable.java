package io.tollgate.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.tollgate.auth.Caller;
import io.tollgate.auth.TokenAuthenticator;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the service with the permission it requires, filled as resources register through
 * {@link SecureRules}. The service's routing is built through this table only, so the table is complete.
 */
public final class RouteTable {
    private static final String CALLER = "tollgate.caller";
    private final List<Route> routes = new ArrayList<>();

    /**
     * Resolves the caller of every request once, before any route runs, and keeps it in the request
     * context. Never refuses a request itself: each route decides with the permission it declared.
     */
    public RouteTable authenticate(HttpRouting.Builder routing, TokenAuthenticator auth) {
        routing.any((req, res) -> {
            req.context().register(CALLER, auth.identify(req.headers().first(HeaderNames.AUTHORIZATION)));
            res.next();
        });
        return this;
    }

    /** Registers {@code service}'s routes under {@code prefix}, recording each with its permission. */
    public RouteTable register(HttpRouting.Builder routing, String prefix, SecureService service) {
        HttpService adapter = rules -> service.routing(new SecureRules(rules, prefix, this));
        routing.register(prefix, adapter);
        return this;
    }

    /** The routes registered so far, in registration order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    void add(Route route) {
        routes.add(route);
    }

    static Caller caller(ServerRequest req) {
        return req.context().get(CALLER, Caller.class).orElseGet(SecureRules::anonymous);
    }

    static String join(String prefix, String path) {
        if (path.equals("/") || path.isEmpty()) {
            return prefix;
        }
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) + path : prefix + path;
    }
}
