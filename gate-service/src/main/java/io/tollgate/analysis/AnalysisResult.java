package io.tollgate.analysis;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The analysis' verdict at one look over all its metrics: {@code fail} when any metric failed, {@code pass} (end of
 * bake only) when all passed, {@code error} when no metric failed but one could not be measured, else
 * {@code inconclusive}.
 *
 * @param verdict      pass, fail, inconclusive or error
 * @param looks        looks taken so far
 * @param failedAtLook the 0-based look at which the first metric failed, or null
 * @param measurements one per metric, in the analysis' order
 */
public record AnalysisResult(String verdict, int looks, Integer failedAtLook, List<Measurement> measurements) {

    public AnalysisResult {
        measurements = List.copyOf(measurements);
    }

    static AnalysisResult of(int looks, List<Measurement> measurements) {
        Integer failedAt = measurements.stream().filter(m -> m instanceof Measurement.Fail)
                .map(m -> ((Measurement.Fail) m).failedAtLook()).min(Integer::compare).orElse(null);
        String verdict = failedAt != null ? "fail"
                : !measurements.isEmpty() && measurements.stream().allMatch(m -> m instanceof Measurement.Pass) ? "pass"
                : measurements.stream().anyMatch(m -> m instanceof Measurement.Error) ? "error" : "inconclusive";
        return new AnalysisResult(verdict, looks, failedAt, measurements);
    }

    /** One sentence per metric that decides the verdict (the failing ones for fail; all of them otherwise). */
    public String explanation() {
        var deciding = measurements.stream()
                .filter(m -> !verdict.equals("fail") || m instanceof Measurement.Fail)
                .filter(m -> !verdict.equals("inconclusive") || !(m instanceof Measurement.Pass))
                .map(Measurement::explanation)
                .collect(Collectors.joining("; "));
        return deciding.isEmpty() ? "no metrics" : deciding;
    }
}
