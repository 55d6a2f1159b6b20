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
    private static final java.util.Set<String> STRATEGY_KEYS = java.util.Set.of("stages", "analysis", "onDrift");

    private StrategiesFile() {
    }

    /** @throws ConfigException naming {@code releases.strategiesFile}, the file and the offending field */
    public static Map<String, List<ReleaseSpec.Stage>> load(Path file) {
        return read(file).stages();
    }

    /** The strategies of one file: stages by name, the analysis of those that have one, and their drift handling. */
    public record Strategies(Map<String, List<ReleaseSpec.Stage>> stages, Map<String, AnalysisSpec> analysis,
                             Map<String, OnDrift> onDrift) {
    }

    /** @throws ConfigException naming {@code releases.strategiesFile}, the file and the offending field */
    @SuppressWarnings("unchecked")
    public static Strategies read(Path file) {
        if (file == null) {
            return new Strategies(Map.of(), Map.of(), Map.of());
        }
        Map<String, Map<String, Object>> raw;
        try {
            raw = new YAMLMapper().readValue(file.toFile(), new TypeReference<>() { });
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(KEY, file + ": cannot be read as name → {stages: [...]}: " + e.getMessage().lines().findFirst().orElse(""));
        }
        var strategies = new LinkedHashMap<String, List<ReleaseSpec.Stage>>();
        var analysis = new LinkedHashMap<String, AnalysisSpec>();
        var onDrift = new LinkedHashMap<String, OnDrift>();
        (raw == null ? Map.<String, Map<String, Object>>of() : raw).forEach((name, body) -> {
            if (body == null || !body.containsKey("stages") || body.keySet().stream().anyMatch(k -> !STRATEGY_KEYS.contains(k))) {
                throw new ConfigException(KEY, file + ": " + name + " must have the key stages, and may have analysis and onDrift");
            }
            try {
                if (!(body.get("stages") instanceof List<?> stages) || stages.stream().anyMatch(s -> !(s instanceof Map))) {
                    throw new StageRules.StageProblem("stages", "must be a list of stages");
                }
                strategies.put(name, StageRules.parse((List<Map<String, Object>>) stages));
                if (body.containsKey("onDrift")) {
                    var drift = body.get("onDrift") instanceof String text ? OnDrift.fromWire(text) : java.util.Optional.<OnDrift>empty();
                    onDrift.put(name, drift.orElseThrow(() -> new StageRules.StageProblem("onDrift", "must be halt or reapply")));
                }
                var a = AnalysisRules.parse(body.get("analysis"));
                if (a != null) {
                    analysis.put(name, a);
                }
            } catch (StageRules.StageProblem p) {
                throw new ConfigException(KEY, file + ": " + name + "." + p.field() + ": " + p.getMessage());
            }
        });
        return new Strategies(strategies, analysis, onDrift);
    }

    /** The engine's settings from the validated configuration section, with its strategies read. */
    public static ReleaseConfig config(ReleasesConfig c) {
        var strategies = read(c.strategiesFile());
        return new ReleaseConfig(c.gateTimeout(), c.gateRetry(), c.lookInterval(), c.adapterGuard(), c.adapterGuards(),
                c.grossErrorRatio(), c.grossMinRequests(), strategies.stages(), strategies.analysis(), strategies.onDrift());
    }
}
