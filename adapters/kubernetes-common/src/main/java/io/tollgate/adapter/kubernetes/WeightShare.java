package io.tollgate.adapter.kubernetes;

import java.util.Locale;

/** The canary's share of two relative weights, as a whole percent when it is one. */
public final class WeightShare {
    private WeightShare() {
    }

    /** {@code canary·100/(stable+canary)}, or null when both are 0 or the share is not a whole percent (see {@link #why}). */
    public static Integer percent(long stable, long canary) {
        long sum = stable + canary;
        if (sum <= 0 || canary * 100 % sum != 0) {
            return null;
        }
        return (int) (canary * 100 / sum);
    }

    /** Why {@link #percent} gave null. */
    public static String why(long stable, long canary) {
        long sum = stable + canary;
        if (sum <= 0) {
            return "weights stable " + stable + ", canary " + canary + ": traffic goes to neither";
        }
        return "weights stable " + stable + ", canary " + canary + ": canary share "
                + String.format(Locale.ROOT, "%.2f", canary * 100.0 / sum) + "% is not a whole percent";
    }
}
