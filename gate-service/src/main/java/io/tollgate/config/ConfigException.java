package io.tollgate.config;

/** A configuration value that cannot be used; the message names the key path and the problem. */
public class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The message without the leading key. */
    public String problem() {
        return getMessage().substring(key.length() + 2);
    }
}
