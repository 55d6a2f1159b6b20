package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.ApiClient;
import io.tollgate.support.TestTollgate;
import io.tollgate.support.TollgateProcess;
import io.tollgate.testsupport.Eventually;
import io.tollgate.testsupport.PostgresFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Tollgate process under {@code ulimit -n 512}, flooded with more connections than it has file descriptors, each
 * stalled mid-headers (a slowloris; no token needed). Helidon 4.3 ends its accept loop on the first failed accept, and the
 * process used to live on with nothing listening. Now the connection cap keeps it serving, stalled requests are closed
 * after {@code server.readTimeout}, and should accepting fail anyway the process exits with code 4: never alive but deaf.
 */
@Tag("live")
@Timeout(300)
class ListenerExhaustionProcessTest {
    private static final int FD_LIMIT = 512;
    /** More connections than the process has descriptors. */
    private static final int FLOOD = 700;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private final List<TollgateProcess> children = new ArrayList<>();
    private final List<Socket> flood = new ArrayList<>();

    /** What a client (or a supervisor) can tell about the process. */
    private record Seen(boolean alive, Integer exitCode, int liveStatus, int checkStatus, String detail) {
        boolean serving() {
            return alive && liveStatus == 200 && checkStatus == 200;
        }
    }

    @Test
    void keeps_serving_after_more_stalled_connections_than_file_descriptors() throws Exception {
        var tollgate = start("listener_flood", 0);
        int connected = flood(tollgate, FLOOD);
        long flooded = System.nanoTime();

        var seen = Eventually.await("the service answers /health/live and a check after the flood", Duration.ofSeconds(90),
                Duration.ofMillis(500), () -> observe(tollgate), s -> s.serving() || !s.alive());
        assertThat(seen.serving()).as(seen + "\nerr: " + tollgate.err()).isTrue();
        assertThat(connected).as("every flood connection was taken (queued past the cap, not refused)").isEqualTo(FLOOD);
        assertThat(tollgate.err()).doesNotContain("terminating now", "Too many open files", "listener lost");
        assertThat(incidents(tollgate)).isEmpty();
        var cap = Pattern.compile("serving at most (\\d+) connections at once \\(derived from file descriptor limit (\\d+), (\\d+) open")
                .matcher(tollgate.err());
        assertThat(cap.find()).as(tollgate.err()).isTrue();
        System.out.printf("ulimit -n %s, %s open at start: cap %s; %d stalled connections; serving again %d ms after the flood%n",
                cap.group(2), cap.group(3), cap.group(1), FLOOD, Duration.ofNanos(System.nanoTime() - flooded).toMillis());
    }

    @Test
    void exits_with_code_4_when_accepting_fails_for_want_of_descriptors() throws Exception {
        // A cap above the descriptor limit: the flood exhausts descriptors and Helidon's accept loop ends.
        var tollgate = start("listener_lost", 5000);
        int connected = flood(tollgate, FLOOD);
        long flooded = System.nanoTime();
        closeFlood();

        var seen = Eventually.await("the process exits (or serves), never alive but deaf", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> observe(tollgate), s -> !s.alive() || s.serving());
        assertThat(seen.alive()).as("the flood exhausted descriptors, so the listener ended: " + seen + "\nerr: " + tollgate.err()).isFalse();
        assertThat(seen.exitCode()).as(tollgate.err()).isEqualTo(Main.LISTENER_LOST);
        assertThat(tollgate.err()).contains("tollgate: HTTP listener lost, exiting with code 4: nothing accepts connections on 127.0.0.1:");
        System.out.printf("cap 5000 over ulimit -n %d: %d of %d flood connections connected; exited %d within %d ms of the flood%n",
                FD_LIMIT, connected, FLOOD, seen.exitCode(), Duration.ofNanos(System.nanoTime() - flooded).toMillis());
    }

    @Test
    void closes_requests_stalled_in_their_headers_or_body_after_the_read_timeout() throws Exception {
        var tollgate = start("listener_stall", 0);
        int port = URI.create(tollgate.baseUrl()).getPort();
        try (var headers = stalled(port, "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ");
             var body = stalled(port, "POST /v1/gates/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestTollgate.CI_TOKEN
                     + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"service\":")) {
            long sent = System.nanoTime();
            Duration headersClosed = closedAfter(headers, sent);
            Duration bodyClosed = closedAfter(body, sent);
            // The sweeper looks every quarter of the timeout; the rest covers routing the request on a loaded machine.
            var margin = READ_TIMEOUT.plusSeconds(3);
            assertThat(headersClosed).as("a request stalled in its headers is closed").isLessThanOrEqualTo(margin);
            assertThat(bodyClosed).as("a request stalled in its body is closed").isLessThanOrEqualTo(margin);
            assertThat(headersClosed).as("not before the read timeout").isGreaterThanOrEqualTo(READ_TIMEOUT.minusMillis(100));
            System.out.printf("readTimeout %d ms: stalled headers closed after %d ms, stalled body after %d ms%n",
                    READ_TIMEOUT.toMillis(), headersClosed.toMillis(), bodyClosed.toMillis());
        }
        var seen = observe(tollgate);
        assertThat(seen.serving()).as(seen.toString()).isTrue();
        assertThat(incidents(tollgate)).as("closing a stalled client is routine, not an incident").isEmpty();
    }

