package io.tollgate.integrations;

import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tollgate.json.Json;
import io.tollgate.support.TestTollgate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The examples in integrations/ against the real server: the requests each controller builds from them (Argo's web
 * provider filling the template's {{args.…}}, Flagger's webhook payload from the Canary, Kargo's http step with its
 * documented headers and body) are accepted, and the examples' conditions read the answers as intended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerExamplesContractTest {
    private static final Path EXAMPLES = Path.of("..", "integrations").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ARG = Pattern.compile("\\{\\{args\\.([a-z-]+)}}");
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("controller_examples").start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    @Test
    void every_step_of_the_argo_rollout_example_passes_through_the_analysis_template() {
        JsonNode template = yaml("argo-rollouts/analysis-template.yaml");
        JsonNode cluster = yaml("argo-rollouts/cluster-analysis-template.yaml");
        assertThat(cluster.get("kind").asText()).isEqualTo("ClusterAnalysisTemplate");
        assertThat(cluster.get("spec")).as("the cluster template is the same template").isEqualTo(template.get("spec"));
        JsonNode metric = template.get("spec").get("metrics").get(0);
        assertThat(metric.get("successCondition").asText()).isEqualTo("result.verdict == \"pass\"");
        assertThat(metric.get("failureCondition").asText()).isEqualTo("result.verdict == \"fail\"");
        JsonNode web = metric.get("provider").get("web");
        assertThat(web.get("jsonPath").asText()).isEqualTo("{$}");

        JsonNode rollout = yaml("argo-rollouts/rollout.yaml");
        var stages = new ArrayList<String>();
        for (JsonNode step : rollout.get("spec").get("strategy").get("canary").get("steps")) {
            if (!step.has("analysis")) {
                continue;
            }
            assertThat(step.get("analysis").get("templates").get(0).get("templateName").asText()).isEqualTo(template.get("metadata").get("name").asText());
            var args = resolveArgs(template.get("spec").get("args"), step.get("analysis").get("args"));
            var headers = new LinkedHashMap<String, String>();
            web.get("headers").forEach(h -> headers.put(h.get("key").asText(), fill(h.get("value").asText(), args)));
            var answer = post(URI.create(web.get("url").asText()).getPath(), headers, fill(web.get("body").asText(), args));

            assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
            assertThat(answer.json().get("verdict").asText()).as(args.get("stage")).isEqualTo("pass");
            stages.add(args.get("stage"));
        }
        assertThat(stages).containsExactly("canary-1", "canary-5", "canary-25", "full");
    }

    @Test
    void every_webhook_of_the_flagger_canary_example_gets_the_answer_its_type_expects() {
        JsonNode canary = yaml("flagger/canary.yaml");
        var statuses = new LinkedHashMap<String, Integer>();
        for (JsonNode hook : canary.get("spec").get("analysis").get("webhooks")) {
            URI url = URI.create(hook.get("url").asText());
            assertThat(url.getUserInfo()).isEqualTo("flagger:TOKEN");
            var payload = Json.mapper().createObjectNode().put("name", "podinfo").put("namespace", "shop")
                    .put("phase", "Progressing").put("checksum", "7b6c5d");
            payload.set("metadata", hook.get("metadata"));
            var basic = Base64.getEncoder().encodeToString(("flagger:" + CI_TOKEN).getBytes(StandardCharsets.UTF_8));
            var answer = post(url.getPath(), Map.of("Content-Type", "application/json", "Authorization", "Basic " + basic), payload.toString());
            statuses.put(hook.get("type").asText(), answer.status());
        }
        assertThat(statuses).containsExactly(Map.entry("confirm-rollout", 200), Map.entry("confirm-traffic-increase", 200),
                Map.entry("confirm-promotion", 200), Map.entry("rollback", 403), Map.entry("event", 200));
    }

    @Test
    void the_kargo_step_succeeds_on_pass_fails_on_fail_or_a_4xx_and_keeps_running_on_inconclusive() {
        JsonNode step = yaml("kargo/stage.yaml").get("spec").get("promotionTemplate").get("spec").get("steps").get(0);
        assertThat(step.get("uses").asText()).isEqualTo("http");
        JsonNode config = step.get("config");
        assertThat(config.get("url").asText()).endsWith("/v1/integrations/argo-rollouts/gate");
        assertThat(config.get("successExpression").asText()).isEqualTo(KargoStep.SUCCESS);
        assertThat(config.get("failureExpression").asText()).isEqualTo(KargoStep.FAILURE);
        assertThat(config.get("body").asText()).contains("\"rollout\"", "ctx.project", "ctx.stage", "ctx.targetFreight.name");

        var allowed = kargo("checkout", "[\"lee\"]", "f3a9c1");
        var denied = kargo("checkout", "[]", "f3a9c2");
        var malformed = post("/v1/integrations/argo-rollouts/gate", kargoHeaders(), "{\"service\":\"checkout\"}");
        var created = tollgate.api().post("/v1/overrides", ADMIN_TOKEN, """
                {"scope":{"service":"inventory","environment":"production"},"effect":"freeze","reason":"incident"}""",
                Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        var held = kargo("inventory", "[\"lee\"]", "f3a9c3");

        assertThat(KargoStep.result(allowed)).isEqualTo(KargoStep.Result.SUCCEEDED);
        assertThat(KargoStep.result(denied)).isEqualTo(KargoStep.Result.FAILED);
        assertThat(KargoStep.result(malformed)).isEqualTo(KargoStep.Result.FAILED);
        assertThat(KargoStep.result(held)).isEqualTo(KargoStep.Result.RUNNING);
    }

    /** The body Kargo's quote() renders from the example's map, with a project, Stage, Freight and Promotion filled in. */
    private Answer kargo(String service, String approvals, String freight) {
        String body = """
                {"change":{"approvals":%s,"author":"dana","commit":"9f2c1e7","labels":[],"pipeline":"production.01jz5q7r"},\
                "environment":"production","previousStage":"canary-25",\
                "rollout":{"name":"production","namespace":"checkout","podTemplateHash":"%s"},\
                "service":"%s","stage":"full","version":"1.4.2"}""".formatted(approvals, freight, service);
        return post("/v1/integrations/argo-rollouts/gate", kargoHeaders(), body);
    }

    private static Map<String, String> kargoHeaders() {
        return Map.of("Authorization", "Bearer " + CI_TOKEN, "Content-Type", "application/json");
    }

    /** The template's args with the step's values, as Argo resolves them for an AnalysisRun. */
    private static Map<String, String> resolveArgs(JsonNode templateArgs, JsonNode stepArgs) {
        var values = new LinkedHashMap<String, String>();
        templateArgs.forEach(a -> {
            if (a.has("value")) {
                values.put(a.get("name").asText(), a.get("value").asText());
            } else if (a.has("valueFrom")) {
                assertThat(a.get("valueFrom").get("secretKeyRef").get("name").asText()).isEqualTo("tollgate-token");
                values.put(a.get("name").asText(), CI_TOKEN);
            }
        });
        stepArgs.forEach(a -> {
            String name = a.get("name").asText();
            if (a.has("value")) {
                values.put(name, a.get("value").asText());
            } else if (a.get("valueFrom").has("podTemplateHashValue")) {
                values.put(name, "6f8d9c7b5");
            } else {
                String path = a.get("valueFrom").get("fieldRef").get("fieldPath").asText();
                values.put(name, path.equals("metadata.namespace") ? "shop" : "checkout");
            }
        });
        templateArgs.forEach(a -> assertThat(values).as("arg " + a.get("name").asText() + " has a value").containsKey(a.get("name").asText()));
        return values;
    }

    private static String fill(String text, Map<String, String> args) {
        Matcher m = ARG.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            assertThat(args).containsKey(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(args.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    record Answer(int status, JsonNode json) {
    }

    private Answer post(String path, Map<String, String> headers, String body) {
        var b = HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            var res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(res.statusCode(), Json.mapper().readTree(res.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode yaml(String file) {
        try {
            return YAML.readTree(EXAMPLES.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example's two expr-lang expressions, evaluated as Kargo's http step does (failure wins; neither: Running). */
    private static final class KargoStep {
        static final String SUCCESS = "response.status == 200 && response.body.verdict == \"pass\"";
        static final String FAILURE = "(response.status >= 400 && response.status < 500) || (response.status == 200 && response.body.verdict == \"fail\")";

        enum Result { SUCCEEDED, FAILED, RUNNING }

        static Result result(Answer response) {
            String verdict = response.json().path("verdict").asText("");
            boolean failure = (response.status() >= 400 && response.status() < 500) || (response.status() == 200 && verdict.equals("fail"));
            boolean success = response.status() == 200 && verdict.equals("pass");
            return failure ? Result.FAILED : success ? Result.SUCCEEDED : Result.RUNNING;
        }
    }
}
