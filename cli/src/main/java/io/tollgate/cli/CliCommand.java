package io.tollgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to Tollgate shares: the connection options, {@code --output text|json}, and one
 * place that turns a {@link CliFailure} into {@code tollgate: <message>} on stderr and its exit code.
 */
public abstract class CliCommand implements Callable<Integer> {
    /** How results are printed. */
    public enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    // Only --help here: --version is a check option (the release's version); the root has tollgate --version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default, for people) or json (the server's answer, for scripts)")
    Format output;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CliFailure f) {
            err().println("tollgate: " + root().redact(f.getMessage()));
            err().flush();
            return f.exitCode();
        } finally {
            out().flush();
        }
    }

    /** Runs the command; returns its exit code ({@link ExitCode}). */
    protected abstract int execute();

    protected TollgateCli root() {
        return (TollgateCli) spec.root().userObject();
    }

    protected Api api() {
        return connection.api(root().env());
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected boolean json() {
        return output == Format.json;
    }

    /** Progress for people (stderr, text mode only): stdout stays the result. */
    protected void progress(String line) {
        if (!json()) {
            err().println(line);
            err().flush();
        }
    }

    protected void printJson(JsonNode node) {
        try {
            out().println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw CliFailure.usage("cannot print the answer: " + e.getOriginalMessage());
        }
    }

    /** Sleeps {@code millis}; an interrupt ends the command with exit 3. */
    protected static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.usage("interrupted");
        }
    }
}
