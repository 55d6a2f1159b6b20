package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Listing decisions: filters and keyset pagination over a real database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionQueryApiTest {
    private TestTollgate tollgate;
    private final List<String> paymentsIds = new ArrayList<>();

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("query").start();
        for (int i = 0; i < 7; i++) {
            var allow = tollgate.api().check(CI_TOKEN, aCheck().service("payments").json()).json();
            paymentsIds.add(allow.get("decisionId").asText());
        }
        for (int i = 0; i < 3; i++) {
            var deny = tollgate.api().check(CI_TOKEN, aCheck().service("payments").approvals().json()).json();
            paymentsIds.add(deny.get("decisionId").asText());
        }
        for (int i = 0; i < 4; i++) {
            tollgate.api().check(CI_TOKEN, aCheck().service("search").json());
        }
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    @Test
    void walks_all_pages_newest_first_without_duplicates_or_gaps() {
        var seen = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            var page = tollgate.api().get("/v1/decisions?service=payments&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), VIEWER_TOKEN).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(3);
            page.get("items").forEach(item -> seen.add(item.get("decisionId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 20);

        assertThat(pages).isEqualTo(4);
        assertThat(new HashSet<>(seen)).hasSize(seen.size());
        assertThat(seen).containsExactlyElementsOf(paymentsIds.reversed());
    }

    @Test
    void filters_by_service_and_outcome() {
        var denied = tollgate.api().get("/v1/decisions?service=payments&outcome=deny", VIEWER_TOKEN).json().get("items");
        var search = tollgate.api().get("/v1/decisions?service=search", VIEWER_TOKEN).json().get("items");

        assertThat(denied).hasSize(3).allSatisfy(d -> assertThat(d.get("outcome").asText()).isEqualTo("deny"));
        assertThat(search).hasSize(4).allSatisfy(d -> assertThat(d.get("service").asText()).isEqualTo("search"));
    }

    @Test
    void filters_by_since_inclusive_of_the_evaluation_time() {
        // The test clock is fixed at 2026-11-24T10:00:00Z, so every decision is evaluated then.
        var atClock = tollgate.api().get("/v1/decisions?service=search&since=2026-11-24T10:00:00Z", VIEWER_TOKEN).json().get("items");
        var after = tollgate.api().get("/v1/decisions?service=search&since=2026-11-24T10:00:01Z", VIEWER_TOKEN).json().get("items");

        assertThat(atClock).hasSize(4);
        assertThat(after).isEmpty();
    }
}
