package io.tollgate.policy;

import io.tollgate.support.TestDatabases;
import io.tollgate.testsupport.MutableClock;
import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.DatabaseConfig;
import io.tollgate.config.PolicyConfig;
import io.tollgate.config.PolicyReplayConfig;
import io.tollgate.support.ApiClient;
import io.tollgate.support.Ports;
import io.tollgate.support.Requests.CheckBuilder;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.OpaServerFixture;
import io.tollgate.testsupport.PostgresFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v1/policies/replay} end to end: decisions recorded by the real service with the shipped policy (and some
 * while its OPA server was down), candidates compiled here by the real {@code opa build}, replayed on the real database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyReplayApiTest {
    private static final int MAX_BUNDLE = 256 * 1024;
    private static final Map<String, String> GZIP = Map.of("Content-Type", "application/gzip");

    private TestTollgate tollgate;
    private byte[] tighter;
    private byte[] unchanged;
    private String shippedRevision;
    private String unavailableId;
    private final List<String> willChange = new ArrayList<>();
    private final List<String> stays = new ArrayList<>();
    private String stagingJumpOfTwo;
    private String productionWithoutApproval;
    private String paymentsJumpOfTwo;

    @BeforeAll
    void recordDecisionsAndBuildCandidates() throws IOException {
        var db = PostgresFixture.newDatabase("policy_replay");
        var database = TestDatabases.withRoles(db, 4);
        // Recorded while the OPA server was unreachable: deny with policy_unavailable, never compared.
        try (var down = TestTollgate.builder().database(database)
                .opaServer(URI.create("http://127.0.0.1:" + Ports.free()), Duration.ofMillis(300)).start()) {
            var answer = down.api().check(CI_TOKEN, staging().stage("canary-5").json()).json();
            assertThat(answer.path("reasons").get(0).path("code").asText()).isEqualTo("policy_unavailable");
            unavailableId = answer.path("decisionId").asText();
        }
        var clock = new MutableClock(TestTollgate.DEFAULT_NOW);
        tollgate = TestTollgate.builder().database(database).clock(clock)
                .policy(new PolicyConfig("embedded", null, null, Duration.ofSeconds(2), 2, new PolicyReplayConfig(MAX_BUNDLE, null)))
                .start();
        // The shipped policy allows a jump of two stages (max_stage_jump 2); the candidate allows one.
        stays.add(check(staging().stage("canary-1"), "allow"));
        stagingJumpOfTwo = check(staging().stage("canary-5"), "allow");
        stays.add(check(staging().stage("full"), "deny")); // stage_jump_too_large either way (only the message differs)
        productionWithoutApproval = check(aCheck().environment("production").stage("canary-5").approvals(), "deny");
        clock.advance(Duration.ofHours(1));
        paymentsJumpOfTwo = check(staging().service("payments").stage("canary-25").previousStage("canary-1"), "allow");
        stays.add(check(staging().service("payments").stage("canary-5").previousStage("canary-1"), "allow"));
        stays.add(check(staging().stage("canary-5").previousStage("canary-1").dryRun(true), "allow"));
        willChange.addAll(List.of(stagingJumpOfTwo, productionWithoutApproval, paymentsJumpOfTwo));
        shippedRevision = tollgate.api().get("/v1/decisions/" + stays.getFirst(), ADMIN_TOKEN).json().path("policyRevision").asText();

        Path candidate = PolicyFixtures.copyTree(PolicyFixtures.shippedPolicies());
        Path data = candidate.resolve("tollgate/settings/data.json");
        Files.writeString(data, Files.readString(data).replace("\"max_stage_jump\": 2", "\"max_stage_jump\": 1"));
        tighter = build(candidate, "tollgate/decision");
        unchanged = build(PolicyFixtures.shippedPolicies(), "tollgate/decision");
    }

    @AfterAll
    void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    @Test
    void a_tightened_rule_reports_exactly_the_decisions_it_changes() {
        var answer = replay("", tighter);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        var r = answer.json();
        assertThat(r.path("complete").asBoolean()).isTrue();
        assertThat(r.path("incomplete").isNull()).isTrue();
        assertThat(r.path("decisions").asInt()).isEqualTo(8);
        assertThat(r.path("recordedUnavailable").asInt()).isEqualTo(1);
        assertThat(r.path("evaluated").asInt()).isEqualTo(7);
        assertThat(r.path("changed").asInt()).isEqualTo(3);
        assertThat(r.path("unchanged").asInt()).isEqualTo(4);
        assertThat(r.path("candidateUnavailable").asInt()).isZero();
        assertThat(r.path("moreDecisions").asBoolean()).isFalse();
        assertThat(r.path("changesTruncated").asBoolean()).isFalse();
        assertThat(r.path("transitions").properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("allow->deny", "deny->deny");
        assertThat(r.path("transitions").path("allow->deny").asInt()).isEqualTo(2);
        assertThat(r.path("transitions").path("deny->deny").asInt()).isEqualTo(1);
        assertThat(r.path("candidateRevision").asText()).startsWith("sha256:").isNotEqualTo(shippedRevision);
        assertThat(r.path("recordedRevisions").path(shippedRevision).asInt()).isEqualTo(7);
        assertThat(ids(r.path("changes"))).containsExactly(paymentsJumpOfTwo, productionWithoutApproval, stagingJumpOfTwo);
        assertThat(ids(r.path("changes"))).doesNotContain(unavailableId).doesNotContainAnyElementsOf(stays);

        var payments = r.path("changes").get(0);
        assertThat(payments.path("service").asText()).isEqualTo("payments");
        assertThat(payments.path("environment").asText()).isEqualTo("staging");
        assertThat(payments.path("stage").asText()).isEqualTo("canary-25");
        assertThat(payments.path("recordedAt").asText()).isNotEmpty();
        assertThat(payments.path("recordedRevision").asText()).isEqualTo(shippedRevision);
        assertThat(payments.path("before").path("outcome").asText()).isEqualTo("allow");
        assertThat(payments.path("after").path("outcome").asText()).isEqualTo("deny");
        assertThat(codes(payments.path("after"))).containsExactly("stage_jump_too_large");
        assertThat(payments.path("after").path("reasons").get(0).path("message").asText()).contains("at most 1 allowed");

        var production = r.path("changes").get(1);
        assertThat(codes(production.path("before"))).containsExactly("approval_missing");
        assertThat(codes(production.path("after"))).containsExactly("approval_missing", "stage_jump_too_large");
    }

    @Test
    void the_unchanged_policy_changes_nothing() {
        var r = replay("", unchanged).json();

        assertThat(r.path("evaluated").asInt()).isEqualTo(7);
        assertThat(r.path("changed").asInt()).isZero();
        assertThat(r.path("changes").size()).isZero();
        assertThat(r.path("transitions").size()).isZero();
    }

    @Test
    void the_filter_selects_by_service_time_and_count_newest_first() {
        var payments = replay("?service=payments", tighter).json();
        var lastHour = replay("?since=" + TestTollgate.DEFAULT_NOW.plus(Duration.ofMinutes(30)), tighter).json();
        var newestTwo = replay("?limit=2", tighter).json();

        assertThat(payments.path("decisions").asInt()).isEqualTo(2);
        assertThat(payments.path("filter").path("service").asText()).isEqualTo("payments");
        assertThat(ids(payments.path("changes"))).containsExactly(paymentsJumpOfTwo);
        assertThat(lastHour.path("decisions").asInt()).isEqualTo(3);
        assertThat(ids(lastHour.path("changes"))).containsExactly(paymentsJumpOfTwo);
        assertThat(newestTwo.path("decisions").asInt()).isEqualTo(2);
        assertThat(newestTwo.path("changed").asInt()).isZero();
        assertThat(newestTwo.path("moreDecisions").asBoolean()).isTrue();
    }

    @Test
    void a_candidate_that_is_not_a_bundle_or_lacks_the_decision_entry_point_is_400_naming_bundle() {
        var garbage = replay("", "not a tarball".getBytes());
        var empty = replay("", new byte[0]);
        var overrideOnly = replay("", build(PolicyFixtures.shippedPolicies(), "tollgate/override/decision"));
        var bomb = replay("", gzip(new byte[9 * MAX_BUNDLE])); // a few KiB that inflate past 8 times the limit

        for (var answer : List.of(garbage, empty, overrideOnly, bomb)) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.json().path("code").asText()).isEqualTo("invalid_bundle");
            assertThat(answer.json().path("field").asText()).isEqualTo("bundle");
        }
        assertThat(garbage.json().path("message").asText()).contains("not a valid .tar.gz");
        assertThat(empty.json().path("message").asText()).contains("empty");
        assertThat(overrideOnly.json().path("message").asText()).contains("no entry point tollgate/decision");
        assertThat(bomb.json().path("message").asText()).contains("inflates to more than " + 8 * MAX_BUNDLE + " bytes");
    }

    @Test
    void only_an_admin_may_replay() {
        for (String token : List.of(CI_TOKEN, VIEWER_TOKEN, RELEASE_MANAGER_TOKEN)) {
            var answer = api().post("/v1/policies/replay", token, tighter, GZIP);

            assertThat(answer.status()).as(answer.text()).isEqualTo(403);
            assertThat(answer.json().path("code").asText()).isEqualTo("forbidden");
        }
        assertThat(api().post("/v1/policies/replay", null, tighter, GZIP).status()).isEqualTo(401);
    }

    @Test
    void a_bad_filter_is_400_naming_the_parameter() {
        Map<String, String> cases = Map.of(
                "?limit=0", "limit",
                "?limit=100001", "limit",
                "?limit=ten", "limit",
                "?since=yesterday", "since",
                "?service=no%20spaces", "service",
                "?environment=production", "environment");

        cases.forEach((query, field) -> {
            var answer = replay(query, tighter);

            assertThat(answer.status()).as(query + " " + answer.text()).isEqualTo(400);
            assertThat(answer.json().path("field").asText()).as(query).isEqualTo(field);
        });
    }

    @Test
    void a_body_that_is_not_gzip_is_415_and_one_over_the_limit_is_413() {
        var json = api().post("/v1/policies/replay", ADMIN_TOKEN, "{}".getBytes(), Map.of("Content-Type", "application/json"));
        var tooLarge = replay("", new byte[MAX_BUNDLE + 1]);

        assertThat(json.status()).isEqualTo(415);
        assertThat(json.json().path("message").asText()).contains("application/gzip");
        assertThat(tooLarge.status()).as(tooLarge.text()).isEqualTo(413);
        assertThat(tooLarge.json().path("code").asText()).isEqualTo("payload_too_large");
    }

    private ApiClient.Answer replay(String query, byte[] bundle) {
        return api().post("/v1/policies/replay" + query, ADMIN_TOKEN, bundle, GZIP);
    }

    private ApiClient api() {
        return tollgate.api();
    }

    private String check(CheckBuilder request, String expected) {
        var answer = api().check(CI_TOKEN, request.json());
        assertThat(answer.json().path("outcome").asText()).as(answer.text()).isEqualTo(expected);
        return answer.json().path("decisionId").asText();
    }

    /** Staging needs no approval, so only the stage rules decide; no previous stage counts as "before canary-1". */
    private static CheckBuilder staging() {
        return aCheck().environment("staging").approvals();
    }

    private static byte[] build(Path policies, String entrypoint) {
        try {
            Path out = Files.createTempDirectory("candidate-").resolve("bundle.tar.gz");
            return Files.readAllBytes(OpaServerFixture.buildWasm(policies, entrypoint, out));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] content) {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<String> ids(JsonNode changes) {
        var ids = new ArrayList<String>();
        changes.forEach(c -> ids.add(c.path("decisionId").asText()));
        return ids;
    }

    private static List<String> codes(JsonNode verdict) {
        var codes = new ArrayList<String>();
        verdict.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
        return codes;
    }
}
