package io.tollgate.adapter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@link AdapterProvider}s on the class path (found with {@link ServiceLoader}), and the binding of named instances
 * to them. An unknown type fails with the list of registered ones; nothing falls back silently.
 */
public final class AdapterProviders {
    /** Instance names: what releases carry in {@code traffic.provider} / {@code flag.provider}. */
    public static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static volatile AdapterProviders installed;
    private final Map<String, AdapterProvider> byType;

    /** @throws IllegalStateException when two providers claim the same type */
    public AdapterProviders(Iterable<? extends AdapterProvider> providers) {
        var map = new TreeMap<String, AdapterProvider>();
        for (AdapterProvider p : providers) {
            var previous = map.putIfAbsent(p.type(), p);
            if (previous != null) {
                throw new IllegalStateException("two adapter providers for type \"" + p.type() + "\": "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        byType = Collections.unmodifiableMap(map);
    }

    /** The providers on this class's class path, loaded once. */
    public static AdapterProviders installed() {
        var p = installed;
        if (p == null) {
            p = new AdapterProviders(ServiceLoader.load(AdapterProvider.class, AdapterProviders.class.getClassLoader()));
            installed = p;
        }
        return p;
    }

    /** The registered type names, sorted. */
    public Set<String> types() {
        return byType.keySet();
    }

    /**
     * Binds the {@code adapters:} mapping: instance name → its section. Each section names its provider with
     * {@code type}; without one, an instance named like a registered type is of that type ({@code adapters.haproxy:}
     * is a {@code haproxy} instance named {@code haproxy}, the form of configurations written before named instances).
     *
     * @param prefix the mapping's key, {@code adapters}
     * @throws AdapterConfigException naming the first bad key
     */
    public Map<String, NamedAdapter> configure(String prefix, Map<String, ?> sections) {
        var out = new LinkedHashMap<String, NamedAdapter>();
        new TreeMap<String, Object>(sections).forEach((name, raw) -> out.put(name, configure(prefix, name, raw)));
        return Collections.unmodifiableMap(out);
    }

    private NamedAdapter configure(String prefix, String name, Object raw) {
        String at = prefix + "." + name;
        if (!INSTANCE_NAME.matcher(name).matches()) {
            throw new AdapterConfigException(at, "an adapter name is 1-63 letters, digits, '.', '_' or '-'");
        }
        if (!(raw instanceof Map<?, ?> map)) {
            throw new AdapterConfigException(at, "expected a mapping of keys with type: one of " + known());
        }
        var values = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> values.put(String.valueOf(k), v));
        Object typeValue = values.remove("type");
        String type;
        if (typeValue == null) {
            if (!byType.containsKey(name)) {
                throw new AdapterConfigException(at + ".type", "required: one of " + known());
            }
            type = name;
        } else if (typeValue instanceof Map || typeValue instanceof List) {
            throw new AdapterConfigException(at + ".type", "expected a single text value: one of " + known());
        } else {
            type = typeValue.toString();
        }
        var provider = byType.get(type);
        if (provider == null) {
            throw new AdapterConfigException(at + ".type", "unknown adapter type \"" + type + "\"; registered: " + known());
        }
        var configured = provider.configure(new AdapterSection(at, values));
        if (configured == null) {
            throw new IllegalStateException(provider.getClass().getName() + ".configure answered null for " + at);
        }
        return new NamedAdapter(name, type, configured);
    }

    private String known() {
        return byType.isEmpty() ? "none (no adapter module on the class path)" : String.join(", ", byType.keySet());
    }

    /** For messages and tests: the providers by type. */
    public List<AdapterProvider> providers() {
        return List.copyOf(byType.values());
    }
}
