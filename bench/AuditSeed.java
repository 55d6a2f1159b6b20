import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tollgate.audit.GroupCommitAppender;
import io.tollgate.audit.JooqDecisionLog;
import io.tollgate.audit.JooqEventLog;
import io.tollgate.audit.NewDecision;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role;
import io.tollgate.config.ConfigLoader;
import io.tollgate.db.Database;
import io.tollgate.db.EmbeddedCredentials;
import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import io.tollgate.gate.GateCheckRequest;
import io.tollgate.gate.PolicyInputs;
import io.tollgate.json.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeds the audit log for bench/audit-verify.sh: appends gate decisions until the log holds N records, through the
 * service's real writer in this process ({@code JooqDecisionLog.append}: {@code GroupCommitAppender} batches,
 * {@code ChainWriter} chains, signs each batch's last record and inserts), from CLIENTS concurrent callers, so
 * batches (and signatures) form as they do under load. Configuration is the service's own ({@code ConfigLoader},
 * same {@code TOLLGATE_*} environment, same working directory): the embedded PostgreSQL, the signing key and the
 * checkpoint file are the ones the service started afterwards uses.
 *
 * <p>Seeding only, never measuring: while it appends, the service's role has {@code synchronous_commit = off}
 * (commits do not wait for their WAL flush; {@code fsync} itself stays on, the embedded server sets it on its
 * command line); afterwards it is reset, a CHECKPOINT makes everything durable, and VACUUM ANALYZE does what
 * autovacuum would do to an insert-only table (visibility map, statistics).
 *
 * <p>Decisions look like the service's own: the check request of docs/examples/check.json varied by service,
 * version and stage, the policy input built by {@code PolicyInputs} with two SLO states, reasons on denies.
 * SERVICES distinct services (svc-000, svc-001, ...), 1 in 5 decisions a deny.
 *
 * <p>Usage: {@code java -cp 'tollgate.jar:libs/*' bench/AuditSeed.java N [CLIENTS=64] [SERVICES=50]}; prints
 * {@code SEED records=… appended=… batches=… seconds=… per_s=…}.
 */
public class AuditSeed {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AuditSeed N [CLIENTS=64] [SERVICES=50]");
            System.exit(2);
        }
        long target = Long.parseLong(args[0]);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int services = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        var config = ConfigLoader.load(null, System.getenv());
        String role = config.database().user();
        long existing;
        // Opened twice: the pool's connections take the role's settings when they connect.
        try (var db = Database.open(config.database()); Connection su = superuser(config)) {
            existing = count(su);
            if (existing >= target) {
                System.out.printf("SEED records=%d appended=0 (already at least %d)%n", existing, target);
                return;
            }
            exec(su, "ALTER ROLE \"" + role + "\" SET synchronous_commit = off");
        }
        try (var db = Database.open(config.database()); Connection su = superuser(config)) {
            try {
                seed(db, config, existing, target, clients, services);
            } finally {
                exec(su, "ALTER ROLE \"" + role + "\" RESET synchronous_commit");
            }
            exec(su, "CHECKPOINT");
            exec(su, "VACUUM ANALYZE audit_event");
        }
    }

    private static Connection superuser(io.tollgate.config.TollgateConfig config) throws SQLException {
        var su = EmbeddedCredentials.read(EmbeddedCredentials.fileFor(config.database().dataDir().toAbsolutePath()))
                .orElseThrow(() -> new IllegalStateException("AuditSeed needs the embedded PostgreSQL (no TOLLGATE_DB_URL)"));
        return DriverManager.getConnection(su.jdbcUrl(), EmbeddedCredentials.SUPERUSER, su.superuserPassword());
    }

    private static void seed(Database db, io.tollgate.config.TollgateConfig config, long existing, long target, int clients,
                             int services) throws InterruptedException {
        var batches = new AtomicLong();
        var listener = new GroupCommitAppender.Listener() {
            @Override
            public void batchCommitted(int size, double seconds) {
                batches.incrementAndGet();
            }

            @Override
            public void batchFailed(int size) {
                throw new IllegalStateException("a batch of " + size + " failed");
            }
        };
        var left = new AtomicLong(target - existing);
        long started = System.nanoTime();
        try (var events = JooqEventLog.open(db.dsl(), config.audit(), config.database().statementTimeout(), listener)) {
            var log = new JooqDecisionLog(events);
            var threads = new ArrayList<Thread>();
            for (int c = 0; c < clients; c++) {
                threads.add(Thread.ofPlatform().daemon().name("seed-" + c).start(() -> {
                    while (left.getAndDecrement() > 0) {
                        log.append(decision(services));
                    }
                }));
            }
            long lastReport = System.nanoTime();
            for (var t : threads) {
                while (t.isAlive()) {
                    t.join(1000);
                    if (System.nanoTime() - lastReport > 30e9) {
                        lastReport = System.nanoTime();
                        long done = target - existing - Math.max(0, left.get());
                        System.err.printf("seeded %d of %d (%.0f/s)%n", done, target - existing, done / ((lastReport - started) / 1e9));
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("SEED records=%d appended=%d batches=%d seconds=%.1f per_s=%.0f clients=%d services=%d%n",
                target, target - existing, batches.get(), seconds, (target - existing) / seconds, clients, services);
    }

    /** One decision as the gate records it (request, policy input from PolicyInputs, reasons on a deny). */
    static NewDecision decision(int services) {
        var random = ThreadLocalRandom.current();
        String service = "svc-%03d".formatted(random.nextInt(services));
        String version = "1.%d.%d".formatted(random.nextInt(40), random.nextInt(20));
        String stage = List.of("canary-5", "canary-25", "canary-50", "full").get(random.nextInt(4));
        String commit = Long.toHexString(random.nextLong()).substring(0, 7);
        var change = new GateCheckRequest.Change(commit, "build-" + random.nextInt(100_000), "dana", List.of("lee"), List.of());
        var check = new GateCheckRequest(service, version, "production", stage, null, change, false);
        Instant now = Instant.now();
        JsonNode input = PolicyInputs.of(check, new Principal("ci-bot", Role.ADMIN), now, slos(random));
        var request = NODES.objectNode().put("service", service).put("version", version).put("environment", "production")
                .put("stage", stage);
        request.putObject("change").put("commit", commit).put("pipeline", change.pipeline()).put("author", "dana")
                .putArray("approvals").add("lee");
        boolean deny = random.nextInt(5) == 0;
        List<Reason> reasons = deny
                ? List.of(new Reason("error_budget_burn", "fast burn %.1fx over 1h".formatted(10 + random.nextDouble(10))))
                : List.of();
        return new NewDecision(UUID.randomUUID(), service, version, "production", stage, deny ? Outcome.DENY : Outcome.ALLOW,
                reasons, "rev-7f3a", "embedded", false, "ci-bot", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()),
                now.minusMillis(3), now, request, input);
    }

    private static ArrayNode slos(ThreadLocalRandom random) {
        var slos = NODES.arrayNode();
        for (String name : List.of("availability", "latency-p99")) {
            var slo = slos.addObject().put("name", name).put("objective", name.equals("availability") ? 0.999 : 0.99)
                    .put("window", "30d").put("available", true)
                    .put("budgetRemaining", Math.round(random.nextDouble() * 1000) / 1000.0);
            slo.putObject("burnRates").put("5m", Math.round(random.nextDouble() * 300) / 100.0)
                    .put("1h", Math.round(random.nextDouble() * 200) / 100.0).put("6h", Math.round(random.nextDouble() * 150) / 100.0);
        }
        return slos;
    }

    private static long count(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM audit_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
