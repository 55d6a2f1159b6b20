package io.tollgate.integrations;

import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.ArgoRolloutsCluster;
import io.tollgate.testsupport.Eventually;
import io.tollgate.testsupport.KubeRbac;
import io.tollgate.testsupport.ShiftedClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shipped Argo Rollouts example (integrations/argo-rollouts/: the AnalysisTemplate, the token Secret and the
 * Rollout with an analysis before each of its four steps) run by the real Argo Rollouts v1.9.1 controller against a
 * real Tollgate: the template's URL and the Secret's token are the only substitutions, plus what a cluster without
 * containers needs (pods pinned to the kwok node, pauses of 1 s instead of minutes). Each Rollout is created at one
 * image (Argo deploys a first revision without steps) and then updated to the example's image, which runs the steps.
 *
 * <p>Allowed: every gate passes and the Rollout becomes Healthy. Denied (no approval: {@code approval_missing} at
 * canary-5): the AnalysisRun fails and the Rollout aborts; the time from Tollgate's deny to the abort is printed
 * (docs/controllers.md). Held (a freeze override): the AnalysisRun is Inconclusive and the Rollout pauses; once the
 * override is revoked, clearing the pause conditions makes Argo run the analysis again, Tollgate passes it and the
 * Rollout becomes Healthy. Status is read from the API server, as {@code kubectl argo rollouts get} would.
 */
