import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.json.Json;
import io.tollgate.policy.OpaServerPolicyEngine;
import io.tollgate.policy.PolicyBundle;
import io.tollgate.policy.PolicyEngine;
import io.tollgate.policy.PolicyResult;
import io.tollgate.policy.WasmPolicyEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One policy evaluation at a time, through both engines in one run: {@code embedded} (Wasm in-process)
 * and {@code opa-server} (REST to a real OPA). Times {@link PolicyEngine#evaluate} only (no HTTP route,
 * no audit log), sequentially and then with concurrent callers, and checks both engines agree.
 *
 * <p>Usage: {@code java -cp gate-service/target/tollgate.jar bench/PolicyEval.java OPA_URL INPUT_JSON
 * [n=20000] [warmup=3000] [threads=2] [maxSecondsPerPhase=60] [poolSize=4]}. Every phase is bounded by
 * both its count and its time, so a slow engine cannot make the run unbounded.
 */
public class PolicyEval {
    record Phase(String engine, String mode, int count, double seconds, long[] nanos) {
        double perSecond() {
            return count / seconds;
        }

        double pct(double p) {
            return nanos.length == 0 ? Double.NaN : nanos[Math.min(nanos.length - 1, (int) Math.ceil(p / 100 * nanos.length) - 1)] / 1_000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        URI opaUrl = URI.create(args[0]);
        JsonNode input = Json.mapper().readTree(Files.readString(Path.of(args[1])));
        int n = arg(args, 2, 20_000);
        int warmup = arg(args, 3, 3_000);
        int threads = arg(args, 4, 2);
        Duration maxPhase = Duration.ofSeconds(arg(args, 5, 60));
        int poolSize = arg(args, 6, 4);
        Duration timeout = Duration.ofSeconds(2);

        var results = new ArrayList<Phase>();
        Map<String, PolicyResult> answers = new LinkedHashMap<>();
        long built = System.nanoTime();
        try (var embedded = new WasmPolicyEngine(PolicyBundle.loadFromClasspath(), timeout, poolSize);
             var server = new OpaServerPolicyEngine(opaUrl, timeout)) {
            System.out.printf("embedded engine built in %.0f ms (pool %d)%n", (System.nanoTime() - built) / 1e6, poolSize);
            for (PolicyEngine engine : List.of(embedded, server)) {
                answers.put(engine.kind(), engine.evaluate(input));
                run(engine, input, warmup, 1, maxPhase); // JIT, connections, pool
                results.add(run(engine, input, n, 1, maxPhase));
                results.add(run(engine, input, n, threads, maxPhase));
            }
        }
        answers.forEach((kind, r) -> System.out.println(kind + " -> " + describe(r)));
        var verdicts = answers.values().stream().map(PolicyEval::describe).distinct().toList();
        if (verdicts.size() != 1 || !(answers.values().iterator().next() instanceof PolicyResult.Evaluated)) {
            System.out.println("ENGINES DISAGREE or failed: " + verdicts);
            System.exit(1);
        }
        System.out.printf("%-10s %-12s %7s %9s %9s %10s%n", "engine", "mode", "n", "p50 µs", "p99 µs", "evals/s");
        for (var p : results) {
            System.out.printf("%-10s %-12s %7d %9.1f %9.1f %10.0f%n", p.engine, p.mode, p.count, p.pct(50), p.pct(99), p.perSecond());
        }
        for (int i = 0; i < 2; i++) {
            Phase e = results.get(i);
            Phase s = results.get(i + 2);
            System.out.printf("%s: embedded/opa-server p50 ratio %.2f, throughput ratio %.2f -> faster: %s%n", e.mode,
                    e.pct(50) / s.pct(50), e.perSecond() / s.perSecond(), e.perSecond() >= s.perSecond() ? "embedded" : "opa-server");
        }
    }

    /** {@code total} evaluations shared by {@code threads} callers; stops early at {@code maxPhase}. */
    static Phase run(PolicyEngine engine, JsonNode input, int total, int threads, Duration maxPhase) throws Exception {
        long deadline = System.nanoTime() + maxPhase.toNanos();
        var remaining = new AtomicInteger(total);
        var failures = new AtomicInteger();
        var firstFailure = new java.util.concurrent.atomic.AtomicReference<String>();
        Callable<long[]> caller = () -> {
            long[] mine = new long[total];
            int k = 0;
            while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                PolicyResult r = engine.evaluate(input);
                mine[k++] = System.nanoTime() - t0;
                if (!(r instanceof PolicyResult.Evaluated)) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, describe(r));
                }
            }
            return Arrays.copyOf(mine, k);
        };
        var pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        var futures = new ArrayList<java.util.concurrent.Future<long[]>>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(caller));
        }
        long[] all = new long[0];
        for (var f : futures) {
            long[] part = f.get();
            long[] merged = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, merged, all.length, part.length);
            all = merged;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        if (failures.get() > 0) {
            System.out.println(engine.kind() + ": " + failures.get() + " evaluations were not Evaluated, first: " + firstFailure.get());
        }
        Arrays.sort(all);
        return new Phase(engine.kind(), threads == 1 ? "sequential" : threads + " threads", all.length, seconds, all);
    }

    static String describe(PolicyResult r) {
        return switch (r) {
            case PolicyResult.Evaluated e -> e.verdict().outcome() + " " + e.verdict().reasons();
            case PolicyResult.Unavailable u -> "UNAVAILABLE " + u.detail();
        };
    }

    static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
