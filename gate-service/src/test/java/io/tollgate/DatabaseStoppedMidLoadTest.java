package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.testsupport.Eventually;
import io.tollgate.support.Ports;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.PostgresFixture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database stops while clients keep checking: every answer is 200 or 503, and once the database is
 * back the log holds exactly the acknowledged decisions, in one intact chain (group commit never
 * acknowledges a batch that did not commit, and a failed batch leaves nothing behind).
 */
class DatabaseStoppedMidLoadTest {
    private static final int CLIENTS = 8;

    @Test
    void checks_during_a_database_stop_are_503_and_the_log_holds_exactly_the_200s(@TempDir Path dataDir) throws Exception {
        int port = Ports.free();
        var postgres = startPostgres(dataDir, port);
        var database = TestDatabases.withRoles(new PostgresFixture.Database("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", ""), 4);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        var stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (var tollgate = TestTollgate.builder().database(database).start()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = 0; i < 2_000 && !stop.get(); i++) {
                        var answer = tollgate.api().check(CI_TOKEN, aCheck().json());
                        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (answer.status() == 200) {
                            acknowledged.add(answer.json().get("decisionId").asText());
                        } else if (answer.status() == 503) {
                            assertThat(answer.json().get("code").asText()).isEqualTo("audit_unavailable");
                        }
                    }
                    return null;
                }));
            }
            Eventually.await("100 acknowledged checks", Duration.ofSeconds(60), acknowledged::size, n -> n >= 100);
            postgres.close();
            Eventually.await("20 answers of 503", Duration.ofSeconds(60),
                    () -> statuses.getOrDefault(503, new AtomicInteger()).get(), n -> n >= 20);
            stop.set(true);
            for (var f : running) {
                f.get(60, TimeUnit.SECONDS);
            }

            postgres = startPostgres(dataDir, port);
            assertThat(statuses.keySet()).containsOnly(200, 503);
            var verify = Eventually.await("the log answering again", Duration.ofSeconds(30),
                    () -> tollgate.api().get("/v1/audit/verify", ADMIN_TOKEN), a -> a.status() == 200).json();
            assertThat(verify.get("intact").asBoolean()).isTrue();
            assertThat(verify.get("recordsChecked").asLong()).isEqualTo(statuses.get(200).get());
            assertThat(acknowledged).hasSize(statuses.get(200).get());
            for (var id : acknowledged.stream().limit(20).toList()) {
                assertThat(tollgate.api().get("/v1/decisions/" + id, ADMIN_TOKEN).status()).isEqualTo(200);
            }
        } finally {
            stop.set(true);
            clients.shutdownNow();
            postgres.close();
        }
    }

    /** A PostgreSQL of this test's own (the shared one must stay up), restartable on the same data and port. */
    private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
    }
}
