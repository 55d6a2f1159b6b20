package io.tollgate.adapter;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One adapter instance's configuration section as the YAML (and environment) gave it, with typed readers that fail
 * with one line naming the full key ({@code adapters.<name>.<key>: <problem>}). Values may be text where a number,
 * duration or boolean is expected (environment variables are text). Immutable.
 */
public final class AdapterSection {
    private final String prefix;
    private final Map<String, Object> values;

    /**
     * @param prefix the section's full key, e.g. {@code adapters.edge}
     * @param values the section's keys (without {@code type}); null values count as absent
     */
    public AdapterSection(String prefix, Map<String, ?> values) {
        this.prefix = prefix;
        var copy = new LinkedHashMap<String, Object>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        this.values = java.util.Collections.unmodifiableMap(copy);
    }

    /** The section's full key, e.g. {@code adapters.edge}. */
    public String prefix() {
        return prefix;
    }

    /** The instance name: the last part of the prefix. */
    public String name() {
        return prefix.substring(prefix.lastIndexOf('.') + 1);
    }

    /** The raw values (null ones left out), for providers that bind the section with their own mapper. */
    public Map<String, Object> values() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The full key of {@code key}, e.g. {@code adapters.edge.host}. */
    public String key(String key) {
        return prefix + "." + key;
    }

    /** An error naming {@code key} in this section, for checks the readers below do not cover. */
    public AdapterConfigException problem(String key, String problem) {
        return new AdapterConfigException(key(key), problem);
    }

    /** @throws AdapterConfigException naming the first key not in {@code known} */
    public AdapterSection only(String... known) {
        var allowed = Set.of(known);
        for (String k : values.keySet()) {
            if (!allowed.contains(k)) {
                throw problem(k, "unknown key; known: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    /** Required single text value, not blank. */
    public String text(String key) {
        String v = text(key, null);
        if (v == null) {
            throw problem(key, "required");
        }
        return v;
    }

    /** A single text value, or {@code fallback} when absent. */
    public String text(String key, String fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map || v instanceof List) {
            throw problem(key, "expected a single text value");
        }
        String s = v.toString();
        if (s.isBlank()) {
            throw problem(key, "must not be blank");
        }
        return s;
    }

    /** Required whole number in {@code min..max}. */
    public int integer(String key, int min, int max) {
        if (!has(key)) {
            throw problem(key, "required");
        }
        return integer(key, min, min, max);
    }

    /** A whole number in {@code min..max}, or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            n = ((Number) v).longValue();
        } else {
            try {
                n = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw problem(key, "expected a whole number, got \"" + v + "\"");
            }
        }
        if (n < min || n > max) {
            throw problem(key, "must be in " + min + ".." + max + ", got " + n);
        }
        return (int) n;
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toString().trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw problem(key, "expected true or false, got \"" + v + "\"");
        };
    }

    /** A duration ({@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code PT2S}) in {@code min..max}, or {@code fallback}. */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        Duration d = DurationText.parse(v.toString());
        if (d == null) {
            throw problem(key, DurationText.EXPECTED + ", got \"" + v + "\"");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw problem(key, "must be between " + DurationText.format(min) + " and " + DurationText.format(max)
                    + ", got " + DurationText.format(d));
        }
        return d;
    }

    /** Required absolute http or https URL. */
    public URI url(String key) {
        String v = text(key);
        try {
            var uri = new URI(v);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw problem(key, "expected an http or https URL like http://127.0.0.1:4242, got \"" + v + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw problem(key, "not a URL: " + e.getReason() + " at index " + e.getIndex());
        }
    }

    /** A file system path, or null when absent. */
    public Path path(String key) {
        String v = text(key, null);
        try {
            return v == null ? null : Path.of(v);
        } catch (InvalidPathException e) {
            throw problem(key, "not a path: " + e.getReason());
        }
    }

    /** A list of text values, or {@code fallback} when absent. */
    public List<String> texts(String key, List<String> fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof List<?> list)) {
            throw problem(key, "expected a list");
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List || item.toString().isBlank()) {
                throw new AdapterConfigException(key(key) + "[" + i + "]", "expected a single text value");
            }
            out.add(item.toString());
        }
        return List.copyOf(out);
    }

    /** The nested mapping under {@code key} (empty when absent), with keys below this one's. */
    public AdapterSection section(String key) {
        Object v = values.get(key);
        if (v == null) {
            return new AdapterSection(key(key), Map.of());
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw problem(key, "expected a mapping of keys");
        }
        var typed = new LinkedHashMap<String, Object>();
        map.forEach((k, val) -> typed.put(String.valueOf(k), val));
        return new AdapterSection(key(key), typed);
    }

    @Override
    public String toString() {
        return prefix + values.keySet();
    }
}
