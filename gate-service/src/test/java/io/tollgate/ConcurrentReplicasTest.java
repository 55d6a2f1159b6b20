package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.PostgresFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two service replicas on one database, checked concurrently: every acknowledged decision is in
 * the log exactly once and the hash chain stays intact (appends are serialized in the database).
 */
class ConcurrentReplicasTest {
    private static final int CLIENTS = 20;
    private static final int CHECKS_PER_CLIENT = 10;

    @Test
    void concurrent_checks_on_two_replicas_are_all_recorded_once_in_one_intact_chain() throws Exception {
        var db = PostgresFixture.newDatabase("replicas");
        var database = TestDatabases.withRoles(db, 4);
        try (var first = TestTollgate.builder().database(database).start();
             var second = TestTollgate.builder().database(database).start()) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                var replica = c % 2 == 0 ? first : second;
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < CHECKS_PER_CLIENT; i++) {
                        var answer = replica.api().check(CI_TOKEN, aCheck().json());
                        assertThat(answer.status()).isEqualTo(200);
                        acknowledged.add(answer.json().get("decisionId").asText());
                    }
                    return null;
                }));
            }
            for (var f : clients) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();

            var verify = first.api().get("/v1/audit/verify", ADMIN_TOKEN).json();
            assertThat(verify.get("intact").asBoolean()).isTrue();
            assertThat(verify.get("recordsChecked").asLong()).isEqualTo(CLIENTS * CHECKS_PER_CLIENT);
            assertThat(acknowledged).hasSize(CLIENTS * CHECKS_PER_CLIENT);
            assertThat(allDecisionIds(second)).isEqualTo(acknowledged);
        }
    }

    private static Set<String> allDecisionIds(TestTollgate replica) {
        var ids = new HashSet<String>();
        String cursor = null;
        do {
            var page = replica.api().get("/v1/decisions?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_TOKEN).json();
            page.get("items").forEach(item -> ids.add(item.get("decisionId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }
}
