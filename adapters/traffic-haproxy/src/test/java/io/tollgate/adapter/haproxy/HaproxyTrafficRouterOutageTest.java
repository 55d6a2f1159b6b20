package io.tollgate.adapter.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.HaproxyFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** HAProxy gone, silent or reloaded: values within the deadline, and weights that survive a reload only when saved. */
@Tag("live")
class HaproxyTrafficRouterOutageTest {
    static final TrafficTarget TARGET = new TrafficTarget("checkout", HaproxyFixture.STABLE, HaproxyFixture.CANARY);

    @Test
    void a_closed_runtime_port_is_unreachable_at_once_and_apply_fails_retryably() throws IOException {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var router = new HaproxyTrafficRouter(HaproxyConfig.defaults("127.0.0.1", port));
        long start = System.nanoTime();
        assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.Unreachable.class,
                u -> assertThat(u.reason()).contains("127.0.0.1:" + port, "connection refused"));
        assertThat(router.apply(TARGET, 10)).isEqualTo(new AdapterResult.Failed(
                "HAProxy runtime API at 127.0.0.1:" + port + ": connection refused", true));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void a_runtime_port_that_never_answers_times_out_within_the_call_timeout() throws IOException {
        // A listener that never accepts: the kernel completes the connect, nobody ever answers.
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var config = HaproxyConfig.defaults("127.0.0.1", silent.getLocalPort()).withCallTimeout(Duration.ofMillis(300));
            var router = new HaproxyTrafficRouter(config);
            long start = System.nanoTime();
            var observed = router.observe(TARGET);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("observe against a silent port took " + took.toMillis() + " ms (timeout 300 ms)");
            assertThat(observed).isInstanceOfSatisfying(Observation.Unreachable.class,
                    u -> assertThat(u.reason()).contains("timed out"));
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
            assertThat(router.reset(TARGET)).isInstanceOfSatisfying(AdapterResult.Failed.class,
                    f -> assertThat(f.retryable()).isTrue());
        }
    }

    @Test
    void a_stopped_haproxy_is_unreachable_and_answers_again_after_start() {
        try (var backends = BackendPair.start(); var haproxy = HaproxyFixture.start("checkout", backends)) {
            var router = new HaproxyTrafficRouter(HaproxyConfig.defaults(haproxy.host(), haproxy.runtimePort())
                    .withStateFile(haproxy.stateFile()));
            assertThat(router.apply(TARGET, 10)).isInstanceOf(AdapterResult.Applied.class);

            haproxy.stop();
            long start = System.nanoTime();
            assertThat(router.observe(TARGET)).isInstanceOf(Observation.Unreachable.class);
            assertThat(router.apply(TARGET, 20)).isInstanceOfSatisfying(AdapterResult.Failed.class,
                    f -> assertThat(f.retryable()).isTrue());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("observe + apply against a stopped HAProxy took " + took.toMillis() + " ms");
            assertThat(took).isLessThan(Duration.ofSeconds(1));

            haproxy.start();
            // the adapter saved the state after its apply, so the restarted HAProxy comes back at 10%
            assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.Observed.class,
                    o -> assertThat(o.percent()).isEqualTo(10));
        }
    }

    @Test
    void weights_survive_a_reload_only_through_the_state_file() {
        try (var backends = BackendPair.start(); var haproxy = HaproxyFixture.start("checkout", backends)) {
            var unsaved = new HaproxyTrafficRouter(HaproxyConfig.defaults(haproxy.host(), haproxy.runtimePort()));
            assertThat(unsaved.apply(TARGET, 25)).isInstanceOf(AdapterResult.Applied.class);
            haproxy.reloadWithoutSavingState();
            haproxy.awaitServerUp("checkout", HaproxyFixture.CANARY, true, Duration.ofSeconds(5));
            assertThat(unsaved.observe(TARGET)).as("no state file: back to the configured 100/0")
                    .isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isZero());

            var saving = new HaproxyTrafficRouter(HaproxyConfig.defaults(haproxy.host(), haproxy.runtimePort())
                    .withStateFile(haproxy.stateFile()));
            assertThat(saving.apply(TARGET, 25)).isInstanceOfSatisfying(AdapterResult.Applied.class,
                    a -> assertThat(a.detail()).doesNotContain("not saved"));
            haproxy.reloadWithoutSavingState();
            haproxy.awaitServerUp("checkout", HaproxyFixture.CANARY, true, Duration.ofSeconds(5));
            assertThat(saving.observe(TARGET)).isInstanceOfSatisfying(Observation.Observed.class,
                    o -> assertThat(o.percent()).isEqualTo(25));

            // the fixture's own reload saves first, as an operator's reload script should
            assertThat(unsaved.apply(TARGET, 40)).isInstanceOf(AdapterResult.Applied.class);
            haproxy.reload();
            assertThat(unsaved.observe(TARGET)).isInstanceOfSatisfying(Observation.Observed.class,
                    o -> assertThat(o.percent()).isEqualTo(40));
            assertThat(haproxy.send("checkout", 100)).containsEntry(200, 100);
            assertThat(unsaved.persistState()).isInstanceOf(AdapterResult.NotSupported.class);
        }
    }
}
