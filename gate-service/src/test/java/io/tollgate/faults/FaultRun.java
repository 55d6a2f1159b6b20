package io.tollgate.faults;

import io.tollgate.support.CheckLoad;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.ApiClient;
import io.tollgate.testsupport.Eventually;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One fault under load: the {@link CheckLoad}, the moments (nanoTime) the test marks, waits on what the answers
 * show, and the checks every fault test ends with. Reports one line per fault on stdout ({@code FAULT …}).
 */
final class FaultRun implements AutoCloseable {
    /** Workers and pause between checks: about 100 checks/s at most, a bounded load on a shared 2-core machine. */
    static final int WORKERS = 4;
    static final Duration PACE = Duration.ofMillis(40);
    /** Longest wait for answers to show something; longer than every stated recovery bound, so a slow one is measured. */
    private static final Duration AWAIT = Duration.ofSeconds(90);

    private final CheckLoad load;
    private final long startedAt;

    private FaultRun(CheckLoad load, long startedAt) {
        this.load = load;
        this.startedAt = startedAt;
    }

    /** Starts the load on the Tollgate at {@code baseUrl}. */
    static FaultRun start(String baseUrl, String token, String body) {
        long started = System.nanoTime();
        return new FaultRun(CheckLoad.start(baseUrl, token, body, WORKERS, PACE), started);
    }

    long startedAt() {
        return startedAt;
    }

    long now() {
        return System.nanoTime();
    }

    Duration since(long from, long to) {
        return Duration.ofNanos(to - from);
    }

    /**
     * Waits until {@code count} checks started after {@code since} were answered {@code outcome}; returns them by
     * the time they ended, the first ending at most 20 ms before this returns.
     */
    List<CheckLoad.Sent> awaitOutcomes(String what, int count, String outcome, long since) {
        try {
            return Eventually.await(what, AWAIT, Duration.ofMillis(20),
                    () -> load.sent().stream().filter(s -> s.startedNanos() > since && outcome.equals(s.outcome()))
                            .sorted(Comparator.comparingLong(CheckLoad.Sent::endedNanos)).toList(),
                    answers -> answers.size() >= count);
        } catch (AssertionError e) {
            var seen = load.sent().stream().filter(s -> s.startedNanos() > since).toList();
            throw new AssertionError(e.getMessage() + "; answers meanwhile: " + summary(seen), e);
        }
    }

    /** Counts by outcome (or HTTP status, or "no answer"). */
    private static Map<String, Long> summary(List<CheckLoad.Sent> answers) {
        return answers.stream().collect(Collectors.groupingBy(
                s -> s.status() == 200 ? s.outcome() + " " + s.codes() : s.status() == -1 ? "no answer" : "HTTP " + s.status(),
                TreeMap::new, Collectors.counting()));
    }

    /** The checks that started after {@code from} and ended before {@code to}: wholly inside that span. */
    List<CheckLoad.Sent> startedBetween(long from, long to) {
        return load.sent().stream().filter(s -> s.startedNanos() > from && s.endedNanos() < to).toList();
    }

    /** Stops the load and returns every check sent. */
    List<CheckLoad.Sent> finish() throws InterruptedException {
        return load.stop();
    }

    /** Prints {@code FAULT <fault>: <counts>; <detail>} (read by docs/operations.md's fault table). */
    void report(String fault, List<CheckLoad.Sent> all, String detail) {
        Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(
                s -> s.status() == 200 ? s.outcome() : s.status() == -1 ? "no answer" : "HTTP " + s.status(), TreeMap::new, Collectors.counting()));
        System.out.println("FAULT " + fault + ": " + all.size() + " checks " + counts + ", " + latency(all) + "; " + detail
                + "; load average " + loadAverage());
    }

    /** "p50 X ms, max Y ms (n N)" of the answers' times, for reports. */
    static String latency(List<CheckLoad.Sent> answers) {
        var ms = answers.stream().mapToLong(s -> s.took().toMillis()).sorted().toArray();
        return ms.length == 0 ? "no answers" : "p50 " + ms[ms.length / 2] + " ms, max " + ms[ms.length - 1] + " ms (n " + ms.length + ")";
    }

    /** The 1-minute load average (the machine is shared: timings mean little without it). */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Acknowledged == recorded: the decisions answered 200 are exactly the decisions in the log, each reads back as
     * answered, and the chain verifies intact over exactly that many records.
     */
    void assertEveryAcknowledgedRecordedAndNothingElse(ApiClient api, String token, List<CheckLoad.Sent> all) {
        var acknowledged = all.stream().filter(CheckLoad.Sent::acknowledged).toList();
        var ids = acknowledged.stream().map(CheckLoad.Sent::decisionId).collect(Collectors.toSet());
        assertThat(LogAudit.recordedDecisionIds(api, token)).as("decisions in the log vs decisions acknowledged").isEqualTo(ids);
        LogAudit.assertRecordedAsAnswered(api, token, acknowledged);
        assertThat(LogAudit.assertChainIntact(api, token).get("recordsChecked").asLong()).isEqualTo(acknowledged.size());
    }

    @Override
    public void close() throws InterruptedException {
        load.close();
    }
}
