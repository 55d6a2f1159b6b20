package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every class of bad input gets a 4xx with {code, message, field}, and nothing is recorded. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestValidationTest {
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("validation").start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    static Stream<Arguments> badBodies() {
        String valid = aCheck().toString();
        return Stream.of(
                Arguments.of("bad JSON", "{\"service\": ", "invalid_json", null),
                Arguments.of("not an object", "[1,2]", "invalid_json", null),
                Arguments.of("empty body", "", "invalid_json", null),
                Arguments.of("duplicate key", valid.replace("{\"service\":\"checkout\"", "{\"service\":\"checkout\",\"service\":\"x\""), "invalid_json", null),
                Arguments.of("trailing garbage", valid + " {}", "invalid_json", null),
                Arguments.of("unknown field", valid.replace("{\"service\"", "{\"servce\":\"x\",\"service\""), "unknown_field", "servce"),
                Arguments.of("unknown nested field", valid.replace("\"author\"", "\"aprovals\":[],\"author\""), "unknown_field", "change.aprovals"),
                Arguments.of("missing service", aCheck().json().without("service").toString(), "missing_field", "service"),
                Arguments.of("missing change", aCheck().json().without("change").toString(), "missing_field", "change"),
                Arguments.of("missing author", valid.replace("\"author\":\"dana\",", ""), "missing_field", "change.author"),
                Arguments.of("service not a string", valid.replace("\"service\":\"checkout\"", "\"service\":42"), "wrong_type", "service"),
                Arguments.of("dryRun not a boolean", aCheck().json().put("dryRun", "yes").toString(), "wrong_type", "dryRun"),
                Arguments.of("approvals not an array", valid.replace("\"approvals\":[\"lee\"]", "\"approvals\":\"lee\""), "wrong_type", "change.approvals"),
                Arguments.of("approval not a string", valid.replace("\"approvals\":[\"lee\"]", "\"approvals\":[\"lee\",7]"), "wrong_type", "change.approvals[1]"),
                Arguments.of("change not an object", valid.replaceAll("\"change\":\\{.*}", "\"change\":[]}"), "wrong_type", "change"),
                Arguments.of("service with spaces", aCheck().service("check out").toString(), "invalid_value", "service"),
                Arguments.of("blank author", aCheck().author("  ").toString(), "invalid_value", "change.author"),
                Arguments.of("overlong stage", aCheck().stage("s".repeat(64)).toString(), "invalid_value", "stage"),
                Arguments.of("approval with a zero-width space", aCheck().approvals("dana\u200b").toString(), "invalid_value", "change.approvals[0]"),
                Arguments.of("invisible approval", aCheck().approvals("lee", "\u200b").toString(), "invalid_value", "change.approvals[1]"),
                Arguments.of("approval with a bidi override", aCheck().approvals("\u202eanad").toString(), "invalid_value", "change.approvals[0]"),
                Arguments.of("approval with a control character", aCheck().approvals("lee\u0007").toString(), "invalid_value", "change.approvals[0]"),
                Arguments.of("author with a soft hyphen", aCheck().author("da\u00adna").toString(), "invalid_value", "change.author"),
                Arguments.of("author with a bidi isolate", aCheck().author("\u2066dana\u2069").toString(), "invalid_value", "change.author"),
                Arguments.of("author blank once normalized", aCheck().author("\u3000").toString(), "invalid_value", "change.author"),
                Arguments.of("commit time not a timestamp", valid.replace("\"author\"", "\"committedAt\":\"yesterday\",\"author\""),
                        "invalid_value", "change.committedAt"),
                Arguments.of("commit time without offset", valid.replace("\"author\"", "\"committedAt\":\"2026-11-24T06:00:00\",\"author\""),
                        "invalid_value", "change.committedAt"),
                Arguments.of("commit time a number", valid.replace("\"author\"", "\"committedAt\":1764000000,\"author\""),
                        "wrong_type", "change.committedAt"));
    }

    @ParameterizedTest(name = "{0} -> 400 {2}")
    @MethodSource("badBodies")
    void rejects_bad_input_with_a_400_naming_the_field(String label, String body, String code, String field) {
        var answer = tollgate.api().check(CI_TOKEN, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo(code);
        assertThat(answer.json().get("message").asText()).isNotBlank();
        assertThat(answer.json().get("field").isNull() ? null : answer.json().get("field").asText()).isEqualTo(field);
        assertThat(answer.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void records_a_commit_time_in_the_policy_input_as_an_instant() {
        String body = aCheck().toString().replace("\"author\"", "\"committedAt\":\"2026-11-24T07:30:00+01:00\",\"author\"");

        var answer = tollgate.api().check(CI_TOKEN, body);
        var decision = tollgate.api().get("/v1/decisions/" + answer.json().get("decisionId").asText(), ADMIN_TOKEN).json();

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(decision.at("/policyInput/change/committedAt").asText()).isEqualTo("2026-11-24T06:30:00Z");
    }

    @Test
    void names_the_invisible_character_it_refuses() {
        var answer = tollgate.api().check(CI_TOKEN, aCheck().approvals("dana\u200b").toString());

        assertThat(answer.json().get("message").asText()).contains("U+200B");
    }

    @Test
    void rejects_a_body_over_64_KiB_with_413_and_records_nothing() {
        long before = countDecisions();
        String huge = aCheck().json().put("version", "x".repeat(70 * 1024)).toString();

        var answer = tollgate.api().check(CI_TOKEN, huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("code").asText()).isEqualTo("payload_too_large");
        assertThat(countDecisions()).isEqualTo(before);
    }

    @Test
    void rejects_a_non_json_content_type_with_415() {
        var answer = tollgate.api().post("/v1/gates/check", CI_TOKEN, aCheck().toString(), Map.of("Content-Type", "text/plain"));

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().get("code").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void bad_input_never_reaches_the_audit_log() {
        long before = countDecisions();

        tollgate.api().check(CI_TOKEN, "{\"service\": ");
        tollgate.api().check(CI_TOKEN, aCheck().json().without("stage").toString());

        assertThat(countDecisions()).isEqualTo(before);
    }

    @Test
    void rejects_bad_query_parameters_and_ids_naming_them() {
        assertThat(tollgate.api().get("/v1/decisions?limit=0", ADMIN_TOKEN).json().get("field").asText()).isEqualTo("limit");
        assertThat(tollgate.api().get("/v1/decisions?limit=abc", ADMIN_TOKEN).status()).isEqualTo(400);
        assertThat(tollgate.api().get("/v1/decisions?outcome=maybe", ADMIN_TOKEN).json().get("field").asText()).isEqualTo("outcome");
        assertThat(tollgate.api().get("/v1/decisions?since=yesterday", ADMIN_TOKEN).json().get("field").asText()).isEqualTo("since");
        assertThat(tollgate.api().get("/v1/decisions?cursor=bm9wZQ", ADMIN_TOKEN).json().get("field").asText()).isEqualTo("cursor");
        assertThat(tollgate.api().get("/v1/decisions?colour=red", ADMIN_TOKEN).json().get("code").asText()).isEqualTo("unknown_field");
        assertThat(tollgate.api().get("/v1/decisions/not-a-uuid", ADMIN_TOKEN).json().get("field").asText()).isEqualTo("decisionId");
        assertThat(tollgate.api().get("/v1/decisions/6f1c2a4e-0000-4000-8000-000000000000", ADMIN_TOKEN).status()).isEqualTo(404);
    }

    private long countDecisions() {
        long n = 0;
        String cursor = null;
        do {
            var page = tollgate.api().get("/v1/decisions?limit=500" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_TOKEN).json();
            n += page.get("items").size();
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return n;
    }
}
