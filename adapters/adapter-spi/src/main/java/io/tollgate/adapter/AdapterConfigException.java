package io.tollgate.adapter;

/** A bad adapter configuration value: one line, {@code <full key>: <problem>}, e.g. {@code adapters.edge.host: required}. */
public class AdapterConfigException extends IllegalArgumentException {
    private final String key;
    private final String problem;

    public AdapterConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** The full key, e.g. {@code adapters.edge.runtimePort}. */
    public String key() {
        return key;
    }

    /** The message without the key. */
    public String problem() {
        return problem;
    }
}
