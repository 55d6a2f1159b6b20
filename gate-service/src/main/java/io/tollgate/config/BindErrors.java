package io.tollgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Turns Jackson's binding errors into one-line {@link ConfigException}s that name the key and say what
 * was expected in the operator's terms (no Java class names, no parser internals).
 */
final class BindErrors {
    private BindErrors() {
    }

    static ConfigException translate(JsonProcessingException e, String source) {
        String in = " (in " + source + ")";
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof ConfigException ce) {
            return new ConfigException(ce.key(), ce.problem() + in);
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return new ConfigException(path(upe), "unknown key" + in);
        }
        if (e instanceof InvalidFormatException ife) {
            return new ConfigException(path(ife), expected(ife.getTargetType()) + ", got \"" + ife.getValue() + "\""
                    + reason(ife.getTargetType(), ife.getValue()) + in);
        }
        if (e instanceof MismatchedInputException mie) {
            return new ConfigException(path(mie), expected(mie.getTargetType()) + in);
        }
        if (e instanceof JsonMappingException jme) {
            Throwable cause = jme.getCause();
            return new ConfigException(path(jme), oneLine(cause != null && cause.getMessage() != null ? cause.getMessage() : jme.getOriginalMessage()) + in);
        }
        return new ConfigException("config", oneLine(e.getOriginalMessage()) + in);
    }

    /** What a value of {@code type} looks like, for "expected ..." messages. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "unexpected value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "expected a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "expected true or false";
        }
        if (type == Duration.class) {
            return Durations.EXPECTED;
        }
        if (type == URI.class) {
            return "expected a URL like http://127.0.0.1:8181";
        }
        if (type == String.class || type == Path.class) {
            return "expected a single text value";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "expected a list";
        }
        if (type == AuthConfig.TokenEntry.class) {
            return "expected a mapping with subject, role and sha256";
        }
        return "expected a mapping of keys";
    }

    private static String reason(Class<?> type, Object value) {
        if (type != URI.class || value == null) {
            return "";
        }
        try {
            new URI(value.toString());
            return "";
        } catch (java.net.URISyntaxException e) {
            return " (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
    }

    static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return p.isEmpty() ? "config" : p;
    }

    /** Parser messages sometimes span lines (a YAML excerpt with a caret); a config error is one line. */
    static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
