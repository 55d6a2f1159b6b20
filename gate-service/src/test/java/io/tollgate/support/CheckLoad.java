package io.tollgate.support;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * A bounded, closed-loop load of gate checks for fault tests: {@code workers} threads, each sending one check, waiting
 * for its answer (at most {@link #REQUEST_TIMEOUT}), pausing {@code pace} and sending the next, until {@link #stop()} or
 * a number of checks per worker. Every attempt is kept as a {@link Sent}, answered or not, so a test can say how long
 * checks waited, when the service answered again, and whether every acknowledged decision is in the log.
 */
public final class CheckLoad implements AutoCloseable {
    /** Longer than any answer may take: a check still unanswered then counts as hung ({@link Sent#status()} -1). */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final HttpRequest request;
    private final Duration pace;
    private final int perWorker;
    private volatile boolean running = true;

    /**
     * One attempt: when it started and how long it took (nanoTime); the HTTP status (-1: no answer, see {@code error});
     * from a 200 the decision id, outcome and reason codes; from any other answer the error body's {@code code}
     * ({@code errorCode}) and the body itself ({@code error}).
     */
    public record Sent(long startedNanos, long tookNanos, int status, String decisionId, String outcome, List<String> codes,
                       String errorCode, String error) {
        public boolean acknowledged() {
            return status == 200 && decisionId != null;
        }

        public long endedNanos() {
            return startedNanos + tookNanos;
        }

        public Duration took() {
            return Duration.ofNanos(tookNanos);
        }
    }

    private CheckLoad(String baseUrl, String token, String body, Duration pace, int perWorker) {
        this.request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/gates/check")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        this.pace = pace;
        this.perWorker = perWorker;
    }

    /** {@code workers} threads checking {@code body} against the Tollgate at {@code baseUrl}, {@code pace} apart, until stopped. */
    public static CheckLoad start(String baseUrl, String token, String body, int workers, Duration pace) {
        return start(new CheckLoad(baseUrl, token, body, pace, Integer.MAX_VALUE), workers);
    }

    /** {@code workers} threads checking the standard request as the CI, back to back, at most {@code perWorker} each. */
    public static CheckLoad start(ApiClient api, int workers, int perWorker) {
        return start(new CheckLoad(api.baseUrl(), CI_TOKEN, aCheck().json().toString(), Duration.ZERO, perWorker), workers);
    }

    private static CheckLoad start(CheckLoad load, int workers) {
        for (int i = 0; i < workers; i++) {
            load.threads.add(Thread.ofPlatform().daemon().name("check-load-" + i).start(load::work));
        }
        return load;
    }

    /** Every attempt so far (those in flight not included). */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The decision ids answered 200: what the service acknowledged. */
    public Set<String> acknowledged() {
        return sent.stream().filter(Sent::acknowledged).map(Sent::decisionId).collect(Collectors.toSet());
    }

    public long count(int status) {
        return sent.stream().filter(s -> s.status() == status).count();
    }

    /** The first attempt started at or after {@code nanos} that was answered {@code status}. */
    public Optional<Sent> firstStartedAfter(long nanos, int status) {
        return sent.stream().filter(s -> s.startedNanos() >= nanos && s.status() == status).min(Comparator.comparingLong(Sent::endedNanos));
    }

    /**
     * The log holds every acknowledged decision, in one intact chain; anything else in it is at most one record per check
     * answered 503 (a commit whose outcome its caller never learned: recorded, never acknowledged).
     */
    public void assertLogHoldsEveryAcknowledged(ApiClient api) {
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

    /** Stops the workers, waits for the attempts in flight to end (each is bounded), and returns every attempt. */
    public List<Sent> stop() throws InterruptedException {
        running = false;
        for (var t : threads) {
            t.join(REQUEST_TIMEOUT.plusSeconds(10).toMillis());
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " still waits for an answer " + REQUEST_TIMEOUT.plusSeconds(10) + " after stop");
            }
        }
        return sent();
    }

    /** Stops at once: attempts in flight are interrupted (use {@link #stop()} to keep their answers). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (var t : threads) {
            t.interrupt();
            t.join(5_000);
        }
    }

    private void work() {
        for (int i = 0; i < perWorker && running; i++) {
            sent.add(send());
            try {
                Thread.sleep(pace.toMillis()); // pacing the load, not waiting for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sent send() {
        long started = System.nanoTime();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - started;
            JsonNode json = parse(response.body());
            if (response.statusCode() != 200) {
                return new Sent(started, took, response.statusCode(), null, null, List.of(),
                        json != null ? json.path("code").asText(null) : null, response.body());
            }
            var codes = new ArrayList<String>();
            json.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
            return new Sent(started, took, 200, json.path("decisionId").asText(null), json.path("outcome").asText(null), codes,
                    null, null);
        } catch (HttpTimeoutException e) {
            return new Sent(started, System.nanoTime() - started, -1, null, null, List.of(), null, "no answer within " + REQUEST_TIMEOUT);
        } catch (IOException e) {
            return new Sent(started, System.nanoTime() - started, -1, null, null, List.of(), null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(started, System.nanoTime() - started, -1, null, null, List.of(), null, "interrupted");
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
