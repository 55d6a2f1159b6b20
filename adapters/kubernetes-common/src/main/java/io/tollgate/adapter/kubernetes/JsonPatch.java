package io.tollgate.adapter.kubernetes;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 6902 JSON patch ({@code application/json-patch+json}). The API server applies it atomically: when a
 * {@code test} operation fails nothing is written, so a patch that first tests what it read can never overwrite a
 * change it has not seen.
 */
public final class JsonPatch {
    private final List<Map<String, Object>> ops = new ArrayList<>();

    /** Fails the whole patch unless the value at {@code path} equals {@code value} (deep equality). */
    public JsonPatch test(String path, Object value) {
        return op("test", path, value);
    }

    /** Sets {@code path} (adds the member, or replaces it when present). */
    public JsonPatch add(String path, Object value) {
        return op("add", path, value);
    }

    /** True when no operation was added. */
    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** The patch document. */
    public String json() {
        return Serialization.asJson(ops);
    }

    private JsonPatch op(String op, String path, Object value) {
        var m = new LinkedHashMap<String, Object>();
        m.put("op", op);
        m.put("path", path);
        m.put("value", value);
        ops.add(m);
        return this;
    }
}
