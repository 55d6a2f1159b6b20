package io.tollgate.release;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tollgate.config.ConfigException;
import io.tollgate.config.ReleasesConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the named strategies file at start-up: validate, then build; a problem names the file, strategy and field. */
public final class StrategiesFile {
    private static final String KEY = "releases.strategiesFile";

    private StrategiesFile() {
    }

    /** @throws ConfigException naming {@code releases.strategiesFile}, the file and the offending field */
    public static Map<String, List<ReleaseSpec.Stage>> load(Path file) {
        if (file == null) {
            return Map.of();
        }
        Map<String, Map<String, List<Map<String, Object>>>> raw;
        try {
            raw = new YAMLMapper().readValue(file.toFile(), new TypeReference<>() { });
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(KEY, file + ": cannot be read as name → {stages: [...]}: " + e.getMessage().lines().findFirst().orElse(""));
        }
        var strategies = new LinkedHashMap<String, List<ReleaseSpec.Stage>>();
        (raw == null ? Map.<String, Map<String, List<Map<String, Object>>>>of() : raw).forEach((name, body) -> {
            if (body == null || body.keySet().stream().anyMatch(k -> !k.equals("stages"))) {
                throw new ConfigException(KEY, file + ": " + name + " must have exactly one key, stages");
            }
            try {
                strategies.put(name, StageRules.parse(body.get("stages")));
            } catch (StageRules.StageProblem p) {
                throw new ConfigException(KEY, file + ": " + name + "." + p.field() + ": " + p.getMessage());
            }
        });
        return strategies;
    }

    /** The engine's settings from the validated configuration section, with its strategies read. */
    public static ReleaseConfig config(ReleasesConfig c) {
        return new ReleaseConfig(c.gateTimeout(), c.gateRetry(), c.lookInterval(), c.adapterGuard(), c.adapterGuards(),
                c.grossErrorRatio(), c.grossMinRequests(), load(c.strategiesFile()));
    }
}
