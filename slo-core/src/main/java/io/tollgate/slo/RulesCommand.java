package io.tollgate.slo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command line: {@code java -cp … io.tollgate.slo.RulesCommand <slo-definitions dir> [output file]}.
 * Prints the generated Prometheus rules (or writes them to the output file). Exit codes: 0 done,
 * 2 invalid definitions (every problem printed to stderr, one per line), 64 bad usage, 1 I/O failure.
 */
public final class RulesCommand {

    private RulesCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: RulesCommand <slo-definitions dir> [output file]");
            return 64;
        }
        try {
            var rules = PrometheusRules.generate(SloDefinitions.load(Path.of(args[0])));
            if (args.length == 2) {
                Files.writeString(Path.of(args[1]), rules, StandardCharsets.UTF_8);
                err.println("wrote " + args[1]);
            } else {
                out.print(rules);
            }
            return 0;
        } catch (SloValidationException e) {
            err.println("invalid SLO definitions (" + e.problems().size() + " problem(s)):");
            e.problems().forEach(err::println);
            return 2;
        } catch (IllegalArgumentException | IOException | java.io.UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
