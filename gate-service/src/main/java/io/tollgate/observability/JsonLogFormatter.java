package io.tollgate.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tollgate.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log line. Structured fields (decision id, trace id, ...) are passed as a
 * {@code Map} in the record's first parameter, see {@link Log#info}.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        var line = new LinkedHashMap<String, Object>();
        line.put("ts", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName());
        line.put("msg", record.getParameters() != null && record.getParameters().length > 0
                && record.getParameters()[0] instanceof Map ? record.getMessage() : formatMessage(record));
        if (record.getParameters() != null && record.getParameters().length > 0
                && record.getParameters()[0] instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> line.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        if (record.getThrown() != null) {
            var sw = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(sw));
            line.put("error", String.valueOf(record.getThrown()));
            line.put("stack", sw.toString());
        }
        try {
            return Json.mapper().writeValueAsString(line) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            return "{\"level\":\"SEVERE\",\"msg\":\"unloggable record\"}" + System.lineSeparator();
        }
    }
}
