package io.tollgate.slo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A {@code slo-definitions/} directory under a temp dir, plus ready-made OpenSLO documents. */
final class SloFiles {

    static final String DATA_SOURCE = """
            apiVersion: openslo/v1
            kind: DataSource
            metadata:
              name: prometheus
            spec:
              type: Prometheus
            """;

    static final String SERVICE = """
            apiVersion: openslo/v1
            kind: Service
            metadata:
              name: checkout
            spec:
              description: Checkout
            """;

    static final String SLI = """
            apiVersion: openslo/v1
            kind: SLI
            metadata:
              name: checkout-http-success
            spec:
              ratioMetric:
                counter: true
                good:
                  metricSource:
                    metricSourceRef: prometheus
                    spec:
                      query: http_requests_total{code!~"5.."}
                total:
                  metricSource:
                    metricSourceRef: prometheus
                    spec:
                      query: http_requests_total
            """;

    final Path dir;

    SloFiles(Path tempDir) {
        dir = tempDir.resolve("slo-definitions");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code docs} as the YAML documents of one file. */
    SloFiles write(String fileName, String... docs) {
        try {
            Files.writeString(dir.resolve(fileName), String.join("---\n", docs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code checkout.yaml}: DataSource, Service, SLI (documents 0-2) and the given SLO (document 3). */
    SloFiles withCheckout(String sloDoc, String... more) {
        var docs = new java.util.ArrayList<>(List.of(DATA_SOURCE, SERVICE, SLI, sloDoc));
        docs.addAll(List.of(more));
        return write("checkout.yaml", docs.toArray(String[]::new));
    }

    SloCatalog load() {
        return SloDefinitions.load(dir);
    }

    List<String> problems() {
        var thrown = new SloValidationException[1];
        assertThatThrownBy(() -> SloDefinitions.load(dir))
                .isInstanceOfSatisfying(SloValidationException.class, e -> thrown[0] = e);
        return thrown[0].problems();
    }

    static SloDoc aSlo(String name) {
        return new SloDoc(name);
    }

    /** Builder of an SLO document; defaults to checkout, SLI by ref, 99.9% over 28d, Occurrences. */
    static final class SloDoc {
        private final String name;
        private String target = "0.999";
        private String targetField = "target";
        private String window = "28d";
        private String budgeting = "Occurrences";
        private String indicator = "  indicatorRef: checkout-http-success\n";
        private String policies = "";
        private String extraObjective = "";

        SloDoc(String name) {
            this.name = name;
        }

        SloDoc target(String value) {
            target = value;
            return this;
        }

        /** The objective as {@code targetPercent} instead of {@code target}. */
        SloDoc targetPercent(String value) {
            targetField = "targetPercent";
            target = value;
            return this;
        }

        SloDoc window(String value) {
            window = value;
            return this;
        }

        SloDoc budgeting(String value) {
            budgeting = value;
            return this;
        }

        SloDoc indicatorRef(String ref) {
            indicator = "  indicatorRef: " + ref + "\n";
            return this;
        }

        /** Raw YAML for {@code spec.indicator}, indented under it by four spaces. */
        SloDoc inlineIndicator(String yaml) {
            indicator = "  indicator:\n" + yaml.indent(4);
            return this;
        }

        /** Raw YAML list items for {@code spec.alertPolicies}, indented by four spaces. */
        SloDoc alertPolicies(String yaml) {
            policies = "  alertPolicies:\n" + yaml.indent(4);
            return this;
        }

        SloDoc objectiveField(String line) {
            extraObjective = "      " + line + "\n";
            return this;
        }

        String yaml() {
            return "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: " + name + "\nspec:\n  service: checkout\n"
                    + indicator
                    + "  timeWindow:\n    - duration: " + window + "\n      isRolling: true\n"
                    + "  budgetingMethod: " + budgeting + "\n"
                    + "  objectives:\n    - " + targetField + ": " + target + "\n" + extraObjective
                    + policies;
        }
    }

    /** An AlertCondition document. */
    static String condition(String name, String severity, String threshold, String lookback, String shortWindow) {
        var annotations = shortWindow == null ? ""
                : "  annotations:\n    tollgate.io/short-window: " + shortWindow + "\n";
        return "apiVersion: openslo/v1\nkind: AlertCondition\nmetadata:\n  name: " + name + "\n" + annotations
                + "spec:\n  severity: " + severity + "\n  condition:\n    kind: burnrate\n    op: gte\n"
                + "    threshold: " + threshold + "\n    lookbackWindow: " + lookback + "\n";
    }

    /** An AlertPolicy document with {@code alertWhenNoData: true}, referencing {@code conditions}. */
    static String noDataPolicy(String name, String... conditions) {
        return policy(name, conditions).replace("\nspec:\n", "\nspec:\n  alertWhenNoData: true\n");
    }

    /** An AlertPolicy document referencing {@code conditions}. */
    static String policy(String name, String... conditions) {
        var sb = new StringBuilder("apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata:\n  name: " + name
                + "\nspec:\n  conditions:\n");
        for (var c : conditions) {
            sb.append("    - conditionRef: ").append(c).append('\n');
        }
        return sb.toString();
    }
}
