package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.support.ApiClient;
import io.tollgate.support.TestTollgate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Required text must be visible: a zero-width space, a bell, a next-line control or a NUL are not a version, a
 * ticket or a reason. Every such field answers 400 naming it (and nothing is recorded); accents and emoji are text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequiredTextApiTest {
    private static final List<String> BAD = List.of("\u200b", "\u0007", "\u0085", "a\u0000", " \ufe0f ");
    private TestTollgate tollgate;
    private ApiClient api;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("required_text").start();
        api = tollgate.api();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    /** A request: the endpoint, and its body with the field set to a value. */
    private record Field(String name, String method, String path, String token, Function<String, String> body) {
        @Override
        public String toString() {
            return method + " " + path + " " + name;
        }
    }

    private static ObjectNode override() {
        var o = Json.mapper().createObjectNode();
        o.putObject("scope").put("service", "checkout").put("environment", "staging").put("version", "1.4.2");
        o.put("effect", "freeze").put("reason", "provider incident").put("ticket", "INC-1");
        return o;
    }

    private static ObjectNode release() {
        var r = aCheck().json();
        r.remove("stage");
        r.put("strategy", "standard-canary");
        r.putObject("flag").put("provider", "none").put("feature", "f").put("environment", "production");
        r.putObject("traffic").put("provider", "none").put("route", "b").put("stable", "s").put("canary", "c");
        return r;
    }

    static Stream<Arguments> fields() {
        var fields = List.of(
                new Field("version", "POST", "/v1/gates/check", CI_TOKEN, v -> aCheck().json().put("version", v).toString()),
                new Field("change.commit", "POST", "/v1/gates/check", CI_TOKEN, v -> change(aCheck().json(), "commit", v)),
                new Field("change.pipeline", "POST", "/v1/gates/check", CI_TOKEN, v -> change(aCheck().json(), "pipeline", v)),
                new Field("change.author", "POST", "/v1/gates/check", CI_TOKEN, v -> change(aCheck().json(), "author", v)),
                new Field("reason", "POST", "/v1/overrides", RELEASE_MANAGER_TOKEN, v -> override().put("reason", v).toString()),
                new Field("ticket", "POST", "/v1/overrides", RELEASE_MANAGER_TOKEN, v -> override().put("ticket", v).toString()),
                new Field("scope.version", "POST", "/v1/overrides", RELEASE_MANAGER_TOKEN,
                        v -> { var o = override(); ((ObjectNode) o.get("scope")).put("version", v); return o.toString(); }),
                new Field("reason", "DELETE", "/v1/overrides/ov_0000", RELEASE_MANAGER_TOKEN, v -> reason(v)),
                new Field("ticket", "DELETE", "/v1/overrides/ov_0000", RELEASE_MANAGER_TOKEN,
                        v -> Json.mapper().createObjectNode().put("reason", "over").put("ticket", v).toString()),
                new Field("reason", "POST", "/v1/releases/6f1c2a4e-0000-4000-8000-000000000000/pause", RELEASE_MANAGER_TOKEN, v -> reason(v)),
                new Field("version", "POST", "/v1/releases", CI_TOKEN, v -> release().put("version", v).toString()),
                new Field("change.author", "POST", "/v1/releases", CI_TOKEN, v -> change(release(), "author", v)));
        return fields.stream().flatMap(f -> BAD.stream().map(v -> Arguments.of(f, v)));
    }

    private static String change(ObjectNode body, String key, String value) {
        ((ObjectNode) body.get("change")).put(key, value);
        return body.toString();
    }

    private static String reason(String value) {
        return Json.mapper().createObjectNode().put("reason", value).toString();
    }

    private ApiClient.Answer send(Field f, String value) {
        return f.method().equals("DELETE") ? api.delete(f.path(), f.token(), f.body().apply(value))
                : api.post(f.path(), f.token(), f.body().apply(value), Map.of("Content-Type", "application/json"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("fields")
    void invisible_or_control_text_is_a_400_naming_the_field(Field f, String value) {
        var answer = send(f, value);

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().get("field").asText()).as(answer.text()).isEqualTo(f.name());
    }

    @Test
    void accents_and_emoji_are_text() {
        var check = api.check(CI_TOKEN, aCheck().json().put("version", "1.4.2-café").toString());
        assertThat(check.status()).as(check.text()).isEqualTo(200);

        var created = api.post("/v1/overrides", RELEASE_MANAGER_TOKEN,
                override().put("reason", "Zoë's provider is down 🔥 (family 👨\u200d👩\u200d👧 outage)").put("ticket", "INC-ü7").toString(),
                Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("reason").asText()).contains("🔥", "👨\u200d👩\u200d👧");

        var revoked = api.delete("/v1/overrides/" + created.json().get("id").asText(), RELEASE_MANAGER_TOKEN,
                "{\"reason\":\"résolu ✅\"}");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
    }
}
