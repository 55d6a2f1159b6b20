package io.tollgate.adapter;

import java.util.Objects;

/**
 * One entry of {@code adapters:}: the instance's name (what releases name in {@code traffic.provider} /
 * {@code flag.provider}), its provider's type, and the validated instance.
 */
public record NamedAdapter(String name, String type, ConfiguredAdapter adapter) {
    public NamedAdapter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(adapter, "adapter");
    }
}
