import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The measuring half of bench/audit-verify.sh, against a running Tollgate over HTTP (its real services):
 * <ol>
 *   <li>{@code GET /v1/audit/verify} (the whole chain) once: records/s = recordsChecked / the request's time;</li>
 *   <li>NEW gate checks ({@code POST /v1/gates/check}, 16 clients) appending NEW records through the service;</li>
 *   <li>{@code GET /v1/audit/verify?from=verified}: only the records after the point step 1 verified;</li>
 *   <li>p50/p95 of {@code GET /v1/decisions?service=svc-NNN&limit=100} (a random one of SERVICES services) and of
 *       {@code GET /v1/audit/events?limit=100}, QUERIES sequential requests each after 300 warm-up requests;</li>
 *   <li>with the superuser JDBC URL: EXPLAIN ANALYZE of both queries as the service issues them, and the table's size.</li>
 * </ol>
 * Every step also reports the CPU time it took (from /proc: the service's JVM, and PostgreSQL's processes, children of
 * POSTMASTER_PID), which does not depend on what else the machine runs, and {@code cpu_bound_2core_records_per_s}:
 * the rate if both cores did nothing else and the work spread over them perfectly, records / ((jvm + pg) / 2).
 *
 * <p>Usage: {@code java -cp 'tollgate.jar:libs/*' bench/AuditBench.java BASE_URL TOKEN SUPERUSER_JDBC_URL SU_PASSWORD
 * SERVICE_PID POSTMASTER_PID [NEW=10000] [QUERIES=500] [SERVICES=50]}
 */
