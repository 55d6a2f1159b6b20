package io.tollgate.observability;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.StringJoiner;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One plain line per record for a terminal: {@code 10:42:07 WARNING release transition (releaseId=…, to=halted)}. */
public final class TextLogFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Override
    public String format(LogRecord record) {
        var line = new StringBuilder()
                .append(TIME.format(LocalTime.ofInstant(record.getInstant(), ZoneId.systemDefault())))
                .append(' ').append(record.getLevel().getName()).append(' ');
        Object[] params = record.getParameters();
        if (params != null && params.length > 0 && params[0] instanceof Map<?, ?> fields) {
            line.append(record.getMessage());
            var joined = new StringJoiner(", ", " (", ")").setEmptyValue("");
            fields.forEach((k, v) -> joined.add(k + "=" + v));
            line.append(joined);
        } else {
            line.append(formatMessage(record));
        }
        if (record.getThrown() != null) {
            line.append(": ").append(record.getThrown());
        }
        return line.append(System.lineSeparator()).toString();
    }
}
