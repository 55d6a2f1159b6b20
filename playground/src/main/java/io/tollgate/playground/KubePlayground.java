package io.tollgate.playground;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tollgate.testsupport.Backend;
import io.tollgate.testsupport.KubeControlPlane;
import io.tollgate.testsupport.KubeCrds;
import io.tollgate.testsupport.KubeRbac;
import io.tollgate.testsupport.KubeTestbed;
import io.tollgate.testsupport.KubeTools;
import io.tollgate.testsupport.PrometheusFixture;
import io.tollgate.testsupport.TextExporter;
import io.tollgate.testsupport.UnleashFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The playground of {@code scripts/demo-kubernetes.sh}: a real control plane (etcd + kube-apiserver from
 * {@code .tools/k8s/}, {@link KubeControlPlane}) with the Gateway API and Istio CRDs, namespace {@value #NAMESPACE} with
 * a Gateway (its GatewayClass CRD is left out: nothing reconciles classes here), four Services, HTTPRoute {@code checkout} and VirtualService {@code payments}; four backends;
 * a router ({@link KubeRouter}) that follows both routes' weights and splits its load between the backends (and, as the
 * gateway controller would, reports each HTTPRoute generation it follows as accepted in the route's status); Prometheus
 * scraping the router (and {@code --scrape} targets); Unleash (a release needs a flag); the control API. Writes
 * {@code early-<env file>} once Unleash and Prometheus are up (what Tollgate's configuration needs, so that it can start
 * alongside), the env file last, as the readiness signal, and runs until SIGTERM/SIGINT.
 *
 * <pre>
 * java -Djava.io.tmpdir=DIR -cp tollgate-playground.jar io.tollgate.playground.KubePlayground \
 *      --env-file DIR/kube.env [--scrape 127.0.0.1:PORT] [--rps 60]
 * </pre>
 */
public final class KubePlayground {
    static final String NAMESPACE = "shop";
    private static final Duration CRD_DEADLINE = Duration.ofSeconds(90);

    private KubePlayground() {
    }

    public static void main(String[] args) {
        Playground.Options options;
        try {
            options = Playground.Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("playground: " + e.getMessage());
            System.err.println("usage: KubePlayground --env-file FILE [--scrape 127.0.0.1:PORT]... [--rps N]");
            System.exit(2);
            return;
        }
        Playground.runUntilStopped(p -> start(p, options));
    }

    private static void start(Playground p, Playground.Options o) {
        long t0 = System.nanoTime();
        // Prometheus and Unleash (embedded PostgreSQL, Node) start while the control plane does; once both are up, the
        // early env file lets the demo start Tollgate (whose kubeconfig is read on the first release) in parallel.
        var exporter = p.started(TextExporter.start(""));
        var targets = new ArrayList<>(List.of(exporter.hostPort()));
        targets.addAll(o.extraTargets());
        var prometheus = p.started(PrometheusFixture.builder().scrapeTargets(targets.toArray(String[]::new))
                .scrapeInterval(Duration.ofSeconds(1)).start());
        Path kubeconfig = o.envFile().resolveSibling("tollgate-kubeconfig");
        var unleashStart = CompletableFuture.supplyAsync(UnleashFixture::shared);
        p.started(() -> unleashStart.thenAccept(UnleashFixture::stop).join());
        unleashStart.thenAccept(unleash -> {
            Playground.writeEnv(o.envFile().resolveSibling("early-" + o.envFile().getFileName()), earlyEnv(unleash, prometheus, kubeconfig));
            Playground.log("Unleash %s and Prometheus %s up after %d ms (early env written)", unleash.baseUrl(), prometheus.url(),
                    Playground.ms(t0));
        });

        var tools = KubeTools.locate();
        var plane = p.started(KubeControlPlane.start(tools));
        KubernetesClient admin = plane.admin();
        var crds = new ArrayList<Path>();
        crds.addAll(tools.gatewayApiCrds().stream().filter(f -> f.getFileName().toString()
                .matches(".*_(httproutes|gateways)\\.yaml")).toList());
        crds.addAll(tools.istioCrds().stream().filter(f -> f.getFileName().toString().endsWith("virtualservices.yaml")).toList());
        var names = KubeCrds.applyAndAwaitEstablished(admin, crds, CRD_DEADLINE);
        Playground.log("kube-apiserver %s ready (etcd, TLS, RBAC) after %d ms; CRDs established: %s", plane.url(), Playground.ms(t0), names);

        var checkoutStable = p.started(Backend.start("checkout-v149"));
        var checkoutCanary = p.started(Backend.start("checkout-v150"));
        var paymentsStable = p.started(Backend.start("payments-v88"));
        var paymentsCanary = p.started(Backend.start("payments-v89"));
        createShop(admin);
        Playground.log("namespace %s: Gateway edge (class playground), Services, HTTPRoute checkout (rule main: "
                + "checkout-stable 100 / checkout-canary 0), VirtualService payments (http route primary: payments-stable 100 / "
                + "payments-canary 0)", NAMESPACE);

        // Tollgate's user may get and patch exactly these two routes (docs/adapters.md's Role); the auditor only reads them.
        var tollgate = plane.newUser();
        KubeRbac.bindRoleToUser(admin, NAMESPACE, "tollgate-traffic", List.of(
                KubeTestbed.getAndPatch("gateway.networking.k8s.io", "httproutes", List.of("checkout")),
                KubeTestbed.getAndPatch("networking.istio.io", "virtualservices", List.of("payments"))), tollgate);
        var auditor = plane.newUser();
        KubeRbac.bindRoleToUser(admin, NAMESPACE, "route-reader", List.of(
                new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withApiGroups("gateway.networking.k8s.io", "networking.istio.io")
                        .withResources("httproutes", "virtualservices").withVerbs("get").build()), auditor);
        plane.writeKubeconfig(tollgate.token(), kubeconfig);

        var router = p.started(new KubeRouter(admin, List.of(
                new FollowedRoute(RouteKind.HTTP_ROUTE, NAMESPACE, "checkout", "main", "checkout-stable", checkoutStable,
                        "checkout-canary", checkoutCanary),
                new FollowedRoute(RouteKind.VIRTUAL_SERVICE, NAMESPACE, "payments", "primary", "payments-stable", paymentsStable,
                        "payments-canary", paymentsCanary)), exporter));
        prometheus.awaitFirstScrape(exporter.hostPort(), Duration.ofSeconds(30));
        var load = p.started(LoadGenerator.start(router::next, o.rps()));
        var control = p.started(new ControlServer(Map.of("checkout-stable", checkoutStable, "checkout-canary", checkoutCanary,
                "payments-stable", paymentsStable, "payments-canary", paymentsCanary), router::traffic, load));
        Playground.log("router following both routes every %d ms, %d requests/s (half per route); Prometheus %s scraping %s",
                KubeRouter.POLL_MS, o.rps(), prometheus.url(), targets);

        var env = earlyEnv(unleashStart.join(), prometheus, kubeconfig);
        env.put("KUBE_API_URL", plane.url().toString());
        env.put("KUBE_CA", plane.caCert().toAbsolutePath().toString());
        env.put("KUBE_TOLLGATE_USER", tollgate.name());
        env.put("KUBE_AUDITOR_TOKEN", auditor.token());
        env.put("PLAYGROUND_CONTROL_URL", control.url().toString());
        Playground.writeEnv(o.envFile(), env);
        Playground.log("ready after %d ms: control API %s", Playground.ms(t0), control.url());
    }

    /** What Tollgate's configuration needs: Unleash, Prometheus, the namespace and where its kubeconfig will be. */
    private static Map<String, String> earlyEnv(UnleashFixture unleash, PrometheusFixture prometheus, Path kubeconfig) {
        var env = new LinkedHashMap<String, String>();
        env.put("UNLEASH_URL", unleash.baseUrl().toString());
        env.put("UNLEASH_ADMIN_TOKEN", unleash.adminToken());
        env.put("PROMETHEUS_URL", prometheus.url().toString());
        env.put("KUBE_NAMESPACE", NAMESPACE);
        env.put("KUBE_TOLLGATE_KUBECONFIG", kubeconfig.toString());
        return env;
    }

    /** Creates the namespace and its objects as an operator would apply them. */
    private static void createShop(KubernetesClient admin) {
        var objects = admin.load(new ByteArrayInputStream(SHOP.getBytes(StandardCharsets.UTF_8))).items();
        for (HasMetadata item : objects) {
            if (item instanceof GenericKubernetesResource r) {
                var resources = admin.genericKubernetesResources(r.getApiVersion(), r.getKind());
                (r.getMetadata().getNamespace() == null ? resources.resource(r) : resources.inNamespace(NAMESPACE).resource(r)).create();
            } else {
                admin.resource(item).create();
            }
        }
    }

    private static final String SHOP = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: edge, namespace: shop}
            spec:
              gatewayClassName: playground
              listeners: [{name: http, protocol: HTTP, port: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: checkout-stable, namespace: shop}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: checkout-canary, namespace: shop}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: payments-stable, namespace: shop}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: payments-canary, namespace: shop}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: checkout, namespace: shop}
            spec:
              parentRefs: [{name: edge}]
              rules:
              - name: main
                backendRefs:
                - {name: checkout-stable, port: 80, weight: 100}
                - {name: checkout-canary, port: 80, weight: 0}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: payments, namespace: shop}
            spec:
              hosts: [payments]
              http:
              - name: primary
                route:
                - {destination: {host: payments-stable}, weight: 100}
                - {destination: {host: payments-canary}, weight: 0}
            """;
}
