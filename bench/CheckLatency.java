import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Bounded latency loop for POST /v1/gates/check on loopback: sequential, then with concurrent clients.
 * Usage: java bench/CheckLatency.java BASE_URL TOKEN [requests=2000] [warmup=300] [maxSeconds=120] [clients=8]
 * Each request is a full check: validation, Wasm policy evaluation and the audit-log commit.
 */
public class CheckLatency {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        long deadline = System.nanoTime() + Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 120).toNanos();
        String body = """
                {"service":"checkout","version":"1.4.2","environment":"production","stage":"canary-5",
                 "change":{"commit":"9f2c1e7","pipeline":"build-812","author":"dana","approvals":["lee"]}}""";
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var request = HttpRequest.newBuilder(URI.create(base + "/v1/gates/check"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < warmup && System.nanoTime() < deadline; i++) {
            send(http, request);
        }
        long[] micros = new long[n];
        int done = 0;
        long started = System.nanoTime();
        while (done < n && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            send(http, request);
            micros[done++] = (System.nanoTime() - t0) / 1_000;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = Arrays.copyOf(micros, done);
        Arrays.sort(sorted);
        System.out.printf("requests=%d sequential, %.1f req/s%n", done, done / seconds);
        System.out.printf("median=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms%n",
                pct(sorted, 50) / 1000.0, pct(sorted, 90) / 1000.0, pct(sorted, 99) / 1000.0, sorted[done - 1] / 1000.0);

        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        concurrent(http, request, clients, n, deadline);
    }

    /** {@code clients} threads share {@code total} checks; the same deadline bounds the whole run. */
    private static void concurrent(HttpClient http, HttpRequest request, int clients, int total, long deadline) throws Exception {
        var latencies = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
        var remaining = new java.util.concurrent.atomic.AtomicInteger(total);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    send(http, request);
                    latencies.add((System.nanoTime() - t0) / 1_000);
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("requests=%d with %d concurrent clients, %.1f req/s%n", sorted.length, clients, sorted.length / seconds);
        System.out.printf("median=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms%n",
                pct(sorted, 50) / 1000.0, pct(sorted, 90) / 1000.0, pct(sorted, 99) / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        var res = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("check answered " + res.statusCode() + ": " + res.body());
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
