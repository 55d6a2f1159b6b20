package io.tollgate.adapter.unleash;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import io.tollgate.testsupport.UnleashFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Remote failures become values quickly: Unleash stopped, a server that never answers, a failing server. */
@Tag("live")
class UnleashOutageTest {
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(500);
    private static final FlagTarget FLAG = new FlagTarget("tollgate-outage", UnleashFixture.ENVIRONMENT);

    @Test
    void unleash_stopped_gives_retryable_failures_and_unreachable_at_once_and_works_again_after_restart() {
        var unleash = UnleashFixture.shared();
        try (var adapter = new UnleashFlagRollout(UnleashConfig.defaults(unleash.baseUrl(), unleash.adminToken())
                .withCallTimeout(CALL_TIMEOUT))) {
            assertThat(adapter.apply(FLAG, 10)).isInstanceOf(AdapterResult.Applied.class);

            unleash.stop();
            try {
                long begin = System.nanoTime();
                var applied = adapter.apply(FLAG, 20);
                var observed = adapter.observe(FLAG);
                var reset = adapter.reset(FLAG);
                Duration took = Latencies.since(begin);
                System.out.printf("Unleash stopped: apply+observe+reset answered in %dms: %s | %s | %s%n",
                        took.toMillis(), applied, observed, reset);

                assertThat(applied).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.detail()).contains("connection refused");
                });
                assertThat(observed).isInstanceOf(Observation.Unreachable.class);
                assertThat(reset).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> assertThat(f.retryable()).isTrue());
                assertThat(took).isLessThan(CALL_TIMEOUT.multipliedBy(3));
            } finally {
                unleash.start();
            }
            System.out.printf("Unleash restarted in %dms%n", unleash.lastStartTook().toMillis());

            assertThat(adapter.apply(FLAG, 20)).isInstanceOf(AdapterResult.Applied.class);
            assertThat(adapter.observe(FLAG)).isInstanceOfSatisfying(Observation.Observed.class,
                    o -> assertThat(o.percent()).isEqualTo(20));
        }
    }

    @Test
    void a_server_that_never_answers_is_cut_off_at_the_call_deadline() throws IOException {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var adapter = new UnleashFlagRollout(UnleashConfig.defaults(
                     URI.create("http://127.0.0.1:" + silent.getLocalPort()), "*:*.x").withCallTimeout(CALL_TIMEOUT))) {
            long begin = System.nanoTime();
            var applied = adapter.apply(FLAG, 5);
            Duration applyTook = Latencies.since(begin);
            begin = System.nanoTime();
            var observed = adapter.observe(FLAG);
            Duration observeTook = Latencies.since(begin);

            assertThat(applied).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
                assertThat(f.retryable()).isTrue();
                assertThat(f.detail()).contains("deadline");
            });
            assertThat(observed).isInstanceOf(Observation.Unreachable.class);
            assertThat(applyTook).isBetween(CALL_TIMEOUT.minusMillis(50), CALL_TIMEOUT.plusMillis(700));
            assertThat(observeTook).isLessThan(CALL_TIMEOUT.plusMillis(700));
        }
    }

    @Test
    void http_5xx_is_retryable_and_unreachable_while_4xx_is_final() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = exchange.getRequestMethod().equals("GET") && FLAG_400.equals(feature(exchange.getRequestURI())) ? 400 : 503;
            byte[] body = "{\"message\":\"simulated\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (var adapter = new UnleashFlagRollout(UnleashConfig.defaults(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "*:*.x"))) {
            assertThat(adapter.apply(FLAG, 5)).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
                assertThat(f.retryable()).isTrue();
                assertThat(f.detail()).contains("HTTP 503: simulated");
            });
            assertThat(adapter.observe(FLAG)).isInstanceOf(Observation.Unreachable.class);
            var bad = new FlagTarget(FLAG_400, UnleashFixture.ENVIRONMENT);
            assertThat(adapter.apply(bad, 5)).isInstanceOfSatisfying(AdapterResult.Failed.class,
                    f -> assertThat(f.retryable()).isFalse());
            assertThat(adapter.observe(bad)).isInstanceOf(Observation.CannotVerify.class);
        } finally {
            server.stop(0);
        }
    }

    private static final String FLAG_400 = "tollgate-answers-400";

    private static String feature(URI uri) {
        String[] parts = uri.getPath().split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("features")) {
                return parts[i + 1];
            }
        }
        return "";
    }
}
