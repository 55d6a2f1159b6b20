package io.tollgate.cli;

/** The exit codes every command uses; docs/cli.md has the table. */
public final class ExitCode {
    /** Allowed, or the command did what was asked. */
    public static final int OK = 0;
    /** Denied, or the server refused (403, 404, 409), or the answer is negative (audit not intact, release not promoted). */
    public static final int DENIED = 1;
    /** Still on hold (or the release still running) when {@code --wait} / {@code --timeout} ran out. */
    public static final int HOLD = 2;
    /** Bad usage or input, authentication failure, no connection, or an answer the CLI cannot use. */
    public static final int ERROR = 3;

    private ExitCode() {
    }
}
