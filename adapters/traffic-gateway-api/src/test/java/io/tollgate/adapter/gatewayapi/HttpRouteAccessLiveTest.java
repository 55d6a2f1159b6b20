package io.tollgate.adapter.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.KubeRbac;
import io.tollgate.testsupport.KubeTestbed;
import io.tollgate.testsupport.TempFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Access to the API server: least privilege (a Role with get and patch on named HTTPRoutes, as a token-file user and
 * as an in-cluster ServiceAccount), a forbidden route reported as a failure that is not retried, and an API server
 * that refuses connections or never answers.
 */
@Tag("live")
class HttpRouteAccessLiveTest {
    static final TrafficTarget SECRET = new TrafficTarget("secret", "app-stable", "app-canary");
    static KubeTestbed bed;

    @BeforeAll
    static void start() {
        bed = KubeTestbed.create("gw-access", "gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", List.of("granted"));
        for (String name : List.of("granted", "secret", "by-sa")) {
            bed.create("""
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: %s}
                    spec:
                      rules:
                      - backendRefs:
                        - {name: app-stable, port: 80, weight: 100}
                        - {name: app-canary, port: 80, weight: 0}
                    """.formatted(name));
        }
    }

    static TrafficRouter router(Map<String, Object> section) {
        var s = new HashMap<String, Object>(section);
        s.put("type", "gateway-api");
        if (!s.containsKey("namespace")) {
            s.put("namespace", bed.namespace());
        }
        s.put("requireAcceptance", false);
        var adapter = AdapterProviders.installed().configure("adapters", Map.of("edge", s)).get("edge").adapter();
        return ((TrafficAdapter) adapter).create();
    }

    @Test
    void a_route_outside_the_role_is_forbidden_reported_as_a_failure_not_to_retry_and_left_unchanged() {
        try (var router = router(Map.of("kubeconfig", bed.kubeconfig().toString()))) {
            assertThat(router.apply(new TrafficTarget("granted", "app-stable", "app-canary"), 10)).isInstanceOf(AdapterResult.Applied.class);
            assertThat(router.apply(SECRET, 10)).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
                assertThat(f.retryable()).isFalse();
                assertThat(f.detail()).contains("HTTP 403", "forbidden", bed.user().name());
            });
            assertThat(router.reset(SECRET)).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> assertThat(f.retryable()).isFalse());
            assertThat(router.observe(SECRET)).isInstanceOfSatisfying(Observation.CannotVerify.class,
                    c -> assertThat(c.reason()).contains("HTTP 403"));
        }
        assertThat(bed.resource("secret").get().getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void works_in_cluster_with_a_service_account_token_bound_to_the_same_narrow_role() {
        var rule = KubeTestbed.getAndPatch("gateway.networking.k8s.io", "httproutes", List.of("by-sa"));
        KubeRbac.bindRoleToServiceAccount(bed.admin(), bed.namespace(), "tollgate-sa", List.of(rule), "tollgate");
        var dir = KubeRbac.mountServiceAccount(bed.admin(), bed.plane(), bed.namespace(), "tollgate",
                TempFiles.createDir("serviceaccount-"));
        // No namespace key: the ServiceAccount's namespace file says where the routes are.
        var section = new HashMap<String, Object>(Map.of("inCluster", true, "serviceAccountDir", dir.toString(),
                "apiServer", bed.plane().url().toString()));
        section.put("namespace", null);
        try (var router = router(section)) {
            var target = new TrafficTarget("by-sa", "app-stable", "app-canary");
            assertThat(router.apply(target, 30)).isInstanceOf(AdapterResult.Applied.class);
            assertThat(router.observe(target)).isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isEqualTo(30));
            assertThat(router.apply(SECRET, 30)).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
                assertThat(f.retryable()).isFalse();
                assertThat(f.detail()).contains("HTTP 403", "system:serviceaccount:" + bed.namespace() + ":tollgate");
            });
        }
    }

    @Test
    void an_api_server_that_refuses_connections_is_a_retryable_failure_and_unreachable() throws IOException {
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var kubeconfig = bed.plane().writeKubeconfig(URI.create("https://127.0.0.1:" + closed), bed.user().token(),
                TempFiles.createDir("kubeconfig-closed-").resolve("config"));
        try (var router = router(Map.of("kubeconfig", kubeconfig.toString(), "callTimeout", "1s"))) {
            long start = System.nanoTime();
            assertThat(router.apply(SECRET, 10)).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
                assertThat(f.retryable()).as(f.detail()).isTrue();
                assertThat(f.detail()).contains("did not answer");
            });
            assertThat(router.observe(SECRET)).isInstanceOf(Observation.Unreachable.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
        }
    }

    @Test
    void an_api_server_that_never_answers_is_cut_off_at_the_call_timeout() throws IOException {
        var held = new ArrayList<Socket>();
        try (var silent = new ServerSocket(0)) {
            var acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            var kubeconfig = bed.plane().writeKubeconfig(URI.create("https://127.0.0.1:" + silent.getLocalPort()),
                    bed.user().token(), TempFiles.createDir("kubeconfig-silent-").resolve("config"));
            try (var router = router(Map.of("kubeconfig", kubeconfig.toString(), "callTimeout", "500ms"))) {
                long start = System.nanoTime();
                assertThat(router.apply(SECRET, 10)).isInstanceOfSatisfying(AdapterResult.Failed.class,
                        f -> assertThat(f.retryable()).as(f.detail()).isTrue());
                long applyMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(router.observe(SECRET)).isInstanceOf(Observation.Unreachable.class);
                assertThat(applyMillis).isBetween(400L, 3_000L);
            }
            acceptor.interrupt();
        } finally {
            for (var s : held) {
                s.close();
            }
        }
    }

    @Test
    void an_unreadable_kubeconfig_makes_every_call_a_failure_naming_the_file() {
        try (var router = router(Map.of("kubeconfig", "/nonexistent/kubeconfig"))) {
            assertThat(router.apply(SECRET, 10)).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
                assertThat(f.retryable()).isFalse();
                assertThat(f.detail()).contains("/nonexistent/kubeconfig");
            });
            assertThat(router.observe(SECRET)).isInstanceOf(Observation.CannotVerify.class);
        }
    }
}
