package io.tollgate.observability;

import java.util.Locale;

/**
 * How the process talks on its standard streams. {@code json}: every log line as JSON on stderr (files, pipes, log
 * collectors). {@code text}: a short start-up summary on stdout, then warnings and errors (and Tollgate's own events once
 * started) as plain lines, for a person at a terminal. {@code auto} picks text on a terminal.
 */
public enum LogFormat {
    JSON, TEXT;

    /** The environment variable that forces a format. */
    public static final String ENV = "TOLLGATE_LOG_FORMAT";

    /**
     * @param setting  {@code auto} (or null), {@code json} or {@code text}
     * @param terminal whether the process runs on a terminal
     * @throws IllegalArgumentException for any other setting, naming the accepted ones
     */
    public static LogFormat choose(String setting, boolean terminal) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "auto", "" -> terminal ? TEXT : JSON;
            case "json" -> JSON;
            case "text" -> TEXT;
            default -> throw new IllegalArgumentException(ENV + " must be auto, json or text, got \"" + setting + "\"");
        };
    }

    /**
     * Whether the process runs on a terminal (stdin and stdout, as the JVM's console sees it). Before JDK 22 {@code System.console()} exists only for a terminal; from JDK 22 on it
     * always exists and {@code isTerminal()} tells (called reflectively: the code targets Java 21).
     */
    public static boolean onTerminal() {
        var console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
