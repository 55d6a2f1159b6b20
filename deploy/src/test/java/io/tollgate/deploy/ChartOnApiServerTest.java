package io.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.tollgate.testsupport.KubeControlPlane;
import io.tollgate.testsupport.KubeRbac;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered chart against a real kube-apiserver (test-support's {@link KubeControlPlane}, with the Gateway API and
 * Istio CRDs): every object passes a server-side dry-run apply with strict field validation, and the chart's Role
 * lets its ServiceAccount get and patch exactly the named routes and nothing else.
 */
@Tag("live")
class ChartOnApiServerTest {
    private static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io").withVersion("v1").withPlural("httproutes").withKind("HTTPRoute").withNamespaced(true).build();
    private static final ResourceDefinitionContext VIRTUAL_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1").withPlural("virtualservices").withKind("VirtualService").withNamespaced(true).build();

    private static KubeControlPlane plane;
    private static KubernetesClient admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void controlPlane() {
        plane = KubeControlPlane.shared();
        admin = plane.admin();
    }

    @Test
    void every_rendered_object_passes_a_server_side_dry_run_apply_and_nothing_is_created() throws IOException {
        String release = KubeRbac.freshNamespace(admin, "tollgate");
        String shop = KubeRbac.freshNamespace(admin, "shop");
        String payments = KubeRbac.freshNamespace(admin, "payments");
        var variants = List.of(
                HelmChartTest.REQUIRED + rbac(shop, payments),
                HelmChartTest.REQUIRED + "replicaCount: 3\nstate: {persistence: {enabled: true}}\n"
                        + "sloDefinitions: {checkout.yaml: 'apiVersion: openslo/v1'}\nreleaseStrategies: 'canary: {}'\n"
                        + "secretEnv: {TOLLGATE_UNLEASH_TOKEN: {secret: unleash-admin, key: token}}\n");

        for (var values : variants) {
            var objects = load(render(release, values));
            assertThat(objects).isNotEmpty();
            for (var object : objects) {
                var applied = dryRunApply(release, object);
                assertThat(applied.getMetadata().getName()).isEqualTo(object.getMetadata().getName());
                assertThat(admin.resource(object).inNamespace(namespaceOf(release, object)).get())
                        .as("dry run must not create " + object.getKind() + " " + object.getMetadata().getName()).isNull();
            }
        }
    }

    @Test
    void the_api_server_really_validates_the_dry_run() throws IOException {
        String release = KubeRbac.freshNamespace(admin, "tollgate");
        var deployment = (Deployment) load(render(release, HelmChartTest.REQUIRED)).stream()
                .filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts().getFirst().setContainerPort(70000);

        assertThatThrownBy(() -> dryRunApply(release, deployment)).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining("containerPort");

        // Strict field validation: a misspelt field (which a lenient apply would drop silently) is refused.
        deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts().getFirst().setContainerPort(8080);
        deployment.getSpec().getTemplate().getSpec().getAdditionalProperties().put("serviceAcountName", "typo");
        assertThatThrownBy(() -> dryRunApply(release, deployment)).isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("serviceAcountName");
    }

    @Test
    void the_charts_role_lets_its_service_account_get_and_patch_only_the_named_routes() throws IOException {
        String release = KubeRbac.freshNamespace(admin, "tollgate");
        String shop = KubeRbac.freshNamespace(admin, "shop");
        String payments = KubeRbac.freshNamespace(admin, "payments");
        for (var name : List.of("checkout", "cart")) {
            admin.genericKubernetesResources(HTTP_ROUTE).inNamespace(shop).resource(httpRoute(shop, name)).create();
        }
        admin.genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(payments).resource(virtualService(payments, "ledger")).create();
        // Apply the chart's ServiceAccount, Roles and RoleBindings for real (the rest needs controllers this plane lacks).
        var objects = load(render(release, HelmChartTest.REQUIRED + rbac(shop, payments)));
        objects.stream().filter(o -> List.of("ServiceAccount", "Role", "RoleBinding").contains(o.getKind()))
                .forEach(o -> admin.resource(o).inNamespace(namespaceOf(release, o)).fieldManager("helm-test").serverSideApply());
        String account = objects.stream().filter(o -> o.getKind().equals("ServiceAccount")).findFirst().orElseThrow().getMetadata().getName();
        String token = admin.serviceAccounts().inNamespace(release).withName(account).tokenRequest(new TokenRequestBuilder()
                .withNewSpec().withAudiences("https://kubernetes.default.svc").withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();

        try (var tollgate = plane.clientWithToken(token)) {
            var routes = tollgate.genericKubernetesResources(HTTP_ROUTE).inNamespace(shop);
            assertThat(routes.withName("checkout").get().getMetadata().getName()).isEqualTo("checkout");
            var patched = routes.withName("checkout").patch(PatchContext.of(PatchType.JSON),
                    "[{\"op\":\"replace\",\"path\":\"/spec/rules/0/backendRefs/1/weight\",\"value\":25}]");
            assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
            var services = tollgate.genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(payments);
            assertThat(services.withName("ledger").get()).isNotNull();

            assertForbidden(() -> routes.list());
            assertForbidden(() -> routes.resource(httpRoute(shop, "new")).create());
            assertForbidden(() -> routes.withName("checkout").delete());
            assertForbidden(() -> tollgate.genericKubernetesResources(HTTP_ROUTE).inNamespace(payments).withName("checkout").get());
            assertForbidden(() -> services.withName("checkout").get());
            assertForbidden(() -> tollgate.secrets().inNamespace(release).list());
        }
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }

    private static HasMetadata dryRunApply(String release, HasMetadata object) {
        return admin.resource(object).inNamespace(namespaceOf(release, object)).dryRun()
                .fieldValidation(Validation.STRICT).fieldManager("helm-test").serverSideApply();
    }

    private static String namespaceOf(String release, HasMetadata object) {
        return object.getMetadata().getNamespace() != null ? object.getMetadata().getNamespace() : release;
    }

    private static String rbac(String shop, String payments) {
        return "rbac: {targets: [{namespace: " + shop + ", httpRoutes: [checkout, cart]}, {namespace: " + payments
                + ", virtualServices: [ledger]}]}\n";
    }

    private String render(String namespace, String values) throws IOException {
        var file = Files.writeString(dir.resolve("values-" + System.nanoTime() + ".yaml"), values);
        return Helm.template("tg", namespace, file).outOrFail();
    }

    private static List<HasMetadata> load(String yaml) {
        return admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    private static GenericKubernetesResource httpRoute(String namespace, String name) {
        return new GenericKubernetesResourceBuilder().withApiVersion("gateway.networking.k8s.io/v1").withKind("HTTPRoute")
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of(
                        "parentRefs", List.of(Map.of("name", "gateway")),
                        "rules", List.of(Map.of("backendRefs", List.of(
                                Map.of("name", name + "-stable", "port", 80, "weight", 100),
                                Map.of("name", name + "-canary", "port", 80, "weight", 0)))))))
                .build();
    }

    private static GenericKubernetesResource virtualService(String namespace, String name) {
        return new GenericKubernetesResourceBuilder().withApiVersion("networking.istio.io/v1").withKind("VirtualService")
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of(
                        "hosts", List.of(name),
                        "http", List.of(Map.of("name", "primary", "route", List.of(
                                Map.of("destination", Map.of("host", name, "subset", "stable"), "weight", 100),
                                Map.of("destination", Map.of("host", name, "subset", "canary"), "weight", 0)))))))
                .build();
    }
}
