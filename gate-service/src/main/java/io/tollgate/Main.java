package io.tollgate;

import io.tollgate.config.ConfigException;
import io.tollgate.config.ConfigLoader;
import io.tollgate.config.TollgateConfig;
import io.tollgate.observability.Log;
import io.tollgate.observability.LogFormat;
import io.tollgate.slo.SloValidationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point: arguments and exit codes only. Exit code 2 means the service cannot start with what it
 * was given (usage, a configuration value, SLO definitions); 3 that it cannot start in this environment
 * (port in use, data directory held by another instance, database unreachable); 1 an unexpected
 * failure; 4 that the running service lost its HTTP listener (it stopped accepting connections, e.g.
 * out of file descriptors) and exits so that a supervisor restarts it. The reason is printed on stderr as
 * one line without a stack trace (the JSON log has the details of an unexpected one), and nothing else is
 * printed: the URL and token appear only once the server listens. Everything else is built by {@link Tollgate}.
 */
public final class Main {
    /** Exit code for a bad invocation or configuration. */
    public static final int BAD_CONFIGURATION = 2;
    /** Exit code when the environment prevents the start (port, data directory, database). */
    public static final int CANNOT_START = 3;
    /** Exit code when the HTTP listener stopped accepting connections after start (see ListenerWatchdog). */
    public static final int LISTENER_LOST = 4;
    /** How long the orderly shutdown may take after the listener was lost before the JVM is halted. */
    private static final long LISTENER_LOST_HALT_MILLIS = 30_000;
    /** Exit code for an unexpected failure at start-up. */
    public static final int UNEXPECTED_FAILURE = 1;
    /** What every environment error line on stderr starts with. */
    public static final String CANNOT_START_PREFIX = "tollgate: cannot start: ";
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    /** What every configuration error line on stderr starts with. */
    public static final String CONFIG_ERROR_PREFIX = "tollgate: invalid configuration: ";

    private Main() {
    }

    /**
     * Usage: {@code tollgate [--config FILE]}; {@code TOLLGATE_CONFIG} names the file too. {@code TOLLGATE_LOG_FORMAT}
     * (auto, json, text) says how to talk: auto gives a short summary at a terminal and JSON logs otherwise.
     */
    public static void main(String[] args) {
        LogFormat format;
        try {
            format = LogFormat.choose(System.getenv(LogFormat.ENV), LogFormat.onTerminal());
        } catch (IllegalArgumentException e) {
            System.err.println(CONFIG_ERROR_PREFIX + e.getMessage());
            System.exit(BAD_CONFIGURATION);
            return;
        }
        Log.install(format);
        int code = run(args, System.getenv(), System.out, System.err, format);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** As {@link #run(String[], Map, PrintStream, PrintStream, LogFormat)} for JSON logs (a non-terminal). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, LogFormat.JSON);
    }

    /**
     * Loads the configuration from {@code args} and {@code env}, starts the service and returns 0 while
     * it runs (its server threads keep the JVM alive; a shutdown hook closes it), or the exit code
     * when it cannot start. With {@link LogFormat#TEXT} what started is summed up for a person ({@link StartupSummary}).
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, LogFormat format) {
        long startedAt = System.nanoTime();
        Path configFile = null;
        if (args.length == 2 && args[0].equals("--config")) {
            configFile = Path.of(args[1]);
        } else if (args.length != 0) {
            err.println("usage: tollgate [--config FILE]");
            return BAD_CONFIGURATION;
        } else if (env.get("TOLLGATE_CONFIG") != null) {
            configFile = Path.of(env.get("TOLLGATE_CONFIG"));
        }
        Tollgate tollgate;
        TollgateConfig config;
        try {
            config = ConfigLoader.load(configFile, env);
            tollgate = Tollgate.start(config);
        } catch (ConfigException e) {
            // One line, whatever a parser or library put into the message.
            err.println(CONFIG_ERROR_PREFIX + oneLine(e.getMessage()));
            return BAD_CONFIGURATION;
        } catch (SloValidationException e) {
            err.println("tollgate: invalid SLO definitions, not starting:");
            e.problems().forEach(p -> err.println("  " + p));
            return BAD_CONFIGURATION;
        } catch (StartupException e) {
            err.println(CANNOT_START_PREFIX + oneLine(e.getMessage()));
            return CANNOT_START;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "start-up failed", e);
            err.println(CANNOT_START_PREFIX + "unexpected " + e.getClass().getSimpleName() + ": " + StartupException.rootMessage(e)
                    + " (details in the log above)");
            return UNEXPECTED_FAILURE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(tollgate::close, "tollgate-shutdown"));
        tollgate.onListenerLost(reason -> exitListenerLost(reason, err));
        if (format == LogFormat.TEXT) {
            StartupSummary.lines(config, tollgate.baseUrl(), tollgate.devToken(), Duration.ofNanos(System.nanoTime() - startedAt))
                    .forEach(out::println);
            out.flush();
            Log.started();
            return 0;
        }
        out.println("Tollgate listening on " + tollgate.baseUrl());
        if (tollgate.devToken() != null) {
            out.println("Development token (role admin, valid until restart): " + tollgate.devToken());
            out.println("Try: curl -s " + tollgate.baseUrl() + "/v1/gates/check -H 'Authorization: Bearer "
                    + tollgate.devToken() + "' -H 'Content-Type: application/json' -d @docs/examples/check.json");
        }
        out.flush();
        return 0;
    }

    /**
     * Alive but unreachable is the one state a supervisor cannot see: exit instead, with the orderly shutdown (database,
     * audit writer), and halt should that shutdown hang.
     */
    private static void exitListenerLost(String reason, PrintStream err) {
        err.println("tollgate: HTTP listener lost, exiting with code " + LISTENER_LOST + ": " + oneLine(reason));
        err.flush();
        Thread.ofPlatform().daemon().name("tollgate-exit-deadline").start(() -> {
            try {
                Thread.sleep(LISTENER_LOST_HALT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(LISTENER_LOST);
        });
        System.exit(LISTENER_LOST);
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
    }
}
