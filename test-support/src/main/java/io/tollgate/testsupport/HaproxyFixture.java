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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code haproxy} (Debian 2.6, see {@code scripts/bootstrap.sh}) run as a child of the test JVM in
 * master-worker mode ({@code haproxy -W -db -S 127.0.0.1:MASTERPORT -f CFG -p PIDFILE}), everything on 127.0.0.1
 * and free ports:
 *
 * <ul>
 *   <li>the Runtime API on TCP, {@code level admin} ({@link #runtimePort()}, {@link #runtime(String)});</li>
 *   <li>per service one frontend ({@link #frontendUrl(String)}) and one backend named like the service,
 *       {@code balance roundrobin}, servers {@value #STABLE} and {@value #CANARY} pointing at a
 *       {@link BackendPair}, health-checked with {@code GET /health};</li>
 *   <li>initial weights stable {@value #DEFAULT_STABLE_WEIGHT}, canary {@value #DEFAULT_CANARY_WEIGHT}:
 *       absolute weights (0..256), so weight = share in percent while they add up to 100;</li>
 *   <li>the built-in Prometheus exporter at {@link #exporterUrl()};</li>
 *   <li>{@code server-state-file} + {@code load-server-state-from-file global}: {@link #reload()} saves
 *       {@code show servers state} first, so runtime weights survive it.</li>
 * </ul>
 * Start the backends first (the fixture takes started {@link BackendPair}s): HAProxy then sees them UP at
 * once. {@link #start()} after {@link #stop()} brings the same ports back, for outage tests. Close it in
 * {@code @AfterAll}; a shutdown hook also kills it so a failed run leaves no orphan.
 */
public final class HaproxyFixture implements AutoCloseable {
    /** Server name of the stable version in every backend. */
    public static final String STABLE = "stable";
    /** Server name of the canary version in every backend. */
    public static final String CANARY = "canary";
    public static final int DEFAULT_STABLE_WEIGHT = 100;
    public static final int DEFAULT_CANARY_WEIGHT = 0;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final HaproxyConfigFile.Layout layout;
    private final Path workDir;
    private final Path configFile;
    private final Duration readyTimeout;
    private final Thread shutdownHook;
    private Process process;

    private HaproxyFixture(HaproxyConfigFile.Layout layout, Path workDir, Duration readyTimeout) {
        this.layout = layout;
        this.workDir = workDir;
        this.configFile = workDir.resolve("haproxy.cfg");
        this.readyTimeout = readyTimeout;
        this.shutdownHook = new Thread(this::kill, "haproxy-fixture-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts HAProxy in front of one service {@code name} with the default weights. */
    public static HaproxyFixture start(String name, BackendPair pair) {
        return builder().service(name, pair).start();
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** The Runtime API's TCP port. */
    public int runtimePort() {
        return layout.runtimePort();
    }

    /** {@code http://127.0.0.1:<port>/} of the service's frontend. */
    public URI frontendUrl(String service) {
        Integer port = layout.frontendPorts().get(service);
        if (port == null) {
            throw new IllegalArgumentException("no service '" + service + "'; have " + layout.frontendPorts().keySet());
        }
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** {@code http://127.0.0.1:<port>/metrics}: HAProxy's built-in Prometheus exporter. */
    public URI exporterUrl() {
        return URI.create("http://" + exporterHostPort() + "/metrics");
    }

    /** {@code 127.0.0.1:<port>} of the exporter, for a Prometheus scrape config. */
    public String exporterHostPort() {
        return "127.0.0.1:" + layout.exporterPort();
    }

    /** The {@code server-state-file}. */
    public Path stateFile() {
        return layout.stateFile();
    }

    /** The generated configuration file. */
    public Path configFile() {
        return configFile;
    }

    /** True while the master process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Sends one Runtime API command and returns the raw answer (e.g. {@code "\n"} for a successful set). */
    public String runtime(String command) {
        try {
            return HaproxyRuntimeClient.send(layout.runtimePort(), command, CALL_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("runtime API '" + command + "' failed", e);
        }
    }

    /**
     * Sends {@code n} sequential {@code GET /} through the service's frontend on fresh connections (a new
     * client each call, so no connection to a pre-reload worker is reused). Returns counts by status code;
     * connection failures count under status 0.
     */
    public Map<Integer, Integer> send(String service, int n) {
        URI url = frontendUrl(service);
        var counts = new TreeMap<Integer, Integer>();
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            var request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build();
            for (int i = 0; i < n; i++) {
                int status;
                try {
                    status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                    status = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while sending traffic", e);
                }
                counts.merge(status, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Waits until HAProxy's health checks report {@code backend/server} UP ({@code up=true}) or DOWN, by
     * polling {@code show servers state} ({@code srv_op_state} 2 = running). Throws after {@code deadline}.
     */
    public void awaitServerUp(String backend, String server, boolean up, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                last = HaproxyRuntimeClient.send(layout.runtimePort(), "show servers state " + backend, CALL_TIMEOUT);
                Integer op = HaproxyServersStateText.opState(last, server);
                if (op != null && (op == 2) == up) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            pause(50);
        }
        throw new IllegalStateException(backend + "/" + server + " not " + (up ? "UP" : "DOWN") + " within " + deadline
                + "; last answer:\n" + last + "\nlog tail:\n" + logTail());
    }

    /** Writes {@code show servers state} (all backends) to the state file, atomically. */
    public void saveState() {
        String state = runtime("show servers state");
        try {
            Path tmp = Files.writeString(workDir.resolve("state.tmp"), state);
            Files.move(tmp, layout.stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the server state file", e);
        }
    }

    /**
     * Saves the server state, then reloads (master CLI {@code reload}, the same as SIGUSR2 to the master) and
     * waits until the new worker has loaded and its servers are UP.
     */
    public void reload() {
        saveState();
        reloadWithoutSavingState();
    }

    /**
     * Reloads without saving the state first: servers get the state file's weights if one exists from an
     * earlier save, else the configuration's. Waits until the master logged a new "Loading success.", the old
     * worker exited, and the servers are UP. Completion is read from the log, not from the Runtime API: a
     * Runtime API answer could still come from the old worker.
     */
    public synchronized void reloadWithoutSavingState() {
        long loadsBefore = logCount("Loading success.");
        long formerBefore = logCount("Former worker");
        if (!isRunning()) {
            throw new IllegalStateException("haproxy is not running");
        }
        long end = System.nanoTime() + readyTimeout.toNanos();
        long resendAt = 0;
        while (logCount("Loading success.") <= loadsBefore) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no new worker within " + readyTimeout + " after reload; log tail:\n" + logTail());
            }
            if (!isRunning()) {
                throw new IllegalStateException("haproxy exited during reload:\n" + logTail());
            }
            if (System.nanoTime() >= resendAt) {
                // The master CLI's `reload` (as SIGUSR2 would). A reload asked for while the master still finishes
                // the previous one was seen to be lost, so it is asked again every 2 s; an extra reload is harmless.
                requestReload();
                resendAt = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
            pause(20);
        }
        // the old worker gone: the master is done with this reload, and nothing still talks to old weights
        while (logCount("Former worker") <= formerBefore) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("old worker still running " + readyTimeout + " after reload; log tail:\n"
                        + logTail());
            }
            pause(20);
        }
        awaitReady();
    }

    private void requestReload() {
        try {
            HaproxyRuntimeClient.send(layout.masterPort(), "reload", CALL_TIMEOUT);
        } catch (IOException closedByTheReexec) {
            // the master re-executes itself and drops the connection; the log says whether it worked
        }
    }

    private long logCount(String text) {
        try (var lines = Files.lines(workDir.resolve("haproxy.log"))) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Stops HAProxy (SIGTERM to the master, SIGKILL after 5 s) and reaps it; ports stay reserved for {@link #start()}. */
    public synchronized void stop() {
        kill();
    }

    /** Starts HAProxy again on the same ports and configuration (state file loaded if present); waits until ready. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            process = new ProcessBuilder("haproxy", "-W", "-db", "-S", "127.0.0.1:" + layout.masterPort(),
                    "-f", configFile.toString(),
                    "-p", workDir.resolve("haproxy.pid").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("haproxy.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start 'haproxy' (run scripts/bootstrap.sh --for-tests)", e);
        }
        awaitReady();
    }

    /** Stops HAProxy and deletes its temp files. Idempotent. The backends are the caller's to close. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or ran anyway
        }
        TempFiles.deleteRecursively(workDir);
    }

    /** The last lines of HAProxy's output, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("haproxy.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitReady() {
        long end = System.nanoTime() + readyTimeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (allServersUp()) {
                return;
            }
            pause(20);
        }
        throw new IllegalStateException("haproxy not ready within " + readyTimeout + ":\n" + logTail());
    }

    private boolean allServersUp() {
        for (String service : layout.services().keySet()) {
            try {
                String state = HaproxyRuntimeClient.send(layout.runtimePort(), "show servers state " + service, CALL_TIMEOUT);
                Integer stable = HaproxyServersStateText.opState(state, STABLE);
                Integer canary = HaproxyServersStateText.opState(state, CANARY);
                if (stable == null || canary == null || stable != 2 || canary != 2) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for haproxy", e);
        }
    }

    /** Options for one HAProxy process. */
    public static final class Builder {
        private final Map<String, BackendPair> services = new LinkedHashMap<>();
        private int stableWeight = DEFAULT_STABLE_WEIGHT;
        private int canaryWeight = DEFAULT_CANARY_WEIGHT;
        private Duration checkInterval = Duration.ofMillis(200);
        private Duration readyTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** A service: backend {@code name} (also the frontend's name suffix) with the pair's two servers. */
        public Builder service(String name, BackendPair pair) {
            if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("service name must be [A-Za-z0-9_-]+, was " + name);
            }
            services.put(name, pair);
            return this;
        }

        /** Initial absolute weights from the configuration (0..256 each). */
        public Builder initialWeights(int stable, int canary) {
            if (stable < 0 || stable > 256 || canary < 0 || canary > 256) {
                throw new IllegalArgumentException("weights must be within 0..256, were " + stable + "/" + canary);
            }
            this.stableWeight = stable;
            this.canaryWeight = canary;
            return this;
        }

        /** Health check interval ({@code fall 2 rise 2}): a failing server is DOWN after about twice this. */
        public Builder checkInterval(Duration interval) {
            this.checkInterval = interval;
            return this;
        }

        /** How long to wait for start-up and reloads. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** Writes the configuration and starts HAProxy (up to 3 attempts, for a port taken meanwhile). */
        public HaproxyFixture start() {
            if (services.isEmpty()) {
                throw new IllegalStateException("add at least one service");
            }
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                Path work = TempFiles.createDir("haproxy-");
                var ports = new LinkedHashMap<String, Integer>();
                services.keySet().forEach(s -> ports.put(s, freePort()));
                var layout = new HaproxyConfigFile.Layout(freePort(), freePort(), freePort(), Map.copyOf(ports), Map.copyOf(services),
                        stableWeight, canaryWeight, checkInterval, work.resolve("server-state"));
                var fixture = new HaproxyFixture(layout, work, readyTimeout);
                try {
                    Files.writeString(fixture.configFile, HaproxyConfigFile.render(layout));
                    fixture.start();
                    return fixture;
                } catch (IOException e) {
                    fixture.close();
                    throw new UncheckedIOException("could not write the haproxy config", e);
                } catch (IllegalStateException e) {
                    last = e;
                    fixture.close();
                }
            }
            throw last;
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
