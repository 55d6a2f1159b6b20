package io.tollgate.cli;

import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.testsupport.Eventually;
import io.tollgate.support.Ports;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.CounterTarget;
import io.tollgate.testsupport.PrometheusFixture;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * {@code check --wait} polls a hold that turns into allow: search has an SLO, and the path from Tollgate to its real
 * Prometheus is down (hold, sli_unavailable) until the test opens it while the CLI waits; the next ask is allowed.
 */
@Tag("live")
@DisabledIfSystemProperty(named = "cli.packaged", matches = "true")
class CheckWaitTest {

    @Test
    void wait_polls_a_hold_until_it_turns_into_allow_and_exits_0() throws Exception {
        int relayPort = Ports.free();
        try (var target = CounterTarget.start("search", 200, 0.001);
             var prometheus = PrometheusFixture.builder().scrapeTargets(target.hostPort()).scrapeInterval(Duration.ofSeconds(1)).start();
             var relay = new TcpRelay(relayPort, prometheus.port());
             var tollgate = TestTollgate.builder().freshDatabase("cli_wait").realClock()
                     .slos(Ports.resourceDir("slo-wait"), URI.create("http://127.0.0.1:" + relayPort)).start()) {
            prometheus.awaitFirstScrape(target.hostPort(), Duration.ofSeconds(30));

            var env = CliRun.env(tollgate.baseUrl(), CI_TOKEN);
            var run = CompletableFuture.supplyAsync(() -> CliRun.run(env, "check", "--service", "search", "--version", "3.1.0",
                    "--environment", "staging", "--stage", "canary-1", "--commit", "77aa01c", "--pipeline", "build-5",
                    "--author", "dana", "--wait", "90s", "--poll-interval", "500ms"));
            // The CLI has been told hold at least once before the path comes back.
            Eventually.await("a recorded hold for search", Duration.ofSeconds(20),
                    () -> tollgate.api().get("/v1/decisions?service=search&outcome=hold", ADMIN_TOKEN).json().path("items").size(),
                    n -> n > 0);
            assertThat(run).isNotDone();
            long opened = System.nanoTime();
            relay.open();

            var r = run.get(120, TimeUnit.SECONDS);
            System.out.printf("check --wait: allowed %d ms after Prometheus became reachable%n", (System.nanoTime() - opened) / 1_000_000);

            assertThat(r.code()).as(r.toString()).isEqualTo(0);
            assertThat(r.err()).contains("hold (sli_unavailable), decision ").contains("asking again in");
            assertThat(r.out()).startsWith("ALLOW search 3.1.0 → staging/canary-1");
            var decisions = tollgate.api().get("/v1/decisions?service=search", ADMIN_TOKEN).json().path("items");
            assertThat(decisions.get(0).path("outcome").asText()).isEqualTo("allow");
            assertThat(decisions.size()).isGreaterThanOrEqualTo(2);
        }
    }
}
