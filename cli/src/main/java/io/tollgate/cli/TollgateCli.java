package io.tollgate.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code tollgate} command: wires picocli, the environment and the exit-code rules. */
@Command(name = "tollgate", versionProvider = TollgateCli.Version.class,
        usageHelpAutoWidth = true,
        description = "Ask Tollgate whether a release may proceed, drive releases, read decisions and the audit log.",
        subcommands = {CheckCommand.class, ReleaseCommand.class, PlanCommand.class, DecisionsCommand.class, AuditCommand.class,
                OverrideCommand.class, PolicyCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nEnvironment:%n",
        footer = {"  TOLLGATE_URL    Tollgate's base URL (or --url)",
                  "  TOLLGATE_TOKEN  API token (or --token-file / --token); never printed"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:allowed / done", "1:denied / refused / not intact / release not promoted",
                        "2:still on hold (or running) when --wait / --timeout ran out",
                        "3:usage, input, authentication or connection error"})
public final class TollgateCli extends CommandGroup {
    @CommandLine.Option(names = {"-V", "--version"}, versionHelp = true, description = "print the CLI's version and exit")
    boolean versionRequested;

    private final Map<String, String> env;
    private final Clock clock;
    private final List<String> secrets = new ArrayList<>();

    TollgateCli(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    public static void main(String[] args) {
        var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out, err));
    }

    /** Runs one command line; returns the exit code. {@code env} stands for the process environment. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return run(args, env, Clock.systemUTC(), out, err);
    }

    static int run(String[] args, Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err) {
        var cli = new TollgateCli(env, clock);
        cli.rememberSecrets(args);
        var cmd = new CommandLine(cli);
        cmd.setOut(out).setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, a) -> {
            // One line and a pointer to help: a CI log should show the problem, not the whole usage text.
            err.println("tollgate: " + cli.redact(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCode.ERROR;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("tollgate: unexpected " + ex.getClass().getSimpleName() + ": " + cli.redact(String.valueOf(ex.getMessage())));
            err.flush();
            return ExitCode.ERROR;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    Map<String, String> env() {
        return env;
    }

    Clock clock() {
        return clock;
    }

    /** {@code message} with every token this run knows replaced, so no error line can leak one. */
    String redact(String message) {
        String m = message == null ? "" : message;
        for (String s : secrets) {
            m = m.replace(s, "***");
        }
        return m;
    }

    private void rememberSecrets(String[] args) {
        addSecret(env.get("TOLLGATE_TOKEN"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--token") && i + 1 < args.length) {
                addSecret(args[i + 1]);
            } else if (args[i].startsWith("--token=")) {
                addSecret(args[i].substring("--token=".length()));
            }
        }
    }

    private void addSecret(String s) {
        if (s != null && s.strip().length() >= 4) {
            secrets.add(s.strip());
        }
    }

    /** {@code tollgate --version}: the jar's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TollgateCli.class.getPackage().getImplementationVersion();
            return new String[] {"tollgate " + (v == null ? "development build" : v)};
        }
    }
}
