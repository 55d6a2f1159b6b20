package io.tollgate.observability;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Structured logging over java.util.logging (what Helidon logs through): JSON lines, or plain lines at a terminal. */
public final class Log {
    /** Set once the start-up summary is out: from then on Tollgate's own events show in text mode too. */
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Log() {
    }

    /**
     * Routes JUL records to stderr: every one as JSON, or (text) warnings and errors as plain lines, plus Tollgate's own
     * events after {@link #started()}, so the libraries' start-up chatter (initdb, migrations, scheduler, web server)
     * stays off a person's terminal. Called once by {@code Main}.
     */
    public static void install(LogFormat format) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setLevel(Level.INFO);
        if (format == LogFormat.TEXT) {
            handler.setFormatter(new TextLogFormatter());
            handler.setFilter(Log::shownAtTerminal);
        } else {
            handler.setFormatter(new JsonLogFormatter());
        }
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }

    /** The start-up summary is printed: Tollgate's own INFO events show at the terminal from now on. */
    public static void started() {
        STARTED.set(true);
    }

    /**
     * Warnings that every start logs and that ask nothing of a person (jOOQ's note that the embedded PostgreSQL 14 is
     * older than its dialect's newest); they stay in the JSON log.
     */
    private static final java.util.Set<String> ROUTINE_WARNINGS = java.util.Set.of("org.jooq.impl.DefaultExecuteContext.logVersionSupport");

    static boolean shownAtTerminal(LogRecord record) {
        if (record.getLoggerName() != null && ROUTINE_WARNINGS.contains(record.getLoggerName())
                && record.getLevel().intValue() < Level.SEVERE.intValue()) {
            return false;
        }
        return record.getLevel().intValue() >= Level.WARNING.intValue()
                || STARTED.get() && record.getLoggerName() != null && record.getLoggerName().startsWith("io.tollgate.");
    }

    /** Logs {@code message} with structured {@code fields} (e.g. decisionId, traceId). */
    public static void info(Logger logger, String message, Map<String, ?> fields) {
        logger.log(Level.INFO, message, new Object[] {fields});
    }

    public static void warn(Logger logger, String message, Map<String, ?> fields) {
        logger.log(Level.WARNING, message, new Object[] {fields});
    }
}
