package io.tollgate;

import io.tollgate.config.ConfigException;
import io.tollgate.config.ConfigLoader;
import io.tollgate.observability.Log;
import io.tollgate.slo.SloValidationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point: arguments and exit codes only. Exit code 2 means the service cannot start with what it
 * was given (usage, a configuration value, SLO definitions); the reason is printed on stderr without a
 * stack trace. Everything else is built by {@link Tollgate}.
 */
public final class Main {
    /** Exit code for a bad invocation or configuration. */
    public static final int BAD_CONFIGURATION = 2;
    /** What every configuration error line on stderr starts with. */
    public static final String CONFIG_ERROR_PREFIX = "tollgate: invalid configuration: ";

    private Main() {
    }

    /** Usage: {@code tollgate [--config FILE]}; {@code TOLLGATE_CONFIG} names the file too. */
    public static void main(String[] args) {
        Log.installJsonLogging();
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Loads the configuration from {@code args} and {@code env}, starts the service and returns 0 while
     * it runs (its server threads keep the JVM alive; a shutdown hook closes it), or the exit code
     * when it cannot start.
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
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
        try {
            tollgate = Tollgate.start(ConfigLoader.load(configFile, env));
        } catch (ConfigException e) {
            // One line, whatever a parser or library put into the message.
            err.println(CONFIG_ERROR_PREFIX + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            return BAD_CONFIGURATION;
        } catch (SloValidationException e) {
            err.println("tollgate: invalid SLO definitions, not starting:");
            e.problems().forEach(p -> err.println("  " + p));
            return BAD_CONFIGURATION;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(tollgate::close, "tollgate-shutdown"));
        out.println("Tollgate listening on " + tollgate.baseUrl());
        if (tollgate.devToken() != null) {
            out.println("Development token (role admin, valid until restart): " + tollgate.devToken());
            out.println("Try: curl -s " + tollgate.baseUrl() + "/v1/gates/check -H 'Authorization: Bearer "
                    + tollgate.devToken() + "' -H 'Content-Type: application/json' -d @docs/examples/check.json");
        }
        out.flush();
        return 0;
    }
}