@Tag("live")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArgoRolloutsControllerE2eTest {
    private static final Path EXAMPLES = Path.of("..", "integrations", "argo-rollouts").toAbsolutePath().normalize();
    private static final String EXAMPLE_URL = "http://tollgate.tollgate.svc:8080";
    private static final String FIRST_IMAGE = "registry.example.com/checkout:1.4.1";
    private static final Duration ROLLOUT_DEADLINE = Duration.ofSeconds(180);
    private static final ResourceDefinitionContext ROLLOUT = argo("Rollout", "rollouts");
    private static final ResourceDefinitionContext ANALYSIS_RUN = argo("AnalysisRun", "analysisruns");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ShiftedClock clock = new ShiftedClock(TestTollgate.DEFAULT_NOW);
    private TestTollgate tollgate;
    private ArgoRolloutsCluster cluster;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("argo_e2e").clock(clock).start();
        cluster = ArgoRolloutsCluster.start();
        System.out.printf("Argo Rollouts cluster up in %d ms (control plane, CRDs, kube-controller-manager, kwok, rollouts-controller)%n",
                cluster.startup().toMillis());
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (tollgate != null) {
            tollgate.close();
        }
    }

    @Test
    void a_rollout_tollgate_allows_passes_every_gate_and_becomes_healthy() {
        String ns = namespaceWithTemplate("argo-allow");
        String revision = updateToExample(ns, Map.of());

        var healthy = await(ns, "Healthy at the new revision", r -> "Healthy".equals(phase(r)) && revision.equals(str(r, "status", "stableRS")));

        assertThat(str(healthy, "status", "currentStepIndex")).as("every step done")
                .isEqualTo(Integer.toString(yaml(example("rollout.yaml")).at("/spec/strategy/canary/steps").size()));
        var runs = analysisRuns(ns);
        assertThat(runs).extracting(ArgoRolloutsControllerE2eTest::phase).containsExactly("Successful", "Successful", "Successful", "Successful");
        var stages = runs.stream().map(run -> decisionOf(run).get("stage").asText()).toList();
        assertThat(stages).containsExactly("canary-1", "canary-5", "canary-25", "full");
        var first = decisionOf(runs.getFirst());
        assertThat(first.get("outcome").asText()).isEqualTo("allow");
        assertThat(first.get("request").get("rollout").get("namespace").asText()).isEqualTo(ns);
        assertThat(first.get("request").get("rollout").get("podTemplateHash").asText()).isEqualTo(revision);
    }

    @Test
    void a_rollout_the_policy_denies_aborts_and_the_time_from_deny_to_abort_is_measured() {
        String ns = namespaceWithTemplate("argo-deny");
        // Nobody approved the change: canary-1 passes, canary-5 in production is denied (approval_missing).
        updateToExample(ns, Map.of("service", "payments", "approvals", "[]"));

        var aborted = Eventually.await("Rollout in " + ns + " aborted", ROLLOUT_DEADLINE, Duration.ofMillis(50),
                () -> rollout(ns), r -> Boolean.TRUE.equals(r.get("status", "abort")));
        Instant abortSeen = Instant.now();

        var runs = analysisRuns(ns);
        assertThat(runs).extracting(ArgoRolloutsControllerE2eTest::phase).containsExactly("Successful", "Failed");
        var denied = decisionOf(runs.getLast());
        assertThat(denied.get("outcome").asText()).isEqualTo("deny");
        assertThat(denied.get("stage").asText()).isEqualTo("canary-5");
        assertThat(denied.get("reasons").toString()).contains("approval_missing");
        var degraded = await(ns, "Degraded after the abort", r -> "Degraded".equals(phase(r)));
        assertThat(str(degraded, "status", "message")).contains("RolloutAborted");

        Instant deniedAt = clock.toReal(Instant.parse(denied.get("evaluatedAt").asText()));
        Instant abortedAt = Instant.parse(str(aborted, "status", "abortedAt"));
        long millis = Duration.between(deniedAt, abortSeen).toMillis();
        System.out.printf("Argo Rollouts deny -> abort: %d ms from Tollgate's deny (decision %s at %s) to status.abort seen"
                + " (Argo's abortedAt %s, 1 s resolution)%n", millis, denied.get("decisionId").asText(), deniedAt, abortedAt);
        assertThat(millis).as("deny to abort").isBetween(0L, ROLLOUT_DEADLINE.toMillis());
    }

    @Test
    void a_held_rollout_pauses_and_continues_to_healthy_once_the_override_is_revoked_and_the_pause_cleared() {
        String ns = namespaceWithTemplate("argo-hold");
        var override = tollgate.api().post("/v1/overrides", ADMIN_TOKEN, """
                {"scope":{"service":"search","environment":"production"},"effect":"freeze","reason":"incident INC-9"}""",
                Map.of("Content-Type", "application/json"));
        assertThat(override.status()).as(override.text()).isEqualTo(201);
        String revision = updateToExample(ns, Map.of("service", "search"));

        var paused = await(ns, "paused for an inconclusive analysis", r -> "Paused".equals(phase(r))
                && Objects.toString(str(r, "status", "pauseConditions"), "").contains("InconclusiveAnalysisRun"));
        assertThat(str(paused, "status", "canary", "currentStepAnalysisRunStatus", "status")).isEqualTo("Inconclusive");
        assertThat(str(paused, "status", "currentStepIndex")).as("held at the first gate, no traffic moved").isEqualTo("0");
        var held = decisionOf(analysisRuns(ns).getFirst());
        assertThat(held.get("outcome").asText()).isEqualTo("hold");
        assertThat(held.get("reasons").toString()).contains("frozen_by_override");

        var revoked = tollgate.api().delete("/v1/overrides/" + override.json().get("id").asText(), ADMIN_TOKEN,
                "{\"reason\":\"incident over\",\"ticket\":\"INC-9\"}");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        // The same measurement within ControllerGate.WINDOW gets the recorded hold again; a later one is decided afresh.
        clock.advance(ControllerGate.WINDOW.plusSeconds(1));
        // What makes Argo ask again: clear status.pauseConditions, keeping controllerPause (docs/controllers.md).
        // `kubectl argo rollouts promote` would instead skip the analysis step without asking Tollgate.
        cluster.admin().genericKubernetesResources(ROLLOUT).inNamespace(ns).withName("checkout").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"pauseConditions\":null}}");

        await(ns, "Healthy at the new revision after the retried analysis",
                r -> "Healthy".equals(phase(r)) && revision.equals(str(r, "status", "stableRS")));
        var runs = analysisRuns(ns);
        assertThat(runs).extracting(ArgoRolloutsControllerE2eTest::phase)
                .containsExactly("Inconclusive", "Successful", "Successful", "Successful", "Successful");
        assertThat(decisionOf(runs.get(1)).get("stage").asText()).as("canary-1 asked again").isEqualTo("canary-1");
    }

    /** A fresh namespace with the example's token Secret and AnalysisTemplate, pointed at this test's Tollgate. */
    private String namespaceWithTemplate(String prefix) {
        String ns = KubeRbac.freshNamespace(cluster.admin(), prefix);
        String secret = example("secret.yaml").replace("replace-with-a-ci-token", CI_TOKEN);
        cluster.admin().resource(parse(secret, ns)).create();
        String template = example("analysis-template.yaml");
        assertThat(template).contains(EXAMPLE_URL);
        cluster.admin().resource(parse(template.replace(EXAMPLE_URL, tollgate.baseUrl()), ns)).create();
        return ns;
    }

    /**
     * Creates the example Rollout at {@link #FIRST_IMAGE}, waits until that first revision is Healthy, then updates it to
     * the example's image, which starts the canary steps. {@code args} replaces analysis args in every step. Returns
     * the new revision's pod template hash.
     */
    private String updateToExample(String ns, Map<String, String> args) {
        ObjectNode rollout = (ObjectNode) yaml(example("rollout.yaml"));
        ((ObjectNode) rollout.get("metadata")).put("namespace", ns);
        var podSpec = (ObjectNode) rollout.at("/spec/template/spec");
        podSpec.put("nodeName", ArgoRolloutsCluster.NODE);
        String image = podSpec.at("/containers/0/image").asText();
        for (JsonNode step : rollout.at("/spec/strategy/canary/steps")) {
            if (step.has("pause")) {
                ((ObjectNode) step.get("pause")).put("duration", "1s");
            }
            for (JsonNode arg : step.at("/analysis/args")) {
                String replacement = args.get(arg.get("name").asText());
                if (replacement != null) {
                    ((ObjectNode) arg).put("value", replacement);
                }
            }
        }
        ((ObjectNode) podSpec.at("/containers/0")).put("image", FIRST_IMAGE);
        var rollouts = cluster.admin().genericKubernetesResources(ROLLOUT).inNamespace(ns);
        cluster.admin().resource(parse(rollout.toString(), ns)).create();
        var first = await(ns, "Healthy at its first revision", r -> "Healthy".equals(phase(r)) && str(r, "status", "stableRS") != null);
        String firstRevision = str(first, "status", "stableRS");

        rollouts.withName("checkout").edit(r -> {
            List<Map<String, Object>> containers = r.get("spec", "template", "spec", "containers");
            containers.getFirst().put("image", image);
            return r;
        });
        var started = await(ns, "a new revision", r -> {
            String current = str(r, "status", "currentPodHash");
            return current != null && !current.equals(firstRevision);
        });
        return str(started, "status", "currentPodHash");
    }

    private GenericKubernetesResource await(String ns, String what, Predicate<GenericKubernetesResource> done) {
        try {
            return Eventually.await("Rollout in " + ns + " " + what, ROLLOUT_DEADLINE, () -> rollout(ns), done);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nAnalysisRuns: " + analysisRuns(ns).stream().map(r -> r.getMetadata().getName()
                    + "=" + phase(r)).toList() + "\nrollouts-controller log:\n" + cluster.argoLogTail(), e);
        }
    }

    private GenericKubernetesResource rollout(String ns) {
        return cluster.admin().genericKubernetesResources(ROLLOUT).inNamespace(ns).withName("checkout").get();
    }

    /** The namespace's AnalysisRuns, oldest first. */
    private List<GenericKubernetesResource> analysisRuns(String ns) {
        return cluster.admin().genericKubernetesResources(ANALYSIS_RUN).inNamespace(ns).list().getItems().stream()
                .sorted(Comparator.comparing((GenericKubernetesResource r) -> r.getMetadata().getCreationTimestamp())
                        .thenComparing(r -> r.getMetadata().getName()))
                .toList();
    }

    /** The Tollgate decision behind an AnalysisRun: its measurement holds the gate's answer, read back from the audit log. */
    private JsonNode decisionOf(GenericKubernetesResource run) {
        List<Map<String, Object>> metrics = run.get("status", "metricResults");
        assertThat(metrics).as("metric results of " + run.getMetadata().getName()).isNotEmpty();
        @SuppressWarnings("unchecked")
        var measurements = (List<Map<String, Object>>) metrics.getFirst().get("measurements");
        JsonNode answer = json(String.valueOf(measurements.getLast().get("value")));
        var decision = tollgate.api().get("/v1/decisions/" + answer.get("decisionId").asText(), ADMIN_TOKEN);
        assertThat(decision.status()).as(decision.text()).isEqualTo(200);
        ObjectNode merged = (ObjectNode) decision.json().deepCopy();
        merged.put("evaluatedAt", answer.get("evaluatedAt").asText()).put("decisionId", answer.get("decisionId").asText());
        return merged;
    }

    private static String phase(GenericKubernetesResource r) {
        return str(r, "status", "phase");
    }

    private static String str(GenericKubernetesResource r, Object... path) {
        Object value = r == null ? null : r.get(path);
        return value == null ? null : Objects.toString(value);
    }

    /** One YAML document as a typed resource (a Secret) or, for Argo's kinds, a generic one; placed in {@code ns}. */
    private HasMetadata parse(String yaml, String ns) {
        HasMetadata r = cluster.admin().getKubernetesSerialization().unmarshal(yaml);
        r.getMetadata().setNamespace(ns);
        return r;
    }

    private static String example(String file) {
        try {
            return Files.readString(EXAMPLES.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example " + file, e);
        }
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static ResourceDefinitionContext argo(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("argoproj.io").withVersion("v1alpha1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
