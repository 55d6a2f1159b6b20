package io.tollgate.testsupport;

import java.time.Duration;
import java.util.List;

/** Renders the fixture's {@code prometheus.yml}: global intervals and one static scrape job. */
final class PrometheusConfigYaml {
    private PrometheusConfigYaml() {
    }

    /** The scrape timeout equals the interval: Prometheus rejects a timeout longer than the interval. */
    static String render(List<String> targets, Duration scrapeInterval, Duration evaluationInterval) {
        var yaml = new StringBuilder()
                .append("global:\n")
                .append("  scrape_interval: ").append(duration(scrapeInterval)).append('\n')
                .append("  scrape_timeout: ").append(duration(scrapeInterval)).append('\n')
                .append("  evaluation_interval: ").append(duration(evaluationInterval)).append('\n');
        if (!targets.isEmpty()) {
            yaml.append("scrape_configs:\n")
                    .append("  - job_name: tollgate-test\n")
                    .append("    static_configs:\n")
                    .append("      - targets: [");
            for (int i = 0; i < targets.size(); i++) {
                yaml.append(i == 0 ? "" : ", ").append('\'').append(targets.get(i)).append('\'');
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    /** A Prometheus duration string: {@code 1500ms}, {@code 1s}, {@code 3650d}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
