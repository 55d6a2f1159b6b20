import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role;
import io.tollgate.config.ConfigLoader;
import io.tollgate.gate.GateCheckRequest;
import io.tollgate.gate.PolicyInputs;
import io.tollgate.config.PolicyConfig;
import io.tollgate.policy.PolicyEngine;
import io.tollgate.policy.PolicyEngines;
import io.tollgate.policy.PolicyResult;
import io.tollgate.policy.WasmPolicyEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The policy half of bench/throughput.sh's floor: N bare evaluations of the built-in bundle on the
 * embedded engine, with no HTTP and no audit log, by {@code threads} concurrent callers.
 *
 * <p>Usage (on the service's class path, as throughput.sh runs it):
 * {@code java -cp 'gate-service/target/tollgate.jar:gate-service/target/libs/*' bench/PolicyFloor.java CHECK_JSON N THREADS [MAX_SECONDS=60]}
 *
 * <p>The engine is built as the service builds it: the service's own default configuration
 * ({@code ConfigLoader} with the same {@code TOLLGATE_*} environment) through {@code PolicyEngines}, which
 * gives a {@link WasmPolicyEngine} on {@code classpath:policy/bundle.tar.gz} with the configured pool
 * size and timeout. The input mirrors {@code io.tollgate.gate.PolicyInputs} for the request in
 * CHECK_JSON (docs/examples/check.json), from the dev token's principal, with no SLOs.
 * It warms up for at most 5 s (as the service is warmed up before measuring), then evaluates N times
 * (fewer if MAX_SECONDS runs out first: per_s is then the rate of those done) and prints
 * {@code FLOOR_EVAL n=… threads=… pool=… seconds=… per_s=… mean_ms=… evaluated=… outcomes=…}.
 * Exits non-zero when any evaluation is not {@code Evaluated} (policy unavailable: timeout, overload).
 */
public class PolicyFloor {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PolicyFloor CHECK_JSON N THREADS [MAX_SECONDS=60]");
            System.exit(2);
        }
        JsonNode request = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
        int n = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        long maxNanos = (long) (Double.parseDouble(args.length > 3 ? args[3] : "60") * 1e9);

        PolicyConfig pc = ConfigLoader.load(null, System.getenv()).policy();
        try (PolicyEngine engine = PolicyEngines.create(pc)) {
            if (!(engine instanceof WasmPolicyEngine)) {
                throw new IllegalStateException("expected the embedded Wasm engine, the configuration gives " + engine.kind());
            }
            // Warm-up (at most 5 s): let the JIT compile the engine's and Chicory's hot paths, as the
            // service's warm-up run does for the service.
            run(engine, request, n, threads, System.nanoTime() + 5_000_000_000L);
            Result r = run(engine, request, n, threads, System.nanoTime() + maxNanos);
            System.out.printf("FLOOR_EVAL n=%d threads=%d pool=%d seconds=%.3f per_s=%.1f mean_ms=%.3f evaluated=%d outcomes=%s%n",
                    r.done, threads, pc.poolSize(), r.seconds, r.done / r.seconds, r.totalNanos / 1e6 / Math.max(1, r.done),
                    r.evaluated, r.outcomes);
            if (r.done < n) {
                System.err.printf("PolicyFloor: only %d of %d evaluations fit in %s s; per_s is their rate%n", r.done, n, maxNanos / 1e9);
            }
            if (r.evaluated != r.done) {
                System.err.printf("PolicyFloor: %d of %d evaluations did not evaluate (policy unavailable)%n", r.done - r.evaluated, r.done);
                System.exit(1);
            }
        }
    }

    record Result(int done, int evaluated, double seconds, long totalNanos, Map<String, Integer> outcomes) {
    }

    /** {@code threads} callers share {@code n} evaluations; the deadline bounds the whole run. */
    private static Result run(PolicyEngine engine, JsonNode request, int n, int threads, long deadline) throws Exception {
        var remaining = new AtomicInteger(n);
        var done = new AtomicInteger();
        var evaluated = new AtomicInteger();
        var nanos = new AtomicLong();
        var outcomes = new ConcurrentHashMap<String, Integer>();
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<?>>();
            long started = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        JsonNode input = input(request, Instant.now());
                        long t0 = System.nanoTime();
                        PolicyResult result = engine.evaluate(input);
                        nanos.addAndGet(System.nanoTime() - t0);
                        done.incrementAndGet();
                        if (result instanceof PolicyResult.Evaluated e) {
                            evaluated.incrementAndGet();
                            outcomes.merge(e.verdict().outcome().wire(), 1, Integer::sum);
                        } else {
                            outcomes.merge("unavailable", 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                f.get();
            }
            return new Result(done.get(), evaluated.get(), (System.nanoTime() - started) / 1e9, nanos.get(), Map.copyOf(outcomes));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The policy input for {@code request}, built by the service's own {@code PolicyInputs} (normalized
     * identities, skeletons, every key present), so the floor evaluates exactly what a check evaluates.
     */
    private static JsonNode input(JsonNode request, Instant now) {
        JsonNode c = request.path("change");
        var change = new GateCheckRequest.Change(c.path("commit").asText(), c.path("pipeline").asText(),
                c.path("author").asText(), texts(c.path("approvals")), texts(c.path("labels")));
        var check = new GateCheckRequest(request.path("service").asText(), request.path("version").asText(),
                request.path("environment").asText(), request.path("stage").asText(),
                request.hasNonNull("previousStage") ? request.get("previousStage").asText() : null, change,
                request.path("dryRun").asBoolean(false));
        return PolicyInputs.of(check, new Principal("dev-admin", Role.ADMIN), now, MAPPER.createArrayNode());
    }

    private static java.util.List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
