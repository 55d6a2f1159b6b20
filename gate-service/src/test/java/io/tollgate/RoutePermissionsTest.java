package io.tollgate;

import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.tollgate.auth.Role;
import io.tollgate.auth.TokenAuthenticator;
import io.tollgate.http.Route;
import io.tollgate.http.RouteTable;
import io.tollgate.observability.GateMetrics;
import io.tollgate.support.TestTollgate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Walks every registered route of the real routing (no database, no policy engine: a refused call never
 * reaches a handler) and checks that each one refuses an unauthenticated call, except the documented open
 * ones. A new endpoint is covered by registering it; nothing here needs to change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutePermissionsTest {
    /** The open routes docs/api.md lists; everything else needs a token. */
    private static final Set<String> DOCUMENTED_OPEN = Set.of("GET /metrics", "GET /health/live", "GET /health/ready");

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<RouteTable> table = new AtomicReference<>();
    private WebServer server;

    @BeforeAll
    void start() {
        var components = new Tollgate.Components(null, null, null, null, null,
                new TokenAuthenticator(TestTollgate.testTokens()), new GateMetrics(), 64 * 1024);
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> table.set(Tollgate.routing(routing, components)))
                .build().start();
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    @Test
    void the_table_lists_every_resource_and_only_the_documented_routes_are_open() {
        var routes = table.get().routes();

        assertThat(routes).extracting(Route::path)
                .contains("/v1/gates/check", "/v1/decisions", "/v1/decisions/{id}", "/v1/audit/verify", "/v1/slos/reload");
        assertThat(routes.stream().filter(Route::open).map(r -> r.method() + " " + r.path()))
                .containsExactlyInAnyOrderElementsOf(DOCUMENTED_OPEN);
    }

    @Test
    void every_route_but_the_open_ones_answers_401_without_a_token() throws Exception {
        for (var route : secured()) {
            var answer = call(route, null);

            assertThat(answer.statusCode()).as(route.toString()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(route.toString()).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(answer.body()).as(route.toString()).contains("\"code\":\"unauthenticated\"");
            assertThat(call(route, "not-a-real-token").statusCode()).as(route + " with an unknown token").isEqualTo(401);
        }
    }

    @Test
    void every_route_answers_403_to_a_role_without_its_permission() throws Exception {
        for (var route : secured()) {
            String token = !Role.CI.may(route.permission()) ? CI_TOKEN
                    : !Role.VIEWER.may(route.permission()) ? VIEWER_TOKEN : null;
            if (token == null) {
                continue; // every non-admin role may: nothing to refuse
            }
            var answer = call(route, token);

            assertThat(answer.statusCode()).as(route.toString()).isEqualTo(403);
            assertThat(answer.body()).as(route.toString()).contains("\"code\":\"forbidden\"");
        }
    }

    @Test
    void every_route_refuses_an_unknown_query_parameter_before_its_handler_runs() throws Exception {
        // The components are null: an answer other than the 400 would mean the handler ran (and failed).
        for (var route : table.get().routes()) {
            var answer = call(route, route.open() ? null : ADMIN_TOKEN, "?surprise=1");

            assertThat(answer.statusCode()).as(route + " " + answer.body()).isEqualTo(400);
            assertThat(answer.body()).as(route.toString()).contains("\"code\":\"unknown_field\"").contains("\"field\":\"surprise\"");
        }
    }

    @Test
    void query_parameters_are_declared_with_the_route_and_a_body_field_in_the_query_is_pointed_to_the_body() throws Exception {
        var routes = table.get().routes();
        var check = routes.stream().filter(r -> r.path().equals("/v1/gates/check")).findFirst().orElseThrow();
        var list = routes.stream().filter(r -> r.path().equals("/v1/decisions")).findFirst().orElseThrow();

        var dryRun = call(check, CI_TOKEN, "?dryRun=true");

        assertThat(check.queryParams()).isEmpty();
        assertThat(list.queryParams()).containsExactlyInAnyOrder("service", "outcome", "since", "limit", "cursor");
        assertThat(dryRun.statusCode()).isEqualTo(400);
        assertThat(dryRun.body()).contains("\"field\":\"dryRun\"").contains("JSON body");
    }

    private List<Route> secured() {
        var secured = table.get().routes().stream().filter(r -> !r.open()).toList();
        assertThat(secured).isNotEmpty();
        return secured;
    }

    private HttpResponse<String> call(Route route, String token) throws Exception {
        return call(route, token, "");
    }

    private HttpResponse<String> call(Route route, String token, String query) throws Exception {
        String path = route.path().replaceAll("\\{id}", UUID.randomUUID().toString()).replaceAll("\\{[^}]+}", "sample") + query;
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(route.method(), route.method().equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
