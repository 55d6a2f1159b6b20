package io.tollgate.cli;

/** Stops a command with a one-line message (printed as {@code tollgate: <message>}) and an exit code. */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Bad usage, bad input, no connection: exit 3. */
    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.ERROR, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
