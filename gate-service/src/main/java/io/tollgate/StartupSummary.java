package io.tollgate;

import io.tollgate.config.PolicyConfig;
import io.tollgate.config.TollgateConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a person at a terminal sees once Tollgate listens (the text log format): what started and where, the URLs, the
 * development token. Only facts of the configuration and the running server; no secret but the token printed for them.
 */
final class StartupSummary {
    private StartupSummary() {
    }

    static List<String> lines(TollgateConfig config, String baseUrl, String devToken, Duration took) {
        var out = new ArrayList<String>();
        out.add("Tollgate listening on " + baseUrl + String.format(Locale.ROOT, " (started in %.1f s)", took.toMillis() / 1000.0));
        out.add(row("database", database(config)));
        out.add(row("policies", policies(config.policy())));
        out.add(row("SLOs", config.slo().definitionsDir() == null ? "none (set TOLLGATE_SLO_DIR to gate on error budgets)"
                : config.slo().definitionsDir() + ", SLIs from Prometheus " + config.slo().prometheusUrl()));
        var adapters = config.adapters().instances().values();
        out.add(row("adapters", adapters.isEmpty() ? "none (releases need a flag and a traffic adapter; docs/configuration.md#adapters)"
                : adapters.stream().map(a -> a.name() + " (" + a.type() + ")").sorted().collect(Collectors.joining(", "))));
        out.add(row("audit log", "in the database, signed with " + config.audit().signingKeyFile()));
        out.add("");
        out.add(row("API", baseUrl + "/v1/ (docs/api.md)"));
        out.add(row("console", baseUrl + "/ui/"));
        out.add(row("metrics", baseUrl + "/metrics"));
        if (devToken != null) {
            out.add(row("token", devToken + " (role admin, valid until restart)"));
            out.add(row("try", "curl -s " + baseUrl + "/v1/gates/check -H 'Authorization: Bearer " + devToken
                    + "' -H 'Content-Type: application/json' -d @docs/examples/check.json"));
        } else {
            out.add(row("tokens", config.auth().tokens().size() + " configured (auth.tokens)"));
        }
        out.add("");
        out.add("Warnings, errors and release events follow; TOLLGATE_LOG_FORMAT=json for every log line as JSON.");
        return out;
    }

    private static String row(String what, String value) {
        return String.format(Locale.ROOT, "  %-10s %s", what, value);
    }

    private static String database(TollgateConfig config) {
        var db = config.database();
        if (db.embedded()) {
            return "embedded PostgreSQL, data in " + db.dataDir();
        }
        String url = db.url();
        int query = url.indexOf('?');
        return "PostgreSQL " + (query < 0 ? url : url.substring(0, query)) + " as " + db.user();
    }

    private static String policies(PolicyConfig policy) {
        if (PolicyConfig.OPA_SERVER.equals(policy.engine())) {
            return "OPA server at " + policy.opaUrl();
        }
        return "embedded engine (WebAssembly), bundle " + (policy.bundle() == null ? "built from policies/" : policy.bundle());
    }
}
