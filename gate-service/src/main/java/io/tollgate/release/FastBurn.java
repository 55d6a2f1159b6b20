package io.tollgate.release;

import io.tollgate.budget.SloMonitor;
import java.util.List;

/** Which of a service's SLOs burn their error budget fast right now: the SLO half of a bake's regression check. */
@FunctionalInterface
public interface FastBurn {

    /** Names ({@code slo/rule}) of the firing burn-rate rules of severity {@code page} for {@code service}; empty when none. */
    List<String> firing(String service);

    /** From the service's SLO states, exactly as the gate sees them. */
    static FastBurn of(SloMonitor slos) {
        return service -> slos.statesFor(service).stream().flatMap(s -> s.burnRates().stream()
                .filter(b -> b.firing() && "page".equals(b.severity())).map(b -> s.slo().name() + "/" + b.name())).toList();
    }
}