public class AuditBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String base;
    private static String token;

    public static void main(String[] args) throws Exception {
        base = args[0];
        token = args[1];
        String jdbc = args[2];
        String suPassword = args[3];
        servicePid = Long.parseLong(args[4]);
        postmasterPid = Long.parseLong(args[5]);
        int fresh = args.length > 6 ? Integer.parseInt(args[6]) : 10_000;
        int queries = args.length > 7 ? Integer.parseInt(args[7]) : 500;
        int services = args.length > 8 ? Integer.parseInt(args[8]) : 50;

        if (!"1".equals(System.getenv("BENCH_QUERIES_ONLY"))) {
            verify(fresh, services);
        }
        queries(jdbc, suPassword, queries, services);
    }

    private static void verify(int fresh, int services) throws Exception {
        // Twice: the first right after start (the JIT compiling as it goes), the second as a running service verifies.
        JsonNode full = null;
        for (String run : List.of("first", "second")) {
            var cpu = Cpu.now();
            long t0 = System.nanoTime();
            full = get("/v1/audit/verify");
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            long records = full.path("recordsChecked").asLong();
            var used = Cpu.now().minus(cpu);
            System.out.printf("FULL_VERIFY (%s) records=%d seconds=%.2f records_per_s=%.0f intact=%s signed_through=%d %s "
                            + "cpu_bound_2core_records_per_s=%.0f%n", run, records, fullSeconds, records / fullSeconds,
                    full.path("intact").asBoolean(), full.path("signedThroughSeq").asLong(), used.perRecord(records),
                    records / ((used.jvm() + used.pg()) / 2));
        }
        require(full.path("intact").asBoolean(), "the seeded chain is not intact: " + full.path("problems"));

        long t0 = System.nanoTime();
        appendChecks(fresh, 16, services);
        System.out.printf("APPENDED checks=%d seconds=%.1f (through POST /v1/gates/check)%n", fresh, (System.nanoTime() - t0) / 1e9);

        var cpu = Cpu.now();
        t0 = System.nanoTime();
        JsonNode incremental = get("/v1/audit/verify?from=verified");
        double incSeconds = (System.nanoTime() - t0) / 1e9;
        var used = Cpu.now().minus(cpu);
        System.out.printf("INCREMENTAL_VERIFY from_seq=%d records=%d head_seq=%d seconds=%.3f intact=%s jvm_cpu_s=%.2f pg_cpu_s=%.2f%n",
                incremental.path("fromSeq").asLong(), incremental.path("recordsChecked").asLong(), incremental.path("headSeq").asLong(),
                incSeconds, incremental.path("intact").asBoolean(), used.jvm(), used.pg());
        require(incremental.path("intact").asBoolean() && incremental.path("fromSeq").asLong() == full.path("headSeq").asLong(),
                "incremental verify did not continue from the full one: " + incremental);

    }

    private static void queries(String jdbc, String suPassword, int queries, int services) throws Exception {
        var random = ThreadLocalRandom.current();
        latency("GET /v1/decisions?service=svc-NNN&limit=100", queries,
                () -> "/v1/decisions?service=svc-%03d&limit=100".formatted(random.nextInt(services)), 100);
        latency("GET /v1/audit/events?limit=100", queries, () -> "/v1/audit/events?limit=100", 100);

        try (var c = DriverManager.getConnection(jdbc, "postgres", suPassword); var st = c.createStatement()) {
            for (String sql : List.of(
                    "select * from audit_event where kind = 'decision' and (payload ->> 'service') = 'svc-007' order by seq desc limit 101",
                    "select * from audit_event order by seq desc limit 101")) {
                System.out.println("EXPLAIN ANALYZE " + sql);
                try (var rs = st.executeQuery("explain (analyze, buffers) " + sql)) {
                    while (rs.next()) {
                        System.out.println("  " + rs.getString(1));
                    }
                }
            }
            try (var rs = st.executeQuery("""
                    select pg_size_pretty(pg_total_relation_size('audit_event')), pg_size_pretty(pg_relation_size('audit_event')),
                           pg_size_pretty(pg_indexes_size('audit_event')), (select count(*) from audit_event where signature is not null),
                           (select round(avg(octet_length(payload::text))) from (select payload from audit_event order by seq desc limit 10000) p)""")) {
                rs.next();
                System.out.printf("TABLE total=%s heap=%s indexes=%s signed_records=%s payload_text_bytes_avg=%s%n",
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
            }
        }
    }

    private static long servicePid;
    private static long postmasterPid;

    /** CPU seconds (user + system) of the service's JVM and of PostgreSQL's processes, from /proc. */
    record Cpu(double jvm, double pg) {
        static Cpu now() throws Exception {
            double pg = 0;
            try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                for (var dir : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    long[] stat = stat(dir);
                    if (stat != null && (stat[0] == postmasterPid || Long.parseLong(dir.getFileName().toString()) == postmasterPid)) {
                        pg += stat[1] / 100.0;
                    }
                }
            }
            return new Cpu(stat(java.nio.file.Path.of("/proc/" + servicePid))[1] / 100.0, pg);
        }

        /** {parent pid, utime + stime in clock ticks}, or null for a process that ended meanwhile. */
        private static long[] stat(java.nio.file.Path dir) {
            try {
                String text = java.nio.file.Files.readString(dir.resolve("stat"));
                String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
            } catch (Exception e) {
                return null;
            }
        }

        Cpu minus(Cpu before) {
            return new Cpu(jvm - before.jvm, pg - before.pg);
        }

        String perRecord(long records) {
            return "jvm_cpu_s=%.2f pg_cpu_s=%.2f cpu_us_per_record: jvm=%.1f pg=%.1f".formatted(jvm, pg, jvm * 1e6 / records, pg * 1e6 / records);
        }
    }

    interface PathSupplier {
        String next();
    }

    private static void latency(String name, int n, PathSupplier path, int expectedItems) throws Exception {
        // Warm-up: right after start the JIT's compiler threads would be most of the service's CPU per request.
        for (int i = 0; i < 300; i++) {
            get(path.next());
        }
        long[] micros = new long[n];
        var cpu = Cpu.now();
        for (int i = 0; i < n; i++) {
            String p = path.next();
            long t0 = System.nanoTime();
            JsonNode page = get(p);
            micros[i] = (System.nanoTime() - t0) / 1000;
            require(page.path("items").size() == expectedItems, name + ": expected " + expectedItems + " items, got " + page.path("items").size());
        }
        var used = Cpu.now().minus(cpu);
        Arrays.sort(micros);
        System.out.printf("QUERY %s n=%d p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms cpu_per_request: jvm=%.2f ms pg=%.2f ms "
                        + "(service JVM and PostgreSQL; the client's own CPU not counted)%n", name, n, micros[n / 2] / 1000.0,
                micros[(int) (n * 0.95)] / 1000.0, micros[(int) (n * 0.99)] / 1000.0, micros[n - 1] / 1000.0,
                used.jvm() * 1000 / n, used.pg() * 1000 / n);
    }

    private static void appendChecks(int n, int clients, int services) throws Exception {
        var left = new AtomicInteger(n);
        var failures = new AtomicInteger();
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                var random = ThreadLocalRandom.current();
                while (left.getAndDecrement() > 0) {
                    String body = """
                            {"service":"svc-%03d","version":"1.4.%d","environment":"production","stage":"canary-5",
                             "change":{"commit":"9f2c1e7","pipeline":"build-812","author":"dana","approvals":["lee"]}}"""
                            .formatted(random.nextInt(services), random.nextInt(20));
                    try {
                        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/gates/check"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (var t : threads) {
            t.join();
        }
        require(failures.get() == 0, failures.get() + " of " + n + " checks were not answered 200");
    }

    private static JsonNode get(String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        require(response.statusCode() == 200, path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            System.err.println("AuditBench: " + problem);
            System.exit(1);
        }
    }
}
