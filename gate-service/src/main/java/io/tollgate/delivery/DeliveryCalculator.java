package io.tollgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The five metrics from release records, without I/O or clock: the same records and window always give the same
 * numbers (docs/delivery-metrics.md has the definitions). Records of several services and environments may be mixed;
 * {@link #computeAll} groups them.
 */
public final class DeliveryCalculator {
    /** How long after a deployment an emergency release still counts as fixing it. */
    public static final Duration FOLLOW_UP = Duration.ofHours(24);

    private DeliveryCalculator() {
    }

    /** One result per service and environment that has any record, sorted by service then environment. */
    public static List<DeliveryMetrics> computeAll(List<DeliveryRecord> records, Instant from, Instant to) {
        Map<List<String>, List<DeliveryRecord>> groups = records.stream().collect(Collectors.groupingBy(
                r -> List.of(r.service(), r.environment()), () -> new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                        .thenComparing(k -> k.get(1))), Collectors.toList()));
        return groups.entrySet().stream().map(e -> compute(e.getKey().get(0), e.getKey().get(1), e.getValue(), from, to)).toList();
    }

    /** The metrics of {@code service} in {@code environment} over {@code [from, to)} from its records (others are ignored). */
    public static DeliveryMetrics compute(String service, String environment, List<DeliveryRecord> all, Instant from, Instant to) {
        var records = all.stream().filter(r -> r.service().equals(service) && r.environment().equals(environment))
                .sorted(Comparator.comparing(DeliveryRecord::createdAt).thenComparing(DeliveryRecord::releaseId)).toList();
        var promoted = records.stream().filter(r -> in(r.promotedAt(), from, to)).toList();
        var deployments = records.stream().filter(r -> in(r.deployedAt(), from, to)).toList();
        double days = Duration.between(from, to).toSeconds() / 86_400.0;
        var frequency = new DeliveryMetrics.Frequency(promoted.size(), days > 0 ? promoted.size() / days : 0);

        var failures = new ArrayList<DeliveryMetrics.Failure>();
        for (var d : deployments) {
            var failure = failure(d, records);
            if (failure != null) {
                failures.add(failure);
            }
        }
        long rework = promoted.stream().filter(DeliveryRecord::emergency).count();
        return new DeliveryMetrics(service, environment, from, to, frequency, leadTime(promoted),
                new DeliveryMetrics.FailRate(deployments.size(), failures.size(), ratio(failures.size(), deployments.size()), failures),
                recovery(failures),
                new DeliveryMetrics.Rework(promoted.size(), (int) rework, ratio(rework, promoted.size())));
    }

    private static DeliveryMetrics.LeadTime leadTime(List<DeliveryRecord> promoted) {
        var times = new ArrayList<Duration>();
        var without = new ArrayList<java.util.UUID>();
        for (var r : promoted) {
            if (r.committedAt() == null || r.committedAt().isAfter(r.promotedAt())) {
                without.add(r.releaseId());
            } else {
                times.add(Duration.between(r.committedAt(), r.promotedAt()));
            }
        }
        return new DeliveryMetrics.LeadTime(times.size(), percentile(times, 0.5), percentile(times, 0.9), without);
    }

    /** Null when {@code d} did not fail. */
    private static DeliveryMetrics.Failure failure(DeliveryRecord d, List<DeliveryRecord> records) {
        DeliveryMetrics.Cause cause = null;
        java.util.UUID followedBy = null;
        if (d.rolledBackAt() != null) {
            cause = DeliveryMetrics.Cause.ROLLED_BACK;
        } else {
            // Only the very next release of the service and environment can be the fix of this one.
            var next = records.stream().filter(r -> r.createdAt().isAfter(d.deployedAt())).findFirst();
            if (next.isPresent() && next.get().emergency()
                    && Duration.between(d.deployedAt(), next.get().createdAt()).compareTo(FOLLOW_UP) <= 0) {
                cause = DeliveryMetrics.Cause.EMERGENCY_FOLLOW_UP;
                followedBy = next.get().releaseId();
            }
        }
        if (cause == null) {
            return null;
        }
        Instant live = d.liveSince() != null ? d.liveSince() : d.deployedAt();
        Instant recovered = d.restoredAt();
        for (var r : records) {
            if (!r.releaseId().equals(d.releaseId()) && r.promotedAt() != null && r.promotedAt().isAfter(live)
                    && (recovered == null || r.promotedAt().isBefore(recovered))) {
                recovered = r.promotedAt();
            }
        }
        return new DeliveryMetrics.Failure(d.releaseId(), cause, followedBy, live, recovered);
    }

    private static DeliveryMetrics.Recovery recovery(List<DeliveryMetrics.Failure> failures) {
        var times = failures.stream().map(DeliveryMetrics.Failure::recoveryTime).filter(java.util.Objects::nonNull).toList();
        var unrecovered = failures.stream().filter(f -> f.recoveredAt() == null).map(DeliveryMetrics.Failure::releaseId).toList();
        return new DeliveryMetrics.Recovery(failures.size(), times.size(), percentile(times, 0.5), percentile(times, 0.9), unrecovered);
    }

    /** Linear interpolation between closest ranks (PostgreSQL's percentile_cont); null for no values. */
    static Duration percentile(List<Duration> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        var sorted = values.stream().sorted().toList();
        double pos = p * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        long loMs = sorted.get(lo).toMillis();
        long hiMs = sorted.get(hi).toMillis();
        return Duration.ofMillis(Math.round(loMs + (pos - lo) * (hiMs - loMs)));
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static boolean in(Instant at, Instant from, Instant to) {
        return at != null && !at.isBefore(from) && at.isBefore(to);
    }
}
