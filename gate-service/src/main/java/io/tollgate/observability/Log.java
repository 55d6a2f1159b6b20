package io.tollgate.observability;

import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Structured logging over java.util.logging (what Helidon logs through), one JSON line per event. */
public final class Log {
    private Log() {
    }

    /** Routes every JUL record to stderr as JSON. Called once by {@code Main}. */
    public static void installJsonLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new JsonLogFormatter());
        handler.setLevel(Level.INFO);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }

    /** Logs {@code message} with structured {@code fields} (e.g. decisionId, traceId). */
    public static void info(Logger logger, String message, Map<String, ?> fields) {
        logger.log(Level.INFO, message, new Object[] {fields});
    }

    public static void warn(Logger logger, String message, Map<String, ?> fields) {
        logger.log(Level.WARNING, message, new Object[] {fields});
    }
}
