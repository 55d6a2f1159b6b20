package io.tollgate.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands ({@code release}, {@code decisions}, …): without one it is a usage error. */
public abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: one of "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
    }
}
