package io.tollgate.faults;

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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A bounded, closed-loop load of gate checks: {@code workers} threads, each sending one check, waiting for its answer
 * (at most {@link #REQUEST_TIMEOUT}) and pausing {@code pace} before the next, so a 2-core machine shared with the
 * processes under test is not saturated. Every attempt is kept as a {@link Sent}, answered or not.
 */
final class CheckLoad implements AutoCloseable {
    /** Longer than any answer may take: a check still unanswered then counts as hung ({@link Sent#status()} -1). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final URI checkUrl;
    private final String token;
    private final String body;
    private final Duration pace;
    private volatile boolean running = true;

    /**
     * One attempt: when it started and how long it took (nanoTime), the HTTP status (-1: no answer, see
     * {@code error}), and from a 200 the decision id, outcome and reason codes.
     */
    record Sent(long startedNanos, long tookNanos, int status, String decisionId, String outcome, List<String> codes, String error) {
        boolean acknowledged() {
            return status == 200 && decisionId != null;
        }

        long endedNanos() {
            return startedNanos + tookNanos;
        }

        Duration took() {
            return Duration.ofNanos(tookNanos);
        }
    }

    private CheckLoad(String baseUrl, String token, String body, Duration pace) {
        this.checkUrl = URI.create(baseUrl + "/v1/gates/check");
        this.token = token;
        this.body = body;
        this.pace = pace;
    }

    /** Starts {@code workers} threads checking {@code body} against the Tollgate at {@code baseUrl}. */
    static CheckLoad start(String baseUrl, String token, String body, int workers, Duration pace) {
        var load = new CheckLoad(baseUrl, token, body, pace);
        for (int i = 0; i < workers; i++) {
            load.threads.add(Thread.ofPlatform().daemon().name("check-load-" + i).start(load::work));
        }
        return load;
    }

    /** Every attempt so far (those in flight not included). */
    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The attempts that ended after {@code nanoTime} matching {@code which}. */
    List<Sent> endedAfter(long nanoTime, Predicate<Sent> which) {
        return sent.stream().filter(s -> s.endedNanos() > nanoTime && which.test(s)).toList();
    }

    /** The decision ids answered 200: what the service acknowledged. */
    Set<String> acknowledged() {
        return sent.stream().filter(Sent::acknowledged).map(Sent::decisionId).collect(Collectors.toSet());
    }

    /** Stops the workers, waits for the attempts in flight to end, and returns every attempt. */
    List<Sent> stop() throws InterruptedException {
        running = false;
        for (var t : threads) {
            t.join(REQUEST_TIMEOUT.plusSeconds(10).toMillis());
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " still waits for an answer " + REQUEST_TIMEOUT.plusSeconds(10) + " after stop");
            }
        }
        return sent();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (var t : threads) {
            t.interrupt();
            t.join(5_000);
        }
    }

    private void work() {
        var request = HttpRequest.newBuilder(checkUrl).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        while (running) {
            sent.add(send(request));
            try {
                Thread.sleep(pace.toMillis()); // pacing the load, not waiting for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sent send(HttpRequest request) {
        long started = System.nanoTime();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - started;
            if (response.statusCode() != 200) {
                return new Sent(started, took, response.statusCode(), null, null, List.of(), response.body());
            }
            JsonNode json = JSON.readTree(response.body());
            var codes = new ArrayList<String>();
            json.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
            return new Sent(started, took, 200, json.path("decisionId").asText(null), json.path("outcome").asText(null), codes, null);
        } catch (HttpTimeoutException e) {
            return new Sent(started, System.nanoTime() - started, -1, null, null, List.of(), "no answer within " + REQUEST_TIMEOUT);
        } catch (IOException e) {
            return new Sent(started, System.nanoTime() - started, -1, null, null, List.of(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(started, System.nanoTime() - started, -1, null, null, List.of(), "interrupted");
        }
    }
}
