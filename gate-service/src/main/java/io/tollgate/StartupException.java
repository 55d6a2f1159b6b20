package io.tollgate;

/**
 * The service cannot start in this environment although its configuration is valid: the HTTP port is
 * taken, another instance holds the data directory, the database cannot be reached. {@link Main} prints
 * the message as one line and exits with {@link Main#CANNOT_START}; the message names the problem and
 * what to do about it, so it never needs a stack trace.
 */
public class StartupException extends RuntimeException {
    public StartupException(String problemAndRemedy) {
        super(problemAndRemedy);
    }

    public StartupException(String problemAndRemedy, Throwable cause) {
        super(problemAndRemedy, cause);
    }

    /** The innermost cause's message on one line: what a driver or the OS said, for the operator. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
