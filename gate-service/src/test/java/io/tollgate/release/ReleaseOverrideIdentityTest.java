package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.awaitState;
import static io.tollgate.release.ReleaseFixtures.create;
import static io.tollgate.release.ReleaseFixtures.fourStages;
import static io.tollgate.release.ReleaseFixtures.wiring;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.support.ApiClient;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The release manager {@code release-manager-kim} may neither override nor unfreeze a release whose change they
 * wrote, however the pipeline spelled their name: case and look-alike letters do not make another person (real
 * policy, real database, fake adapters).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseOverrideIdentityTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("release_override_identity")
                .releases(wiring(flags, traffic, new FakeCanaryHealth())).start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    private String released(String service, String author) {
        ObjectNode body = fourStages(service, "60s");
        ((ObjectNode) body.get("change")).put("author", author);
        var answer = create(tollgate, body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        String id = answer.json().path("id").asText();
        awaitState(tollgate, id, "baking", Duration.ofSeconds(20));
        return id;
    }

    private ApiClient.Answer override(String token, String body) {
        return tollgate.api().post("/v1/overrides", token, body, Map.of("Content-Type", "application/json"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "cart, RELEASE-MANAGER-KIM",
        "wishlist, Release-Manager-Kim",
        "basket, release-manager-k\u0456m",
        "orders, release-manager-kim"})
    void the_author_of_a_release_may_not_override_or_unfreeze_it_under_another_spelling(String service, String author) {
        String release = released(service, author);

        var allow = override(RELEASE_MANAGER_TOKEN, """
                {"scope":{"release":"%s"},"effect":"allow","suppress":["approval_missing"],
                 "reason":"my own hotfix","ticket":"INC-7","expiresAt":"2026-11-24T18:00:00Z"}""".formatted(release));
        assertThat(allow.status()).as(allow.text()).isEqualTo(403);
        assertThat(allow.json().path("reasons").get(0).path("code").asText()).isEqualTo("override_own_change");

        var freeze = override(ADMIN_TOKEN, """
                {"scope":{"service":"%s","environment":"production"},"effect":"freeze","reason":"incident"}""".formatted(service));
        assertThat(freeze.status()).as(freeze.text()).isEqualTo(201);
        String freezeId = freeze.json().path("id").asText();
        var unfreeze = tollgate.api().delete("/v1/overrides/" + freezeId, RELEASE_MANAGER_TOKEN,
                "{\"reason\":\"my release must go on\",\"ticket\":\"INC-7\"}");
        assertThat(unfreeze.status()).as(unfreeze.text()).isEqualTo(403);
        assertThat(unfreeze.json().path("reasons").get(0).path("code").asText()).isEqualTo("override_own_change");
        assertThat(tollgate.api().delete("/v1/overrides/" + freezeId, ADMIN_TOKEN,
                "{\"reason\":\"incident over\",\"ticket\":\"INC-7\"}").status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lee", "kimberly"})
    void another_authors_release_may_be_overridden(String author) {
        String release = released("ledger-" + author, author);

        var allow = override(RELEASE_MANAGER_TOKEN, """
                {"scope":{"release":"%s"},"effect":"allow","suppress":["approval_missing"],
                 "reason":"INC-7 hotfix","ticket":"INC-7","expiresAt":"2026-11-24T18:00:00Z"}""".formatted(release));
        assertThat(allow.status()).as(allow.text()).isEqualTo(201);
    }
}
