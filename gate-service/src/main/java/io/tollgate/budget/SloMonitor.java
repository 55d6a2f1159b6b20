package io.tollgate.budget;

import io.tollgate.slo.Slo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Evaluates SLOs on demand (every gate check asks for its service's SLOs, fresh) and in the
 * background every {@code refreshInterval}, so the gauges stay current without traffic. The metrics
 * adapter's cache bounds how often the backend is really asked.
 */
public final class SloMonitor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SloMonitor.class.getName());
    private final SloCatalogHolder catalog;
    private final SloEvaluator evaluator;
    private final SloMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService refresher;

    public SloMonitor(SloCatalogHolder catalog, SloEvaluator evaluator, SloMetrics metrics, Clock clock, Duration refreshInterval) {
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.metrics = metrics;
        this.clock = clock;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "slo-refresher");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refreshAll, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fresh states of every SLO of {@code service} (empty when it has none). */
    public List<SloStatus> statesFor(String service) {
        return catalog.catalog().forService(service).stream().map(this::evaluate).toList();
    }

    /** Fresh states of every SLO. */
    public List<SloStatus> statesOfAll() {
        return catalog.catalog().slos().stream().map(this::evaluate).toList();
    }

    /** A fresh state of the named SLO, or empty when there is no such SLO. */
    public Optional<SloStatus> state(String name) {
        return catalog.catalog().find(name).map(this::evaluate);
    }

    /** Reloads the definitions; see {@link SloCatalogHolder#reload()}. */
    public List<String> reload() {
        List<String> problems = catalog.reload();
        if (problems.isEmpty()) {
            metrics.clear();
            refresher.execute(this::refreshAll);
        }
        return problems;
    }

    public SloCatalogHolder catalog() {
        return catalog;
    }

    /** Never throws: an unexpected failure is an unavailable state, so a gate holds instead of erroring. */
    private SloStatus evaluate(Slo slo) {
        var at = clock.instant();
        SloStatus s;
        try {
            s = evaluator.evaluate(slo, at);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SLO " + slo.name() + " could not be evaluated", e);
            s = new SloStatus(slo, at, "evaluation failed: " + e, null, List.of(), false, List.of());
        }
        metrics.record(s);
        return s;
    }

    private void refreshAll() {
        try {
            statesOfAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SLO refresh failed", e);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
