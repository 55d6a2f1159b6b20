package io.tollgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.testsupport.Eventually;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watchdog on a plain listening socket: what Helidon's listener looks like from outside once its accept loop ended. */
@Timeout(60)
class ListenerWatchdogTest {

    @Test
    void reports_a_listener_whose_socket_closed_while_the_server_says_it_runs() throws Exception {
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var reasons = new CopyOnWriteArrayList<String>();
        try (var watchdog = new ListenerWatchdog()) {
            watchdog.onLost(reasons::add);
            watchdog.watch("127.0.0.1", listener.getLocalPort(), () -> true);
            // Two probes while it listens (the kernel completes them from the backlog): nothing to report.
            Eventually.await("two probes", Duration.ofSeconds(10), Duration.ofMillis(50), watchdog::probes, n -> n >= 2);
            assertThat(watchdog.problem()).isNull();
            assertThat(reasons).isEmpty();

            listener.close();
            Eventually.await("the watchdog reports the lost listener", Duration.ofSeconds(10), Duration.ofMillis(50),
                    reasons::size, n -> n > 0);
            assertThat(reasons).singleElement().asString().startsWith("nothing accepts connections on 127.0.0.1:" + listener.getLocalPort());
            assertThat(watchdog.problem()).isEqualTo(reasons.getFirst());
        }
    }

    @Test
    void an_orderly_stop_is_not_a_lost_listener() throws Exception {
        var running = new AtomicBoolean(true);
        var reasons = new CopyOnWriteArrayList<String>();
        try (var listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            var watchdog = new ListenerWatchdog();
            watchdog.onLost(reasons::add);
            watchdog.watch("0.0.0.0", listener.getLocalPort(), running::get);
            watchdog.close(); // Tollgate.close: the watchdog first, then the server
            running.set(false);
        }
        Thread.sleep(ListenerWatchdog.INTERVAL.multipliedBy(2).toMillis());
        assertThat(reasons).isEmpty();
    }
}
