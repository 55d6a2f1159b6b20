package io.tollgate.audit;

import static io.tollgate.audit.Decisions.T0;
import static io.tollgate.audit.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.decision.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Listing reads only, so one log of 30 decisions serves every test. */
class DecisionListTest {
    private static AuditDatabases db;
    private static JooqDecisionLog log;
    private static final List<DecisionRecord> appended = new ArrayList<>();

    /** 30 decisions, one minute apart: services cycle checkout/search/billing, outcomes allow/deny/hold/allow/... */
    @BeforeAll
    static void thirtyDecisions() {
        db = AuditDatabases.fresh();
        log = db.log();
        var services = List.of("checkout", "search", "billing");
        var outcomes = List.of(Outcome.ALLOW, Outcome.DENY, Outcome.HOLD, Outcome.ALLOW);
        for (int i = 0; i < 30; i++) {
            appended.add(log.append(decision(services.get(i % 3), outcomes.get(i % 4), T0.plus(Duration.ofMinutes(i)))));
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static DecisionQuery query(String service, Outcome outcome, java.time.Instant since, int limit, String cursor) {
        return new DecisionQuery(service, outcome, since, limit, cursor);
    }

    @Test
    void summaries_are_the_listed_decisions_without_request_and_policy_input() {
        var full = log.list(query("search", null, null, 4, null));
        var summaries = log.listSummaries(query("search", null, null, 4, null));

        assertThat(summaries.nextCursor()).isEqualTo(full.nextCursor());
        assertThat(summaries.items()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            var s = summaries.items().get(i);
            var f = full.items().get(i);
            assertThat(s.decision().request().isMissingNode()).isTrue();
            assertThat(s.decision().policyInput().isMissingNode()).isTrue();
            assertThat(f.decision().policyInput().isObject()).isTrue();
            assertThat(s).usingRecursiveComparison().ignoringFields("decision.request", "decision.policyInput").isEqualTo(f);
        }
    }

    @Test
    void lists_newest_first_and_respects_the_limit() {
        var page = log.list(query(null, null, null, 5, null));

        assertThat(page.items()).extracting(DecisionRecord::seq).containsExactly(30L, 29L, 28L, 27L, 26L);
        assertThat(page.nextCursor()).isNotNull();
    }

    @Test
    void filters_by_service() {
        var page = log.list(query("search", null, null, 100, null));

        assertThat(page.items()).hasSize(10).allMatch(r -> r.decision().service().equals("search"));
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void filters_by_outcome() {
        var page = log.list(query(null, Outcome.HOLD, null, 100, null));

        assertThat(page.items()).extracting(DecisionRecord::seq).containsExactly(27L, 23L, 19L, 15L, 11L, 7L, 3L);
    }

    @Test
    void filters_by_since_inclusive_on_evaluated_at() {
        var since = appended.get(24).decision().evaluatedAt();

        var page = log.list(query(null, null, since, 100, null));

        assertThat(page.items()).extracting(DecisionRecord::seq).containsExactly(30L, 29L, 28L, 27L, 26L, 25L);
    }

    @Test
    void combines_filters() {
        var page = log.list(query("checkout", Outcome.ALLOW, T0.plus(Duration.ofMinutes(10)), 100, null));

        // checkout: i % 3 == 0; allow: i % 4 in {0, 3}; i >= 10  -> i = 12, 15, 24, 27
        assertThat(page.items()).extracting(DecisionRecord::seq).containsExactly(28L, 25L, 16L, 13L);
    }

    @Test
    void pagination_walks_every_page_without_duplicates_or_misses() {
        var seen = new ArrayList<Long>();
        String cursor = null;
        int pages = 0;
        do {
            var page = log.list(query(null, null, null, 7, cursor));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(7);
            page.items().forEach(r -> seen.add(r.seq()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(30).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void pagination_keeps_the_filters_and_has_no_cursor_after_an_exactly_full_last_page() {
        var first = log.list(query("billing", null, null, 5, null));
        var second = log.list(query("billing", null, null, 5, first.nextCursor()));

        assertThat(first.items()).extracting(DecisionRecord::seq).containsExactly(30L, 27L, 24L, 21L, 18L);
        assertThat(second.items()).extracting(DecisionRecord::seq).containsExactly(15L, 12L, 9L, 6L, 3L);
        assertThat(second.nextCursor()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor!", "djE6", "v1:5", "", "djI6NQ", "djE6YWJj", "djE6MA", "djE6LTE", "djE6OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"})
    void a_cursor_this_log_did_not_issue_is_refused(String cursor) {
        // djE6 = "v1:", djI6NQ = "v2:5", djE6YWJj = "v1:abc", djE6MA = "v1:0", djE6LTE = "v1:-1", last = "v1:" + 24 nines
        assertThatThrownBy(() -> log.list(query(null, null, null, 5, cursor))).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void issued_cursors_are_opaque_base64url() {
        var cursor = log.list(query(null, null, null, 5, null)).nextCursor();

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII)).isEqualTo("v1:26");
    }
}
