package io.tollgate.support;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A bounded load of gate checks from a few client threads, every answer kept with when it was asked and
 * answered: what fault tests need to say how long checks waited, when the service answered again, and
 * whether every acknowledged decision is in the log.
 */
public final class CheckLoad implements AutoCloseable {
    /** One check: its HTTP status (-1: no answer at all), the decision id of a 200, the error code of a 503. */
    public record Answered(long askedNanos, long answeredNanos, int status, String decisionId, String code) {
        public Duration took() {
            return Duration.ofNanos(answeredNanos - askedNanos);
        }
    }

    private final ApiClient api;
    private final ConcurrentLinkedQueue<Answered> answers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();

    private CheckLoad(ApiClient api) {
        this.api = api;
    }

    /** {@code clients} threads, each checking one after another until {@link #close()} or {@code perClient} checks. */
    public static CheckLoad start(ApiClient api, int clients, int perClient) {
        var load = new CheckLoad(api);
        for (int c = 0; c < clients; c++) {
            load.clients.add(Thread.ofPlatform().daemon().name("check-load-" + c).start(() -> {
                for (int i = 0; i < perClient && !load.stop.get(); i++) {
                    load.answers.add(load.checkOnce());
                }
            }));
        }
        return load;
    }

    private Answered checkOnce() {
        long asked = System.nanoTime();
        try {
            var answer = api.check(CI_TOKEN, aCheck().json());
            var json = answer.json();
            return new Answered(asked, System.nanoTime(), answer.status(),
                    answer.status() == 200 ? json.get("decisionId").asText() : null,
                    json != null && json.has("code") ? json.get("code").asText() : null);
        } catch (RuntimeException e) {
            return new Answered(asked, System.nanoTime(), -1, null, String.valueOf(e));
        }
    }

    public List<Answered> answers() {
        return List.copyOf(answers);
    }

    public Set<String> acknowledged() {
        return answers.stream().filter(a -> a.status() == 200).map(Answered::decisionId).collect(Collectors.toSet());
    }

    public long count(int status) {
        return answers.stream().filter(a -> a.status() == status).count();
    }

    /** The first check asked at or after {@code nanos} that was answered {@code status}. */
    public Optional<Answered> firstAskedAfter(long nanos, int status) {
        return answers.stream().filter(a -> a.askedNanos() >= nanos && a.status() == status)
                .min(java.util.Comparator.comparingLong(Answered::answeredNanos));
    }

    /**
     * The log holds every acknowledged decision, in one intact chain; anything else in it is at most one record
     * per check answered 503 (a commit whose outcome its caller never learned: recorded, never acknowledged).
     */
    public void assertLogHoldsEveryAcknowledged() {
        var verify = api.get("/v1/audit/verify", ADMIN_TOKEN);
        assertThat(verify.status()).as(verify.text()).isEqualTo(200);
        assertThat(verify.json().get("intact").asBoolean()).as(verify.text()).isTrue();
        var acknowledged = acknowledged();
        long recorded = verify.json().get("recordsChecked").asLong();
        assertThat(recorded).as("records in the log").isGreaterThanOrEqualTo(acknowledged.size())
                .isLessThanOrEqualTo(acknowledged.size() + count(503));
        for (var id : acknowledged) {
            assertThat(api.get("/v1/decisions/" + id, ADMIN_TOKEN).status()).as("acknowledged decision " + id).isEqualTo(200);
        }
    }

    /** Stops the clients and waits for their checks in flight. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (var t : clients) {
            t.join(Duration.ofSeconds(60));
        }
    }
}
