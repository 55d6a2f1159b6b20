package io.tollgate.playground;

import io.tollgate.testsupport.Backend;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.HaproxyFixture;
import io.tollgate.testsupport.PrometheusFixture;
import io.tollgate.testsupport.UnleashFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the playground and keeps it running until SIGTERM/SIGINT, then stops everything it started (newest first).
 * Once every part is ready it writes a shell-sourceable file ({@code --env-file}) with their coordinates; the file
 * appearing is the readiness signal {@code scripts/demo.sh} waits for.
 *
 * <pre>
 * java -Djava.io.tmpdir=DIR -jar tollgate-playground.jar --env-file DIR/playground.env \
 *      [--scrape 127.0.0.1:8080] [--rps 40] [--service checkout] [--extra-service inventory]...
 * </pre>
 * Each {@code --extra-service} is one more HAProxy backend with its own stable ({@code v1}) and canary ({@code v2})
 * servers and half the {@code --rps} of traffic; the control API changes its servers as
 * {@code /backends/NAME/stable} and {@code /backends/NAME/canary} (the release plan scenario of the demo).
 * Exit codes: 2 bad arguments, 1 a part could not start (one {@code playground: cannot start: …} line).
 */
public final class Playground {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private Playground() {
    }

    /** Parsed command line. */
    record Options(Path envFile, List<String> extraTargets, int rps, String service, List<String> extraServices) {
        static Options parse(String[] args) {
            Path envFile = null;
            var targets = new ArrayList<String>();
            int rps = 40;
            String service = "checkout";
            var extraServices = new ArrayList<String>();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--env-file" -> envFile = Path.of(value).toAbsolutePath();
                    case "--scrape" -> {
                        if (!value.matches("127\\.0\\.0\\.1:[0-9]{1,5}")) {
                            throw new IllegalArgumentException("--scrape must be 127.0.0.1:PORT, was " + value);
                        }
                        targets.add(value);
                    }
                    case "--rps" -> {
                        try {
                            rps = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--rps must be a whole number, was " + value);
                        }
                    }
                    case "--service" -> service = value;
                    case "--extra-service" -> {
                        if (!value.matches("[A-Za-z0-9_-]+")) {
                            throw new IllegalArgumentException("--extra-service must be [A-Za-z0-9_-]+ (an HAProxy backend name), was " + value);
                        }
                        extraServices.add(value);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (envFile == null) {
                throw new IllegalArgumentException("--env-file is required");
            }
            if (extraServices.contains(service)) {
                throw new IllegalArgumentException("--extra-service " + service + " is already the --service");
            }
            return new Options(envFile, List.copyOf(targets), rps, service, List.copyOf(extraServices));
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("playground: " + e.getMessage());
            System.err.println("usage: tollgate-playground --env-file FILE [--scrape 127.0.0.1:PORT]... [--rps N] [--service NAME] [--extra-service NAME]...");
            System.exit(2);
            return;
        }
        runUntilStopped(playground -> playground.start(options));
    }

