package io.tollgate.http;

import io.tollgate.delivery.DeliveryMetrics;
import io.tollgate.delivery.DeliveryWindow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shape of {@link DeliveryMetrics}: times in seconds, null where there is nothing to compute from. */
final class DeliveryMetricsJson {
    private DeliveryMetricsJson() {
    }

    static Map<String, Object> of(DeliveryMetrics m, DeliveryWindow window) {
        var body = new LinkedHashMap<String, Object>();
        body.put("service", m.service());
        body.put("environment", m.environment());
        body.put("window", window.text());
        body.put("from", m.from().toString());
        body.put("to", m.to().toString());
        var f = new LinkedHashMap<String, Object>();
        f.put("deployments", m.frequency().deployments());
        f.put("perDay", m.frequency().perDay());
        body.put("deploymentFrequency", f);
        var lead = new LinkedHashMap<String, Object>();
        lead.put("releases", m.leadTime().releases());
        lead.put("medianSeconds", seconds(m.leadTime().median()));
        lead.put("p90Seconds", seconds(m.leadTime().p90()));
        lead.put("withoutCommittedAt", ids(m.leadTime().withoutCommittedAt()));
        body.put("changeLeadTime", lead);
        var fail = new LinkedHashMap<String, Object>();
        fail.put("deployments", m.failRate().deployments());
        fail.put("failed", m.failRate().failed());
        fail.put("ratio", m.failRate().ratio());
        fail.put("failures", m.failRate().failures().stream().map(DeliveryMetricsJson::failure).toList());
        body.put("changeFailRate", fail);
        var rec = new LinkedHashMap<String, Object>();
        rec.put("failures", m.recovery().failures());
        rec.put("recovered", m.recovery().recovered());
        rec.put("medianSeconds", seconds(m.recovery().median()));
        rec.put("p90Seconds", seconds(m.recovery().p90()));
        rec.put("unrecovered", ids(m.recovery().unrecovered()));
        body.put("failedDeploymentRecoveryTime", rec);
        var rework = new LinkedHashMap<String, Object>();
        rework.put("deployments", m.rework().deployments());
        rework.put("rework", m.rework().rework());
        rework.put("ratio", m.rework().ratio());
        body.put("deploymentReworkRate", rework);
        return body;
    }

    private static Map<String, Object> failure(DeliveryMetrics.Failure f) {
        var out = new LinkedHashMap<String, Object>();
        out.put("releaseId", f.releaseId().toString());
        out.put("cause", f.cause().wire());
        out.put("followedBy", f.followedBy() == null ? null : f.followedBy().toString());
        out.put("liveSince", f.liveSince().toString());
        out.put("recoveredAt", f.recoveredAt() == null ? null : f.recoveredAt().toString());
        out.put("recoverySeconds", seconds(f.recoveryTime()));
        return out;
    }

    private static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    private static List<String> ids(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }
}
