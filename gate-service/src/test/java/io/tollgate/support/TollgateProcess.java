package io.tollgate.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real Tollgate process ({@code io.tollgate.Main} in its own JVM, on the test class path) as an operator runs it, its
 * output collected. The environment has no {@code TOLLGATE_*} variable but those given. Tests {@link #kill()} it
 * (SIGKILL: no shutdown hook runs) or {@link #stop()} it (SIGTERM), and must {@link #destroy()} it whatever happens.
 */
public final class TollgateProcess {
    /** How long a start may take on a loaded 2-core machine (a cold JVM, the embedded PostgreSQL, migrations). */
    public static final Duration START_DEADLINE = Duration.ofSeconds(120);
    /** A gate check the default policy allows (staging needs no approvals or freeze windows on the real clock). */
    public static final String STAGING_CHECK = """
            {"service":"checkout","version":"1.4.2","environment":"staging","stage":"full",
             "change":{"commit":"9f2c1e7","pipeline":"build-812","author":"dana","approvals":["lee"]}}""";

    private static final Pattern LISTENING = Pattern.compile("Tollgate listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern TOKEN = Pattern.compile("Development token .*: (\\S+)");

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private volatile String baseUrl;
    private volatile String devToken;

    private TollgateProcess(Process process) {
        this.process = process;
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to tell a process that reads no input
        }
        drain(process.getInputStream(), out);
        drain(process.getErrorStream(), err);
    }

    /**
     * Starts {@code Main} with {@code args} in {@code workDir} (where its default {@code .data/} lands), with only
     * {@code env} as {@code TOLLGATE_*} variables and {@code java.io.tmpdir} under {@code workDir}.
     */
    public static TollgateProcess start(Path workDir, Map<String, String> env, String... args) {
        return start(List.of(), workDir, env, args);
    }

    /** Like {@link #start(Path, Map, String...)}, under {@code ulimit -n fdLimit} (the soft and hard file descriptor limit). */
    public static TollgateProcess startWithFdLimit(int fdLimit, Path workDir, Map<String, String> env, String... args) {
        return start(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$@\"", "tollgate"), workDir, env, args);
    }

    /**
     * Like {@link #start(Path, Map, String...)} with stdin, stdout and stderr on a pseudo-terminal (util-linux
     * {@code script}), as from a person's shell; {@link #out()} is then what the terminal shows (both streams).
     */
    public static TollgateProcess startOnTerminal(Path workDir, Map<String, String> env, String... args) {
        String line = String.join(" ", java(workDir, args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        return run(List.of("script", "-qefc", "exec " + line, "/dev/null"), workDir, env);
    }

    private static List<String> java(Path workDir, String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + workDir, "-cp", classpath, "io.tollgate.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static TollgateProcess start(List<String> wrapper, Path workDir, Map<String, String> env, String... args) {
        var command = new ArrayList<>(wrapper);
        command.addAll(java(workDir, args));
        return run(command, workDir, env);
    }

    private static TollgateProcess run(List<String> command, Path workDir, Map<String, String> env) {
        var builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("TOLLGATE_"));
        builder.environment().putAll(env);
        builder.directory(workDir.toFile());
        try {
            return new TollgateProcess(builder.start());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start a Tollgate process", e);
        }
    }

    public Process process() {
        return process;
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** The URL it printed; null before {@link #awaitListening}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The development token it printed, if it printed one. */
    public String devToken() {
        return devToken;
    }

    /** A client of this process. */
    public ApiClient api() {
        return new ApiClient(baseUrl);
    }

    /** Waits until it prints its URL (and, with {@code wantToken}, its development token); fails with its output. */
    public TollgateProcess awaitListening(Duration deadline, boolean wantToken) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end && process.isAlive()) {
            var url = LISTENING.matcher(out);
            var token = TOKEN.matcher(out);
            boolean hasToken = token.find();
            if (url.find() && (hasToken || !wantToken)) {
                this.baseUrl = url.group(1);
                this.devToken = hasToken ? token.group(1) : null;
                return this;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not listening within " + deadline + "; out: " + out + "\nerr: " + err);
    }

    /** SIGKILL, then waits (30 s at most) until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " still alive 30 s after SIGKILL");
        }
    }

    /** SIGTERM (orderly shutdown), then waits at most {@code deadline}; answers whether it ended. */
    public boolean stop(Duration deadline) throws InterruptedException {
        process.destroy();
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Leaves nothing running: SIGKILL if still alive (and any process it started, e.g. under a terminal), and reaps it. */
    public void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream stream, StringBuffer into) {
        Thread.ofPlatform().daemon().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }
}
