package io.tollgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A real {@code prometheus} process (Debian package, see {@code scripts/bootstrap.sh}) started as a child
 * of the test JVM, bound to 127.0.0.1 on a free port, with a generated config and its own TSDB directory.
 *
 * <p>Timing facts (Prometheus 2.42): {@code /-/ready} answers about 0.1 s after start, but the first
 * scrape comes about 5 s later, because the scrape manager applies target updates at most every 5 s.
 * Use {@link #awaitFirstScrape} rather than sleeping. {@code rate(x[w])} under-reads until {@code w}
 * of samples exist.
 *
 * <p>Start one per test class ({@code @BeforeAll}) and close it in {@code @AfterAll}. The process is
 * also destroyed by a shutdown hook, so a failed test run leaves no orphan behind. Fault tests {@link #kill()} it
 * (SIGKILL, files kept) and {@link #restart()} it on the same port, configuration and TSDB, or {@link #pause()} and
 * {@link #resume()} it (SIGSTOP, SIGCONT).
 */
public final class PrometheusFixture implements AutoCloseable {
    private final ChildProcess process;
    private final int port;
    private final Path workDir;
    private final Path storageDir;
    private final boolean ownsStorage;
    private final PrometheusApi api;
    private final Thread shutdownHook;

    private PrometheusFixture(ChildProcess process, int port, Path workDir, Path storageDir, boolean ownsStorage) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.storageDir = storageDir;
        this.ownsStorage = ownsStorage;
        this.api = new PrometheusApi(URI.create("http://127.0.0.1:" + port));
        this.shutdownHook = new Thread(this::terminate, "prometheus-fixture-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder with the defaults: 1 s scrape and evaluation interval, no targets, fresh empty TSDB. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts Prometheus with the defaults, scraping {@code host:port} targets (may be none). */
    public static PrometheusFixture start(String... scrapeTargets) {
        return builder().scrapeTargets(scrapeTargets).start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return api.baseUrl();
    }

    /** The TCP port Prometheus listens on. */
    public int port() {
        return port;
    }

    /** The TSDB directory ({@code --storage.tsdb.path}). */
    public Path storageDir() {
        return storageDir;
    }

    /** True while the child process runs. */
    public boolean isRunning() {
        return process.current().isAlive();
    }

    /**
     * Polls {@code up{instance="<target>"}} until it is 1 or {@code deadline} passes (then throws with the
     * Prometheus log tail). Returns how long the wait took.
     */
    public Duration awaitFirstScrape(String target, Duration deadline) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        String query = "up{instance=\"" + target + "\"}";
        while (System.nanoTime() < end) {
            OptionalDouble up = api.queryValue(query);
            if (up.isPresent() && up.getAsDouble() == 1.0) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            sleepMillis(100);
        }
        throw new IllegalStateException("Prometheus did not scrape " + target + " successfully within " + deadline
                + "; log tail:\n" + logTail());
    }

    /** The value of a single-sample instant query evaluated now, empty for an empty result or an error. */
    public OptionalDouble queryValue(String promql) {
        return api.queryValue(promql);
    }

    /**
     * How many requests Prometheus has served on {@code handler} (e.g. {@code /api/v1/query}), summed over
     * status codes, read from its own {@code /metrics} so that counting does not itself add a query.
     */
    public double servedRequests(String handler) {
        return api.servedRequests(handler);
    }

    /** SIGKILL: Prometheus dies mid-write, its files stay for {@link #restart()}; waits (10 s at most) until it is gone. */
    public void kill() {
        process.kill();
    }

    /** SIGSTOP: Prometheus keeps its port (connections are accepted into the backlog) and answers nothing. */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        process.resume();
    }

    /**
     * Starts Prometheus again after {@link #kill()}: same port, configuration and TSDB (it replays its write-ahead
     * log), and waits until {@code /-/ready} answers 200 (60 s at most).
     */
    public void restart() {
        process.relaunch();
        awaitReady(Duration.ofSeconds(60));
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s), reaps it, and deletes its temp files. Idempotent. */
    public void stop() {
        terminate();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or ran anyway
        }
        TempFiles.deleteRecursively(workDir);
        if (ownsStorage) {
            TempFiles.deleteRecursively(storageDir);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void terminate() {
        process.terminate(Duration.ofSeconds(10));
    }

    /** The last lines of Prometheus' log (stdout and stderr), for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("prometheus.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Prometheus", e);
        }
    }

    /** Options for one Prometheus process. */
    public static final class Builder {
        private final List<String> targets = new ArrayList<>();
        private Duration scrapeInterval = Duration.ofSeconds(1);
        private Duration evaluationInterval = Duration.ofSeconds(1);
        private Duration retention = Duration.ofDays(3650);
        private Duration readyTimeout = Duration.ofSeconds(30);
        private Path storage;

        private Builder() {
        }

        /** Targets ({@code host:port}, path {@code /metrics}) scraped by one job named {@code tollgate-test}. */
        public Builder scrapeTargets(String... hostPorts) {
            targets.addAll(List.of(hostPorts));
            return this;
        }

        /** Global scrape interval (whole seconds or milliseconds); the scrape timeout is the same. */
        public Builder scrapeInterval(Duration interval) {
            this.scrapeInterval = interval;
            return this;
        }

        /** Global rule evaluation interval. */
        public Builder evaluationInterval(Duration interval) {
            this.evaluationInterval = interval;
            return this;
        }

        /**
         * {@code --storage.tsdb.retention.time}. Default 3650 days: retention is measured back from the
         * newest block's end, and backfilled history older than it is deleted at the first compaction.
         */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /** How long to wait for {@code /-/ready}. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /**
         * Starts on an existing TSDB directory, e.g. one made by {@link Backfill}. The fixture does not delete
         * it on stop: the caller owns it.
         */
        public Builder storageFrom(Path tsdbDir) {
            this.storage = tsdbDir;
            return this;
        }

        /** Starts Prometheus and waits until {@code /-/ready} answers 200 (up to 3 attempts, for a port taken meanwhile). */
        public PrometheusFixture start() {
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return startOnce();
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        }

        private PrometheusFixture startOnce() {
            Path work = TempFiles.createDir("prometheus-");
            boolean ownsStorage = storage == null;
            Path tsdb = ownsStorage ? work.resolve("data") : storage;
            int port = freePort();
            ChildProcess process;
            try {
                Path config = Files.writeString(work.resolve("prometheus.yml"),
                        PrometheusConfigYaml.render(targets, scrapeInterval, evaluationInterval));
                var command = List.of("prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + tsdb,
                        "--storage.tsdb.retention.time=" + PrometheusConfigYaml.duration(retention),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--web.enable-lifecycle",
                        "--log.level=info");
                process = new ChildProcess("prometheus", command, work.resolve("prometheus.log"));
            } catch (IOException e) {
                TempFiles.deleteRecursively(work);
                throw new UncheckedIOException("could not write the Prometheus configuration in " + work, e);
            } catch (UncheckedIOException e) {
                TempFiles.deleteRecursively(work);
                throw new UncheckedIOException("could not start 'prometheus' (run scripts/bootstrap.sh)", e.getCause());
            }
            var fixture = new PrometheusFixture(process, port, work, tsdb, ownsStorage);
            try {
                fixture.awaitReady(readyTimeout);
            } catch (IllegalStateException e) {
                fixture.stop();
                throw e;
            }
            return fixture;
        }
    }

    private void awaitReady(Duration timeout) {
        var running = process.current();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!running.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + running.exitValue() + ":\n" + logTail());
            }
            if (api.isReady()) {
                return;
            }
            sleepMillis(20);
        }
        throw new IllegalStateException("prometheus not ready within " + timeout + ":\n" + logTail());
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
