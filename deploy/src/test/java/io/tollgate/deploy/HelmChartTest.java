package io.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart as the real {@code helm} v4 lints and renders it, with a few value sets; the objects are read back and the
 * rendered {@code tollgate.yaml} is loaded by Tollgate's own {@link ConfigLoader}, so the chart cannot hand the service
 * a configuration it refuses.
 */
@Tag("live")
class HelmChartTest {
    static final String NAMESPACE = "gates";
    /** The values every install needs: image, external PostgreSQL, the Secrets, one token hash. */
    static final String REQUIRED = """
            image: {repository: registry.example/tollgate, tag: "0.1.0"}
            database:
              url: jdbc:postgresql://db.data.svc:5432/tollgate
              existingSecret: tollgate-db
            auditSigningKey:
              existingSecret: tollgate-audit-key
            auth:
              tokens:
                - {subject: ci-pipeline, role: ci, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}
            """;

    @TempDir
    Path dir;

    @Test
    void lint_is_clean_in_strict_mode() throws IOException {
        var result = Helm.run("lint", Helm.chart().toString(), "--strict", "--namespace", NAMESPACE,
                "--values", values("required.yaml", REQUIRED).toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("1 chart(s) linted, 0 chart(s) failed")
                .doesNotContain("[WARNING]").doesNotContain("[ERROR]");
    }

    @Test
    void renders_a_non_root_deployment_with_probes_secret_references_and_a_state_root_per_pod() throws IOException {
        var rendered = render(REQUIRED);

        assertThat(rendered.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Deployment");
        var container = rendered.container();
        assertThat(container.path("image").asText()).isEqualTo("registry.example/tollgate:0.1.0");
        assertThat(texts(container.path("args"))).containsExactly("--config", "/etc/tollgate/tollgate.yaml");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);

        var pod = rendered.workload().at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(pod.path("automountServiceAccountToken").asBoolean()).as("no routes named, no token").isFalse();

        assertThat(rendered.env("TOLLGATE_DB_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("tollgate-db");
        assertThat(rendered.env("TOLLGATE_DB_MIGRATION_PASSWORD").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("migration-password");
        assertThat(rendered.env("TOLLGATE_DB_URL").path("value").asText()).isEqualTo("jdbc:postgresql://db.data.svc:5432/tollgate");
        assertThat(rendered.env("TOLLGATE_DATA_DIR").path("value").asText()).isEqualTo("/var/lib/tollgate/$(POD_NAME)");
        assertThat(rendered.env("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
        var keyVolume = volume(rendered, "audit-signing-key");
        assertThat(keyVolume.at("/secret/secretName").asText()).isEqualTo("tollgate-audit-key");
        assertThat(keyVolume.at("/secret/items").findValuesAsText("path")).containsExactly("audit-signing.key", "audit-signing.key.pub");
        assertThat(volume(rendered, "state").has("emptyDir")).isTrue();

        var service = rendered.only("Service");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
        assertThat(service.at("/spec/selector")).isEqualTo(rendered.workload().at("/spec/selector/matchLabels"));
    }

    @Test
    void the_rendered_configuration_is_accepted_by_tollgate_with_the_pods_environment() throws IOException {
        var rendered = render(REQUIRED + """
                config:
                  policy: {timeout: 300ms}
                  database: {poolSize: 4}
                """);
        var file = Files.writeString(dir.resolve("tollgate.yaml"), rendered.only("ConfigMap").at("/data/tollgate.yaml").asText());
        var env = Map.of("TOLLGATE_DATA_DIR", "/var/lib/tollgate/tollgate-7d9c-x2x",
                "TOLLGATE_DB_URL", rendered.env("TOLLGATE_DB_URL").path("value").asText(),
                "TOLLGATE_DB_USER", "tollgate", "TOLLGATE_DB_PASSWORD", "s3cret",
                "TOLLGATE_DB_MIGRATION_USER", "tollgate_owner", "TOLLGATE_DB_MIGRATION_PASSWORD", "0wner");

        var config = ConfigLoader.load(file, env);

        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.auth().devToken()).isFalse();
        assertThat(config.auth().tokens()).hasSize(1);
        assertThat(config.policy().timeout()).hasMillis(300);
        assertThat(config.database().poolSize()).isEqualTo(4);
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db.data.svc:5432/tollgate");
        assertThat(config.audit().signingKeyFile()).isEqualTo(Path.of("/etc/tollgate/audit-key/audit-signing.key"));
        assertThat(config.audit().checkpointFile()).isEqualTo(Path.of("/var/lib/tollgate/tollgate-7d9c-x2x/audit-checkpoints.jsonl"));
    }

    @Test
    void slo_definitions_and_release_strategies_are_mounted_and_configured() throws IOException {
        var rendered = render(REQUIRED + """
                sloDefinitions:
                  checkout.yaml: "apiVersion: openslo/v1"
                releaseStrategies: |
                  canary: {stages: []}
                """);

        assertThat(rendered.ofKind("ConfigMap")).hasSize(2);
        var configText = rendered.ofKind("ConfigMap").getFirst().at("/data/tollgate.yaml").asText();
        assertThat(configText).contains("definitionsDir: /etc/tollgate/slo-definitions", "strategiesFile: /etc/tollgate/release-strategies.yaml");
        assertThat(rendered.ofKind("ConfigMap").get(1).at("/data/checkout.yaml").asText().strip()).isEqualTo("apiVersion: openslo/v1");
        assertThat(texts(rendered.container().path("volumeMounts"), "mountPath"))
                .contains("/etc/tollgate/slo-definitions", "/etc/tollgate/release-strategies.yaml");
    }

    @Test
    void rbac_grants_only_get_and_patch_on_the_named_routes_per_namespace() throws IOException {
        var rendered = render(REQUIRED + """
                rbac:
                  targets:
                    - {namespace: shop, httpRoutes: [checkout, cart]}
                    - {namespace: payments, virtualServices: [ledger]}
                """);

        var roles = rendered.ofKind("Role");
        assertThat(roles).extracting(r -> r.at("/metadata/namespace").asText()).containsExactly("shop", "payments");
        var shop = roles.getFirst().path("rules");
        assertThat(shop).hasSize(1);
        assertThat(texts(shop.path(0).path("apiGroups"))).containsExactly("gateway.networking.k8s.io");
        assertThat(texts(shop.path(0).path("resources"))).containsExactly("httproutes");
        assertThat(texts(shop.path(0).path("resourceNames"))).containsExactly("checkout", "cart");
        assertThat(texts(shop.path(0).path("verbs"))).containsExactly("get", "patch");
        var payments = roles.get(1).path("rules");
        assertThat(texts(payments.path(0).path("resources"))).containsExactly("virtualservices");
        assertThat(texts(payments.path(0).path("apiGroups"))).containsExactly("networking.istio.io");
        assertThat(texts(payments.path(0).path("verbs"))).containsExactly("get", "patch");

        var bindings = rendered.ofKind("RoleBinding");
        assertThat(bindings).hasSize(2);
        var serviceAccount = rendered.only("ServiceAccount").at("/metadata/name").asText();
        for (var binding : bindings) {
            assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(serviceAccount);
            assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
        }
        assertThat(rendered.workload().at("/spec/template/spec/serviceAccountName").asText()).isEqualTo(serviceAccount);
        assertThat(rendered.workload().at("/spec/template/spec/automountServiceAccountToken").asBoolean()).isTrue();
    }

    @Test
    void persistence_makes_a_statefulset_with_a_claim_per_pod_and_a_service_monitor_when_asked() throws IOException {
        var rendered = render(REQUIRED + """
                replicaCount: 3
                state: {persistence: {enabled: true, size: 2Gi}}
                serviceMonitor: {enabled: true, labels: {release: prom}}
                """);

        var workload = rendered.only("StatefulSet");
        assertThat(rendered.ofKind("Deployment")).isEmpty();
        assertThat(workload.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(workload.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("state");
        assertThat(workload.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText()).isEqualTo("2Gi");
        assertThat(texts(workload.at("/spec/template/spec/volumes"), "name")).doesNotContain("state");
        var monitor = rendered.only("ServiceMonitor");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prom");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    }

    @Test
    void secret_env_references_a_secret_per_variable() throws IOException {
        var rendered = render(REQUIRED + """
                secretEnv:
                  TOLLGATE_UNLEASH_TOKEN: {secret: unleash-admin, key: token}
                """);

        var ref = rendered.env("TOLLGATE_UNLEASH_TOKEN").at("/valueFrom/secretKeyRef");
        assertThat(ref.path("name").asText()).isEqualTo("unleash-admin");
        assertThat(ref.path("key").asText()).isEqualTo("token");
        assertThat(rendered.only("ConfigMap").at("/data/tollgate.yaml").asText()).doesNotContain("unleash");
    }

    @Test
    void refuses_incomplete_or_wrong_values_naming_the_key() throws IOException {
        assertRefused("image: {repository: tollgate}\n", "database.url:");
        assertRefused(REQUIRED.replace("existingSecret: tollgate-audit-key", "existingSecret: \"\""), "auditSigningKey.existingSecret:");
        assertRefused(REQUIRED + "replicaCount: 0\n", "at '/replicaCount'");
        assertRefused(REQUIRED.replace("jdbc:postgresql://db.data.svc:5432/tollgate", "postgres://db/tollgate"), "at '/database/url'");
        assertRefused(REQUIRED + "config: {audit: {checkpointFile: /shared/checkpoints.jsonl}}\n", "config.audit.checkpointFile:");
        assertRefused(REQUIRED + "config: {stateDir: /data}\n", "config.stateDir:");
        assertRefused(REQUIRED + "rbac: {targets: [{namespace: shop}]}\n", "rbac.targets[0]: name at least one of httpRoutes, virtualServices");
        assertRefused(REQUIRED + "rbac: {targets: [{namespace: shop, httpRoutes: [a]}, {namespace: shop, httpRoutes: [b]}]}\n",
                "rbac.targets[1].namespace: shop is already listed");
        assertRefused(REQUIRED + "databse: {}\n", "'databse'");
    }

    private void assertRefused(String values, String expectedInError) throws IOException {
        var result = Helm.template("tg", NAMESPACE, values("refused-" + System.nanoTime() + ".yaml", values));
        assertThat(result.exitCode()).as("helm template should refuse:\n" + values).isNotZero();
        assertThat(result.err()).contains(expectedInError);
    }

    private Rendered render(String values) throws IOException {
        return Rendered.parse(Helm.template("tg", NAMESPACE, values("values-" + System.nanoTime() + ".yaml", values)).outOrFail());
    }

    private Path values(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static JsonNode volume(Rendered rendered, String name) {
        for (var v : rendered.workload().at("/spec/template/spec/volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
