package io.tollgate.support;

import io.tollgate.testsupport.CounterTarget;
import io.tollgate.testsupport.PrometheusFixture;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A service's HTTP counters ({@link CounterTarget}) scraped every second by a real Prometheus, and a Tollgate
 * whose SLO definitions (a resource directory) read them: the stack of every test that gates on live burn rates.
 */
public record LiveSlos(CounterTarget target, PrometheusFixture prometheus, TestTollgate tollgate) implements AutoCloseable {

    /** Starts the stack; {@code history} is a TSDB directory Prometheus starts from, or null for none. */
    public static LiveSlos start(String service, int requestsPerSecond, double errorRatio, Path history, String sloDir, String database) {
        var target = CounterTarget.start(service, requestsPerSecond, errorRatio);
        var prometheus = PrometheusFixture.builder();
        if (history != null) {
            prometheus.storageFrom(history);
        }
        var running = prometheus.scrapeTargets(target.hostPort()).scrapeInterval(Duration.ofSeconds(1)).start();
        running.awaitFirstScrape(target.hostPort(), Duration.ofSeconds(30));
        var tollgate = TestTollgate.builder().freshDatabase(database).realClock()
                .slos(Ports.resourceDir(sloDir), running.url()).start();
        return new LiveSlos(target, running, tollgate);
    }

    @Override
    public void close() {
        tollgate.close();
        prometheus.close();
        target.close();
    }
}
