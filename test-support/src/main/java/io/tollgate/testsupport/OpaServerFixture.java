package io.tollgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OPA server ({@code opa run --server}) on a free local port, serving the given policy and data
 * paths, as a child process of the test JVM. {@link #start} returns once {@code GET /health} answers 200;
 * {@link #stop} kills the process and waits for it, so no zombie is left behind. Fault tests {@link #kill()} it
 * (SIGKILL), {@link #pause()} and {@link #resume()} it (SIGSTOP, SIGCONT) and {@link #restart()} it on the same port.
 */
public final class OpaServerFixture implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final ChildProcess process;
    private final URI url;
    private final Path log;
    private final Thread shutdownHook;

    private OpaServerFixture(ChildProcess process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.shutdownHook = new Thread(() -> process.current().destroyForcibly(), "opa-fixture-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code opa run --server} on the given paths and waits until it is healthy. */
    public static OpaServerFixture start(Path... paths) {
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of(opaBinary().toString(), "run", "--server",
                "--addr", "127.0.0.1:" + port, "--log-level", "error", "--disable-telemetry"));
        for (Path p : paths) {
            command.add(p.toString());
        }
        try {
            Path log = Files.createTempFile("opa-server-", ".log");
            var fixture = new OpaServerFixture(new ChildProcess("opa", command, log), url, log);
            fixture.awaitHealthy();
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return url;
    }

    /** SIGKILL: the server dies without closing anything; waits (10 s at most) until it is gone. */
    public void kill() {
        process.kill();
    }

    /** SIGSTOP: the server keeps its port (connections are accepted into the backlog) and answers nothing. */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        process.resume();
    }

    /** Starts the same server again on the same port (after {@link #kill()}) and waits until it is healthy. */
    public void restart() {
        process.relaunch();
        awaitHealthy();
    }

    /** Kills the server and waits for it to exit. Idempotent. */
    public void stop() {
        process.terminate(Duration.ofSeconds(5));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook will run anyway
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The {@code opa} binary: system property {@code opa.bin}, else environment {@code OPA_BIN}, else
     * {@code .tools/bin/opa} in the nearest directory at or above the working directory that has one.
     */
    public static Path opaBinary() {
        String configured = System.getProperty("opa.bin");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("OPA_BIN");
        }
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new IllegalStateException("opa binary " + p + " (from opa.bin / OPA_BIN) is not an executable file");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".tools/bin/opa");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no opa binary: set -Dopa.bin or OPA_BIN, or run scripts/bootstrap.sh to build .tools/bin/opa");
    }

    /** Runs {@code opa build -t wasm -e entrypoint policiesDir -o outBundle} and returns {@code outBundle}. */
    public static Path buildWasm(Path policiesDir, String entrypoint, Path outBundle) {
        List<String> command = List.of(opaBinary().toString(), "build", "-t", "wasm", "-e", entrypoint,
                "--ignore", "*_test.rego", "--ignore", "*.md", "-o", outBundle.toString(), policiesDir.toString());
        try {
            Path log = Files.createTempFile("opa-build-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("opa build timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("opa build failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                        + "\n" + Files.readString(log));
            }
            Files.deleteIfExists(log);
            return outBundle;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running opa build", e);
        }
    }

    private void awaitHealthy() {
        var command = this.process.command();
        var process = this.process.current();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        var health = HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofMillis(500)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("opa exited with " + process.exitValue() + " before it was healthy: "
                        + String.join(" ", command) + "\n" + readLog());
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for opa", e);
            }
            try {
                process.waitFor(25, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for opa", e);
            }
        }
        stop();
        throw new IllegalStateException("opa was not healthy within " + START_DEADLINE.toSeconds() + " s: "
                + String.join(" ", command) + "\n" + readLog());
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
