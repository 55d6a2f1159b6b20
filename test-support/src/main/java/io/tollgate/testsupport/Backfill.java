package io.tollgate.testsupport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Gives a test Prometheus history by backfilling: writes OpenMetrics text and turns it into TSDB blocks
 * with {@code promtool tsdb create-blocks-from openmetrics FILE DIR}; start the fixture on that directory
 * with {@link PrometheusFixture.Builder#storageFrom(Path)}.
 *
 * <p>What we found with Prometheus/promtool 2.42:
 * <ul>
 *   <li>OpenMetrics counters: the family is declared without the suffix ({@code # TYPE http_requests counter})
 *       and samples carry it ({@code http_requests_total{...} value ts}); timestamps are in seconds; the
 *       file must end with {@code # EOF}. promtool cuts 2 h-aligned blocks (no block-size flag in 2.42);
 *       about 0.1 s for two days of two series at one-minute steps.</li>
 *   <li>Retention is counted back from the newest block's end, not the wall clock; blocks beyond it are
 *       deleted at start-up/compaction. The fixture's default retention is 3650 d, so history survives.</li>
 *   <li>Backfill only the past. Prometheus refuses head samples older than the newest block's end, for
 *       <em>all</em> series: with history reaching 30 min into the future, every live scrape was dropped
 *       ("out of bounds", even {@code up} stayed empty). With history ending before start, live scrapes are
 *       stored normally after it. {@link #steadyHttpTraffic} therefore rejects an end in the future.</li>
 *   <li>Cost: promtool writes one block per 2 h (fsync each): about 1.5 s per series for two days at a
 *       one-minute step. Prometheus is ready on such a directory in well under 0.1 s and answers
 *       {@code increase(...[1d])} at once.</li>
 * </ul>
 */
public final class Backfill {
    private Backfill() {
    }

    /** One counter series: its labels and cumulative values at increasing times. */
    public record Series(Map<String, String> labels, List<Sample> samples) {
        public Series {
            labels = Map.copyOf(labels);
            samples = List.copyOf(samples);
        }
    }

    /** One sample: the counter's cumulative value at {@code at} (second precision in the output). */
    public record Sample(Instant at, double value) {
    }

    /**
     * Writes the OpenMetrics file for one counter family {@code family} (without {@code _total}); each series
     * is written in time order, and the file ends with {@code # EOF}.
     */
    public static Path writeCounters(Path file, String family, List<Series> series) {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("# HELP " + family + " Backfilled by Tollgate tests.\n");
            out.write("# TYPE " + family + " counter\n");
            for (Series s : series) {
                String labels = s.labels().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                        .collect(Collectors.joining(",", "{", "}"));
                for (Sample sample : s.samples()) {
                    out.write(family + "_total" + labels + " " + sample.value() + " " + sample.at().getEpochSecond() + "\n");
                }
            }
            out.write("# EOF\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Runs {@code promtool tsdb create-blocks-from openmetrics} and returns {@code tsdbDir}. */
    public static Path createBlocks(Path openMetricsFile, Path tsdbDir) {
        Path log = tsdbDir.resolveSibling(tsdbDir.getFileName() + "-promtool.log");
        try {
            Files.createDirectories(tsdbDir);
            Process promtool = new ProcessBuilder("promtool", "tsdb", "create-blocks-from", "openmetrics",
                    "--quiet", openMetricsFile.toString(), tsdbDir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!promtool.waitFor(120, TimeUnit.SECONDS)) {
                promtool.destroyForcibly().waitFor();
                throw new IllegalStateException("promtool did not finish within 120 s");
            }
            if (promtool.exitValue() != 0) {
                throw new IllegalStateException("promtool failed (" + promtool.exitValue() + "): " + Files.readString(log));
            }
            return tsdbDir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run 'promtool' (run scripts/bootstrap.sh)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running promtool", e);
        }
    }

    /**
     * A TSDB directory (new temp dir) holding {@code http_requests_total{service,code="200"|"500"}} from
     * {@code history} before {@code end} until {@code end}, one sample per {@code step}, at a steady
     * {@code requestsPerSecond} with {@code errorRatio} of them answered 500. Counter values are exact
     * (fractional), so {@code increase(500) / increase(all)} over any window is {@code errorRatio}.
     */
    public static Path steadyHttpTraffic(String service, Instant end, Duration history, Duration step,
                                         double requestsPerSecond, double errorRatio) {
        if (end.isAfter(Instant.now())) {
            throw new IllegalArgumentException("end " + end + " is in the future: Prometheus would drop every live"
                    + " scrape as out of bounds until then");
        }
        Path dir = TempFiles.createDir("backfill-");
        long steps = history.toSeconds() / step.toSeconds();
        Instant start = end.minusSeconds(steps * step.toSeconds());
        double perStep = requestsPerSecond * step.toSeconds();
        var ok = new java.util.ArrayList<Sample>();
        var errors = new java.util.ArrayList<Sample>();
        for (long i = 0; i <= steps; i++) {
            Instant at = start.plusSeconds(i * step.toSeconds());
            ok.add(new Sample(at, i * perStep * (1 - errorRatio)));
            errors.add(new Sample(at, i * perStep * errorRatio));
        }
        Path file = writeCounters(dir.resolve("history.om"), "http_requests", List.of(
                new Series(Map.of("service", service, "code", "200"), ok),
                new Series(Map.of("service", service, "code", "500"), errors)));
        Path tsdb = createBlocks(file, dir.resolve("tsdb"));
        try {
            Files.delete(file);
        } catch (IOException ignored) {
            // only disk space
        }
        return tsdb;
    }
}