    /** Log lines of the web server or of Tollgate's HTTP layer at WARNING or SEVERE. */
    private static List<String> incidents(TollgateProcess tollgate) {
        return tollgate.err().lines()
                .filter(l -> l.contains("\"logger\":\"io.helidon.") || l.contains("\"logger\":\"io.tollgate.http.")
                        || l.contains("\"logger\":\"io.tollgate.server."))
                .filter(l -> l.contains("\"level\":\"WARNING\"") || l.contains("\"level\":\"SEVERE\"")).toList();
    }

    /** Opens {@code count} connections, each sending a request line and one header, then nothing; answers how many connected. */
    private int flood(TollgateProcess tollgate, int count) {
        int port = URI.create(tollgate.baseUrl()).getPort();
        int connected = 0;
        for (int i = 0; i < count; i++) {
            try {
                flood.add(stalled(port, "GET /health/live HTTP/1.1\r\nHost: x\r\n"));
                connected++;
            } catch (IOException refused) {
                // the listener is gone (old behaviour) or the backlog is full: counted, not fatal here
            }
        }
        return connected;
    }

    private static Socket stalled(int port, String partial) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** How long after {@code sentNanos} the server closed {@code socket} (EOF or reset); fails if still open after 15 s. */
    private static Duration closedAfter(Socket socket, long sentNanos) throws IOException {
        socket.setSoTimeout(15_000);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer (none is expected) is read to its end
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a stalled connection open for 15 s (server.readTimeout " + READ_TIMEOUT + ")");
        } catch (SocketException reset) {
            // closed with unread bytes: a reset is a close too
        }
        return Duration.ofNanos(System.nanoTime() - sentNanos);
    }

    private Seen observe(TollgateProcess tollgate) {
        var process = tollgate.process();
        if (!process.isAlive()) {
            return new Seen(false, process.exitValue(), -1, -1, "exited");
        }
        var api = new ApiClient(tollgate.baseUrl());
        try {
            var live = api.get("/health/live", null);
            var check = api.check(TestTollgate.CI_TOKEN, TollgateProcess.STAGING_CHECK);
            return new Seen(true, null, live.status(), check.status(), check.text());
        } catch (UncheckedIOException | IllegalStateException e) {
            if (!process.isAlive()) {
                return new Seen(false, process.exitValue(), -1, -1, "exited");
            }
            return new Seen(true, null, -1, -1, String.valueOf(e.getCause()));
        }
    }

    /** A process on a fresh database under {@code ulimit -n 512}; {@code maxConnections} 0 leaves server.maxConnections out (derived). */
    private TollgateProcess start(String database, int maxConnections) throws IOException, InterruptedException {
        var db = PostgresFixture.newDatabase(database);
        var roles = PostgresFixture.createRoles(db);
        var tokens = io.tollgate.support.ProcessConfig.tokensYaml();
        String yaml = """
                server:
                  host: 127.0.0.1
                  port: 0
                  readTimeout: %s
                %s
                database:
                  url: "%s"
                  user: "%s"
                  password: "%s"
                  migrationUser: "%s"
                  migrationPassword: "%s"
                auth:
                  devToken: false
                  tokens:
                %s
                """.formatted(READ_TIMEOUT.toMillis() + "ms", maxConnections == 0 ? "" : "  maxConnections: " + maxConnections,
                db.jdbcUrl(), roles.service(), roles.servicePassword(), roles.owner(), roles.ownerPassword(),
                tokens.toString().stripTrailing());
        Path config = Files.writeString(dir.resolve(database + ".yaml"), yaml);
        var child = TollgateProcess.startWithFdLimit(FD_LIMIT, dir, Map.of(), "--config", config.toString());
        children.add(child);
        return child.awaitListening(TollgateProcess.START_DEADLINE, false);
    }

    private void closeFlood() {
        for (var socket : flood) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing what the server may have closed already
            }
        }
        flood.clear();
    }

    @AfterEach
    void stopEverything() {
        closeFlood();
        children.forEach(TollgateProcess::destroy);
    }
}