    /**
     * Runs {@code start} (which registers what it starts with {@link #started}), then waits until SIGTERM/SIGINT and stops
     * everything newest first. A start that throws is one {@code playground: cannot start: …} line and exit code 1.
     */
    static void runUntilStopped(java.util.function.Consumer<Playground> start) {
        var playground = new Playground();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            playground.stop();
            stopped.countDown();
        }, "playground-shutdown"));
        try {
            start.accept(playground);
        } catch (RuntimeException e) {
            System.err.println("playground: cannot start: " + e.getMessage());
            System.exit(1);
        }
        try {
            stopped.await(); // until SIGTERM/SIGINT runs the hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers a started part; {@link #stop()} closes it (newest first). Answers {@code part}. */
    <T extends AutoCloseable> T started(T part) {
        started.push(part);
        return part;
    }

    private void start(Options o) {
        long t0 = System.nanoTime();
        var unleash = UnleashFixture.shared();
        started.push(unleash::stop);
        log("Unleash up at %s (on an embedded PostgreSQL) after %d ms", unleash.baseUrl(), ms(t0));

        var pair = BackendPair.start("v149", "v150");
        started.push(pair);
        var haproxyBuilder = HaproxyFixture.builder().service(o.service(), pair).checkInterval(Duration.ofMillis(500));
        var backends = new LinkedHashMap<String, Backend>(Map.of("stable", pair.stable(), "canary", pair.canary()));
        for (String name : o.extraServices()) {
            var extra = started(BackendPair.start("v1", "v2"));
            haproxyBuilder.service(name, extra);
            backends.put(name + "/stable", extra.stable());
            backends.put(name + "/canary", extra.canary());
        }
        var haproxy = started(haproxyBuilder.start());
        log("backends stable %s, canary %s; HAProxy frontend %s, Runtime API 127.0.0.1:%d, after %d ms", pair.stable().hostPort(),
                pair.canary().hostPort(), haproxy.frontendUrl(o.service()), haproxy.runtimePort(), ms(t0));

        var targets = new ArrayList<>(List.of(haproxy.exporterHostPort(), pair.stable().hostPort(), pair.canary().hostPort()));
        targets.addAll(o.extraTargets());
        var prometheus = PrometheusFixture.builder().scrapeTargets(targets.toArray(String[]::new))
                .scrapeInterval(Duration.ofSeconds(1)).start();
        started.push(prometheus);
        prometheus.awaitFirstScrape(haproxy.exporterHostPort(), Duration.ofSeconds(30));
        log("Prometheus %s scraping %s, first scrape after %d ms", prometheus.url(), targets, ms(t0));

        var load = LoadGenerator.start(haproxy.frontendUrl(o.service()), o.rps());
        started.push(load);
        for (String name : o.extraServices()) {
            started(LoadGenerator.start(haproxy.frontendUrl(name), Math.max(1, o.rps() / 2)));
        }
        if (!o.extraServices().isEmpty()) {
            log("extra services %s behind HAProxy, %d requests/s each", o.extraServices(), Math.max(1, o.rps() / 2));
        }
        var control = new ControlServer(backends, haproxy, o.service(), load);
        started.push(control);

        var env = new LinkedHashMap<String, String>();
        env.put("PLAYGROUND_CONTROL_URL", control.url().toString());
        env.put("PLAYGROUND_SERVICE", o.service());
        env.put("PLAYGROUND_EXTRA_SERVICES", String.join(" ", o.extraServices()));
        env.put("UNLEASH_URL", unleash.baseUrl().toString());
        env.put("UNLEASH_ADMIN_TOKEN", unleash.adminToken());
        env.put("UNLEASH_LOG", unleash.logFile().toString());
        env.put("HAPROXY_RUNTIME_PORT", Integer.toString(haproxy.runtimePort()));
        env.put("HAPROXY_STATE_FILE", haproxy.stateFile().toString());
        env.put("HAPROXY_CONFIG", haproxy.configFile().toString());
        env.put("HAPROXY_FRONTEND_URL", haproxy.frontendUrl(o.service()).toString());
        env.put("HAPROXY_STABLE_SERVER", HaproxyFixture.STABLE);
        env.put("HAPROXY_CANARY_SERVER", HaproxyFixture.CANARY);
        env.put("PROMETHEUS_URL", prometheus.url().toString());
        writeEnv(o.envFile(), env);
        log("ready after %d ms: %d requests/s through HAProxy; control API %s", ms(t0), o.rps(), control.url());
    }

    /** Stops everything started so far, newest first; a part that fails to stop does not keep the others running. */
    private synchronized void stop() {
        while (!started.isEmpty()) {
            var part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("playground: stopping " + part + " failed: " + e);
            }
        }
    }

    /** Single-quoted values (a token has '*'); written beside, then moved, so a reader never sees half a file. */
    static void writeEnv(Path file, Map<String, String> env) {
        var sb = new StringBuilder("# written by the Tollgate playground; source it\n");
        env.forEach((k, v) -> sb.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb.toString());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("playground: " + format + "%n", args);
    }

    static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
