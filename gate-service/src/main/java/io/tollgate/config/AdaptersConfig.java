package io.tollgate.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.tollgate.adapter.AdapterConfigException;
import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.NamedAdapter;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The adapter instances releases may drive (section {@code adapters}): a map of names to sections, each with
 * {@code type:} (a provider found on the class path) and that provider's own keys, which this core never reads: the
 * provider binds and validates them ({@link AdapterProviders}). Releases name an instance in {@code traffic.provider} /
 * {@code flag.provider}; an instance not configured is not registered, and a release naming it is refused (400).
 * An instance without {@code type} named like a registered type is of that type ({@code adapters.haproxy:}).
 *
 * @param instances by name, validated
 */
public record AdaptersConfig(Map<String, NamedAdapter> instances) {
    public AdaptersConfig {
        instances = Map.copyOf(instances);
    }

    public static AdaptersConfig none() {
        return new AdaptersConfig(Map.of());
    }

    /**
     * Binds the YAML mapping with the providers on the class path.
     *
     * @throws ConfigException naming the first bad key, e.g. {@code adapters.edge.runtimePort: required}
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AdaptersConfig bind(Map<String, Object> sections) {
        if (sections == null) {
            return none();
        }
        try {
            return new AdaptersConfig(AdapterProviders.installed().configure("adapters", sections));
        } catch (AdapterConfigException e) {
            throw new ConfigException(e.key(), e.problem());
        }
    }

    /** What a key of {@code releases.adapterGuards} may name: an instance, or a registered type (all its instances). */
    public Set<String> guardable() {
        var names = new TreeSet<>(instances.keySet());
        names.addAll(AdapterProviders.installed().types());
        return names;
    }
}
