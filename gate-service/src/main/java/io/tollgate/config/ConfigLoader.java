package io.tollgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads {@link TollgateConfig}: the built-in defaults ({@code tollgate-defaults.yaml} on the class
 * path), then the operator's YAML file if one is given, then {@code TOLLGATE_*} environment
 * variables ({@link #ENV_OVERRIDES}). Later sources win key by key.
 */
public final class ConfigLoader {

    /**
     * The state root: where an instance keeps everything of its own (the embedded database with its credentials and
     * lock, the audit signing key, the checkpoint file) unless a path is set one by one. Two instances with different
     * state roots share nothing.
     */
    public static final String STATE_DIR = "stateDir";
    /** Paths placed under the state root when not set: config key → name under {@link #STATE_DIR}. */
    private static final Map<String, String> STATE_PATHS = orderedMap(
            "database.dataDir", "postgres",
            "audit.signingKeyFile", "audit-signing.key",
            "audit.checkpointFile", "audit-checkpoints.jsonl");

    /** Environment variable → config key path. Documented in docs/configuration.md; keep in sync. */
    public static final Map<String, String> ENV_OVERRIDES = orderedMap(
            "TOLLGATE_HOST", "server.host",
            "TOLLGATE_HTTP_PORT", "server.port",
            "TOLLGATE_DB_URL", "database.url",
            "TOLLGATE_DB_USER", "database.user",
            "TOLLGATE_DB_PASSWORD", "database.password",
            "TOLLGATE_DB_MIGRATION_USER", "database.migrationUser",
            "TOLLGATE_DB_MIGRATION_PASSWORD", "database.migrationPassword",
            "TOLLGATE_DB_ALLOW_PRIVILEGED_USER", "database.allowPrivilegedUser",
            "TOLLGATE_DATA_DIR", STATE_DIR,
            "TOLLGATE_POLICY_ENGINE", "policy.engine",
            "TOLLGATE_POLICY_BUNDLE", "policy.bundle",
            "TOLLGATE_OPA_URL", "policy.opaUrl",
            "TOLLGATE_POLICY_TIMEOUT", "policy.timeout",
            "TOLLGATE_OTLP_ENDPOINT", "tracing.otlpEndpoint",
            "TOLLGATE_SLO_DIR", "slo.definitionsDir",
            "TOLLGATE_PROMETHEUS_URL", "slo.prometheusUrl",
            "TOLLGATE_RELEASE_STRATEGIES", "releases.strategiesFile",
            // Kept from before adapters were plug-ins: they fill the instances named unleash and haproxy (of those types).
            "TOLLGATE_UNLEASH_URL", "adapters.unleash.adminUrl",
            "TOLLGATE_UNLEASH_TOKEN", "adapters.unleash.adminToken",
            "TOLLGATE_HAPROXY_HOST", "adapters.haproxy.host",
            "TOLLGATE_HAPROXY_RUNTIME_PORT", "adapters.haproxy.runtimePort");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    private ConfigLoader() {
    }

    /**
     * @param file optional operator config file (null for defaults only)
     * @param env  environment variables (pass {@code System.getenv()})
     * @throws ConfigException naming the source, key and problem
     */
    public static TollgateConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = readDefaults();
        String source = "defaults";
        if (file != null) {
            source = file.toString();
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config", "file " + file + " does not exist");
            }
            try (InputStream in = Files.newInputStream(file)) {
                merge(tree, YAML.readTree(in), source);
            } catch (JsonProcessingException e) {
                var at = e.getLocation();
                throw new ConfigException(file.toString(), "not valid YAML" + (at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr() : "")
                        + ": " + BindErrors.oneLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage());
            }
        }
        ENV_OVERRIDES.forEach((variable, key) -> {
            String value = env.get(variable);
            if (value != null) {
                set(tree, key, value);
            }
        });
        placeUnderStateRoot(tree);
        return bind(tree, file != null ? source + " (+ environment)" : "configuration");
    }

    /** Resolves {@link #STATE_PATHS} left unset against the state root, then drops the root (no record holds it). */
    private static void placeUnderStateRoot(ObjectNode tree) {
        JsonNode root = tree.remove(STATE_DIR);
        if (root != null && !root.isNull() && (!root.isValueNode() || root.asText().isBlank())) {
            throw new ConfigException(STATE_DIR, "must be a directory path, got " + root);
        }
        Path dir = Path.of(root == null || root.isNull() ? ".data" : root.asText());
        STATE_PATHS.forEach((key, name) -> {
            String[] parts = key.split("\\.");
            JsonNode section = tree.path(parts[0]);
            JsonNode value = section.path(parts[1]);
            if (value.isMissingNode() || value.isNull()) {
                set(tree, key, dir.resolve(name).toString());
            }
        });
    }

    private static ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/tollgate-defaults.yaml")) {
            if (in == null) {
                throw new IllegalStateException("tollgate-defaults.yaml missing from the class path");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in defaults", e);
        }
    }

    private static TollgateConfig bind(ObjectNode tree, String source) {
        try {
            return YAML.treeToValue(tree, TollgateConfig.class);
        } catch (JsonProcessingException e) {
            throw BindErrors.translate(e, source);
        }
    }

    private static void merge(ObjectNode target, JsonNode overlay, String source) {
        if (overlay == null || overlay.isMissingNode() || overlay.isNull()) {
            return;
        }
        if (!overlay.isObject()) {
            throw new ConfigException(source, "top level must be a mapping");
        }
        merge(target, overlay, "", source);
    }

    private static void merge(ObjectNode target, JsonNode overlay, String prefix, String source) {
        overlay.properties().forEach(entry -> {
            String key = prefix + entry.getKey();
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode obj && entry.getValue().isObject()) {
                merge(obj, entry.getValue(), key + ".", source);
            } else if (existing instanceof ObjectNode && !entry.getValue().isNull()) {
                // A section given as a scalar or list: say so here, before binding guesses at a meaning.
                throw new ConfigException(key, "expected a mapping of keys (in " + source + ")");
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        });
    }

    private static void set(ObjectNode tree, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }

    private static Map<String, String> orderedMap(String... kv) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
