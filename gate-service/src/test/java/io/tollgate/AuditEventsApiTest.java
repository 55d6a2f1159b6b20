package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /v1/audit/events}: the whole chain, filtered by kind and subject, keyset-paged. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditEventsApiTest {
    private TestTollgate tollgate;
    private final List<String> decisionIds = new ArrayList<>();

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("events").start();
        for (int i = 0; i < 5; i++) {
            decisionIds.add(tollgate.api().check(CI_TOKEN, aCheck().json()).json().get("decisionId").asText());
        }
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    @Test
    void lists_every_event_newest_first_with_its_chain_fields_across_pages() {
        var first = tollgate.api().get("/v1/audit/events?limit=3", VIEWER_TOKEN);
        assertThat(first.status()).isEqualTo(200);
        var items = first.json().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("seq").asLong()).isEqualTo(5);
        assertThat(items.get(0).get("kind").asText()).isEqualTo("decision");
        assertThat(items.get(0).get("subject").asText()).isEqualTo(decisionIds.getLast());
        assertThat(items.get(0).get("actor").asText()).isEqualTo("ci-pipeline");
        assertThat(items.get(0).get("payload").get("outcome").asText()).isEqualTo("allow");
        assertThat(items.get(0).get("previousHash").asText()).isEqualTo(items.get(1).get("hash").asText());

        var second = tollgate.api().get("/v1/audit/events?limit=3&cursor=" + first.json().get("nextCursor").asText(), VIEWER_TOKEN).json();
        assertThat(second.get("items")).extracting(i -> i.get("seq").asLong()).containsExactly(2L, 1L);
        assertThat(second.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void filters_by_kind_and_subject() {
        var one = tollgate.api().get("/v1/audit/events?kind=decision&subject=" + decisionIds.get(2), VIEWER_TOKEN).json();
        assertThat(one.get("items")).hasSize(1);
        assertThat(one.get("items").get(0).get("seq").asLong()).isEqualTo(3);

        var none = tollgate.api().get("/v1/audit/events?kind=release.transition", VIEWER_TOKEN).json();
        assertThat(none.get("items")).isEmpty();
        var since = tollgate.api().get("/v1/audit/events?since=2999-01-01T00:00:00Z", VIEWER_TOKEN).json();
        assertThat(since.get("items")).isEmpty();
    }

    @Test
    void bad_parameters_are_400_naming_the_parameter() {
        for (var query : List.of("kind=promotion", "limit=0", "limit=501", "since=yesterday", "cursor=bogus", "colour=blue",
                "kind=decision&kind=decision")) {
            var answer = tollgate.api().get("/v1/audit/events?" + query, VIEWER_TOKEN);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().get("field").asText()).as(query).isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void a_checkpoint_from_the_api_is_signed_and_verify_compares_the_log_with_it() {
        var checkpoint = tollgate.api().get("/v1/audit/checkpoint", VIEWER_TOKEN);
        assertThat(checkpoint.status()).isEqualTo(200);
        assertThat(checkpoint.json().get("seq").asLong()).isEqualTo(5);
        var encoded = checkpoint.json().get("encoded").asText();

        var verify = tollgate.api().get("/v1/audit/verify?checkpoint=" + encoded, VIEWER_TOKEN).json();
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("signedThroughSeq").asLong()).isEqualTo(5);
        assertThat(verify.get("checkpoints")).anySatisfy(c -> assertThat(c.get("matches").asBoolean()).isTrue());

        var forged = encoded.substring(0, encoded.length() - 8) + "AAAAAAAA";
        var refused = tollgate.api().get("/v1/audit/verify?checkpoint=" + forged, VIEWER_TOKEN);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("checkpoint");
    }

    @Test
    void verify_from_verified_continues_after_the_last_intact_walk_and_another_from_is_400_naming_it() {
        var full = tollgate.api().get("/v1/audit/verify", VIEWER_TOKEN).json();
        assertThat(full.get("fromSeq").asLong()).isZero();
        assertThat(full.get("recordsChecked").asLong()).isEqualTo(5);

        var incremental = tollgate.api().get("/v1/audit/verify?from=verified", VIEWER_TOKEN).json();
        assertThat(incremental.get("intact").asBoolean()).isTrue();
        assertThat(incremental.get("fromSeq").asLong()).isEqualTo(5);
        assertThat(incremental.get("recordsChecked").asLong()).isZero();
        assertThat(incremental.get("headSeq").asLong()).isEqualTo(5);
        assertThat(tollgate.api().get("/v1/audit/verify?from=start", VIEWER_TOKEN).json().get("recordsChecked").asLong()).isEqualTo(5);

        var refused = tollgate.api().get("/v1/audit/verify?from=yesterday", VIEWER_TOKEN);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("from");
    }

    @Test
    void ci_tokens_may_not_read_the_log() {
        assertThat(tollgate.api().get("/v1/audit/events", CI_TOKEN).status()).isEqualTo(403);
    }
}
