package io.tollgate.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real Unleash server ({@code unleash-server} from npm, see {@link UnleashInstall}) per test JVM, a
 * child process of the JVM bound to 127.0.0.1, on its own fresh database of the shared
 * {@link PostgresFixture}. Started on first {@link #shared()}, stopped (and reaped) at JVM exit.
 *
 * <p>Tokens are created by Unleash at first start from {@code INIT_ADMIN_API_TOKENS} (an admin token
 * {@code *:*.<random>}) and {@code INIT_BACKEND_API_TOKENS} (a backend/SDK token for project
 * {@code default}, environment {@link #ENVIRONMENT}). Outage tests may {@link #stop()} and {@link #start()}
 * it again: same port, same database, same tokens. Its output goes to {@link #logFile()} under
 * {@code target/}. Timing: {@code /health} answers about 3 s after start on an empty database, about
 * 2 s after a restart.
 */
public final class UnleashFixture {
    /** The environment the backend token is for (a new Unleash has {@code development} and {@code production}). */
    public static final String ENVIRONMENT = "development";
    /** Generous: on a loaded 2-core machine its first start (migrations in Node) has taken over a minute. */
    private static final Duration READY_DEADLINE = Duration.ofSeconds(180);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static UnleashFixture shared;

    private final Path home;
    private final Path workDir;
    private final Path script;
    private int port;
    private final PostgresFixture.Database database;
    private final String adminToken;
    private final String clientToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;
    private Duration lastStartTook;

    private UnleashFixture(Path home) {
        this.home = home;
        this.workDir = TempFiles.createDir("unleash-");
        this.script = workDir.resolve("start-unleash.mjs");
        try (InputStream in = UnleashInstall.resource("start-unleash.mjs")) {
            Files.copy(in, script);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + script, e);
        }
        this.port = freePort();
        this.database = PostgresFixture.newDatabase("unleash");
        String secret = HexFormat.of().formatHex(SecureRandom.getSeed(12));
        this.adminToken = "*:*.tollgate-admin-" + secret;
        this.clientToken = "default:" + ENVIRONMENT + ".tollgate-backend-" + secret;
    }

    /** The JVM's Unleash server, installed and started on first call (then running until JVM exit). */
    public static synchronized UnleashFixture shared() {
        if (shared == null) {
            var fixture = new UnleashFixture(UnleashInstall.ensureInstalled());
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::stop, "unleash-fixture-shutdown"));
            fixture.start();
            shared = fixture;
        }
        shared.start(); // a test that stopped it and failed before restarting must not break the next one
        return shared;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234} (Admin API under /api/admin, SDK API under /api). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The client (SDK) API URL the Java SDK wants: {@code <baseUrl>/api}. */
    public URI clientApiUrl() {
        return URI.create(baseUrl() + "/api");
    }

    /** An admin API token ({@code *:*.…}). */
    public String adminToken() {
        return adminToken;
    }

    /** A backend (SDK) token for project {@code default}, environment {@link #ENVIRONMENT}. */
    public String clientToken() {
        return clientToken;
    }

    /** The server's output (stdout and stderr, all starts appended). */
    public Path logFile() {
        return workDir.resolve("unleash.log");
    }

    /** How long the last {@link #start()} took until {@code /health} answered 200. */
    public synchronized Duration lastStartTook() {
        return lastStartTook;
    }

    /** True while the server process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server if it is not running and waits (at most 60 s) for {@code /health} to answer 200. A port taken
     * between choosing it and Node binding it (other processes on the machine pick free ports too) is retried on a new
     * port, up to 3 times; the tokens and the database stay.
     */
    public synchronized void start() {
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                return;
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new IllegalStateException(e.getMessage());
                }
                port = freePort();
            }
        }
    }

    private void startOnce() {
        if (isRunning()) {
            return;
        }
        long begin = System.nanoTime();
        try {
            var builder = new ProcessBuilder("node", script.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            Map<String, String> env = builder.environment();
            env.put("TOLLGATE_UNLEASH_HOME", home.toString());
            env.put("TOLLGATE_UNLEASH_PORT", Integer.toString(port));
            env.put("TOLLGATE_UNLEASH_DB", dbJson());
            env.put("INIT_ADMIN_API_TOKENS", adminToken);
            env.put("INIT_BACKEND_API_TOKENS", clientToken);
            env.put("SEND_TELEMETRY", "false");
            env.put("CHECK_VERSION", "false");
            env.put("LOG_LEVEL", "warn");
            env.put("TZ", "UTC");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start 'node' (Node 20 is required)", e);
        }
        long end = begin + READY_DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                String tail = logTail();
                String message = "unleash-server exited with " + process.exitValue() + "; log tail:\n" + tail;
                throw tail.contains("EADDRINUSE") && tail.contains(":" + port) ? new PortTaken(message) : new IllegalStateException(message);
            }
            if (healthy()) {
                lastStartTook = Duration.ofNanos(System.nanoTime() - begin);
                return;
            }
            pause(100);
        }
        stop();
        throw new IllegalStateException("unleash-server not healthy within " + READY_DEADLINE + "; log tail:\n" + logTail());
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and reaps it. Idempotent. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last 30 lines of {@link #logFile()}, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean healthy() {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).timeout(Duration.ofSeconds(1)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Unleash", e);
        }
    }

    private String dbJson() {
        // jdbc:postgresql://127.0.0.1:PORT/NAME
        URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        try {
            return new ObjectMapper().writeValueAsString(Map.of(
                    "host", uri.getHost(), "port", uri.getPort(), "database", uri.getPath().substring(1),
                    "user", database.user(), "password", database.password()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Unleash", e);
        }
    }

    /** Node could not listen: the port chosen was taken meanwhile. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
