package io.tollgate.analysis;

/**
 * One metric's result at one look, as a value with four phases (Argo's Successful/Failed/Inconclusive/Error):
 * {@link Pass} only at the end of a bake, {@link Fail} as soon as the e-value reaches 1/α (and from then on),
 * {@link Inconclusive} otherwise, {@link Error} when the counts could not be read (the test's state is unchanged).
 * Inconclusive never means rollback: it means "not enough data", for a human to judge after the bake.
 */
public sealed interface Measurement permits Measurement.Measured, Measurement.Error {

    /** The metric measured. */
    Metric metric();

    /** {@code pass}, {@code fail}, {@code inconclusive} or {@code error}. */
    String verdict();

    /** One sentence with the numbers, e.g. "canary error ratio 2.1% vs baseline 1.0% (ratio 2.1, e-value 143 ≥ 1/α = 100) after 41,200 requests". */
    String explanation();

    /** A result the test produced from counts: it carries the numbers. */
    sealed interface Measured extends Measurement permits Pass, Fail, Inconclusive {

        /** The numbers behind the verdict. */
        Evidence evidence();

        @Override
        default Metric metric() {
            return evidence().metric();
        }

        @Override
        default String explanation() {
            return evidence().explain(verdict());
        }
    }

    /** No regression shown, and the upper confidence bound of the ratio is below the allowed maximum. */
    record Pass(Evidence evidence) implements Measured {
        @Override
        public String verdict() {
            return "pass";
        }
    }

    /** A regression shown at the metric's alpha; {@code failedAtLook} is the 0-based look where E first reached 1/α. */
    record Fail(Evidence evidence, int failedAtLook) implements Measured {
        @Override
        public String verdict() {
            return "fail";
        }
    }

    /** Not enough evidence either way yet. */
    record Inconclusive(Evidence evidence) implements Measured {
        @Override
        public String verdict() {
            return "inconclusive";
        }
    }

    /** The counts of this look could not be read; {@code reason} says why (e.g. "prometheus unreachable"). */
    record Error(Metric metric, String reason) implements Measurement {
        @Override
        public String verdict() {
            return "error";
        }

        @Override
        public String explanation() {
            return "canary " + metric.description() + " not measured: " + reason;
        }
    }
}
