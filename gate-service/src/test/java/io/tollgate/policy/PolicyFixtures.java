package io.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.identity.Identities;
import io.tollgate.json.Json;
import io.tollgate.testsupport.OpaServerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test-only policy sets (src/test/resources) compiled once per JVM with the real {@code opa build -t wasm}. */
final class PolicyFixtures {
    private static Path fixtureBundle;
    private static Path echoBundle;

    private PolicyFixtures() {
    }

    /** Known rules: approval_missing, stage_blocked, frozen_service (data.json), missing_release, service_held, heavy. */
    static Path fixturePolicies() {
        return resource("/policies-fixture");
    }

    /** {@code decision := input.decision}: undefined without it, malformed on request. */
    static Path echoPolicies() {
        return resource("/policies-echo");
    }

    /** The shipped policies/ directory the Maven build compiles into classpath:policy/bundle.tar.gz. */
    static Path shippedPolicies() {
        String configured = System.getProperty("policies.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("policies/tollgate"))) {
                return dir.resolve("policies");
            }
        }
        throw new IllegalStateException("policies/ not found above " + Path.of("").toAbsolutePath());
    }

    static synchronized Path fixtureBundle() {
        if (fixtureBundle == null) {
            fixtureBundle = build(fixturePolicies());
        }
        return fixtureBundle;
    }

    static synchronized Path echoBundle() {
        if (echoBundle == null) {
            echoBundle = build(echoPolicies());
        }
        return echoBundle;
    }

    static Path build(Path policiesDir) {
        try {
            Path out = Files.createTempDirectory("bundle-").resolve("bundle.tar.gz");
            return OpaServerFixture.buildWasm(policiesDir, WasmPolicyEngine.ENTRYPOINT, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a directory tree (to change a fixture in one test without touching the resources). */
    static Path copyTree(Path from) {
        try {
            Path to = Files.createTempDirectory("policies-");
            try (var files = Files.walk(from)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputBuilder anInput() {
        return new InputBuilder();
    }

    /** A policy input in the documented shape, with sensible defaults for a staging release. */
    static final class InputBuilder {
        private String service = "checkout";
        private String environment = "staging";
        private String author = "dana";
        private String stage = "canary-10";
        private List<String> approvals = List.of();
        private boolean dryRun;
        private String now = "2026-11-24T06:30:00Z";
        private String previousStage;
        private final List<ObjectNode> slos = new java.util.ArrayList<>();
        private ObjectNode analysis;

        /** {@code input.analysis}: the stage just baked ended with {@code verdict} (null by default, as for plain checks). */
        InputBuilder analysis(String verdict) {
            analysis = Json.mapper().createObjectNode().put("stage", "canary-1").put("verdict", verdict)
                    .put("explanation", "canary error ratio 6.0% vs baseline 2.0% (ratio 3.0, e-value 143 ≥ 1/α = 100) after 41,200 requests")
                    .put("looks", 41).putNull("failedAtLook").putNull("promotedBy");
            analysis.putArray("metrics");
            return this;
        }

        /** Adds an SLO state in the {@code input.slos} shape (see SloJson). */
        InputBuilder slo(String name, double target, double remainingRatio, double longRate, double shortRate) {
            var o = Json.mapper().createObjectNode();
            o.put("name", name).put("service", service).put("target", target).put("window", "28d").put("status", "ok")
                    .putNull("problem").put("sli", 1 - (1 - target) * (1 - remainingRatio)).put("dataComplete", true);
            o.putObject("errorBudget").put("consumedRatio", 1 - remainingRatio).put("remainingRatio", remainingRatio)
                    .put("remainingMinutes", remainingRatio * (1 - target) * 40320);
            o.putArray("burnRates").addObject().put("name", "fast").put("severity", "page").put("threshold", 14.4)
                    .put("longWindow", "1h").put("shortWindow", "5m").put("longRate", longRate).put("shortRate", shortRate);
            o.putArray("queries").add("sum(rate(http_requests_total[1h]))");
            slos.add(o);
            return this;
        }

        /** Adds an SLO whose data could not be read. */
        InputBuilder unavailableSlo(String name, String problem) {
            var o = Json.mapper().createObjectNode();
            o.put("name", name).put("service", service).put("target", 0.999).put("window", "28d").put("status", "unavailable")
                    .put("problem", problem).putNull("sli").putNull("errorBudget").put("dataComplete", false);
            o.putArray("burnRates");
            o.putArray("queries");
            slos.add(o);
            return this;
        }

        InputBuilder now(String n) {
            now = n;
            return this;
        }

        InputBuilder previousStage(String p) {
            previousStage = p;
            return this;
        }

        InputBuilder service(String s) {
            service = s;
            return this;
        }

        InputBuilder environment(String e) {
            environment = e;
            return this;
        }

        InputBuilder stage(String s) {
            stage = s;
            return this;
        }

        /** Sets the author as sent; skeletons are computed as gate-service does (PolicyInputs). */
        InputBuilder author(String a) {
            author = a;
            return this;
        }

        /** Sets the approvals as sent (no normalization or validation); skeletons as gate-service computes them. */
        InputBuilder approvals(String... a) {
            approvals = List.of(a);
            return this;
        }

        InputBuilder dryRun() {
            dryRun = true;
            return this;
        }

        ObjectNode build() {
            var m = Json.mapper();
            ObjectNode input = m.createObjectNode();
            input.put("now", now);
            input.putObject("release").put("service", service).put("version", "1.4.2")
                    .put("environment", environment).put("stage", stage).put("previousStage", previousStage);
            var change = input.putObject("change").put("commit", "9f2c1e7").put("pipeline", "ci-4411").put("author", author);
            Identities.putSkeletons(change, "author", author);
            var names = change.putArray("approvals");
            var skeletons = change.putArray("approvalSkeletons");
            var folded = change.putArray("approvalFoldedSkeletons");
            for (String a : approvals) {
                names.add(a);
                skeletons.add(Identities.skeleton(a));
                folded.add(Identities.foldedSkeleton(a));
            }
            change.putArray("labels");
            input.putObject("actor").put("subject", "ci-bot").put("role", "deployer");
            input.put("dryRun", dryRun);
            slos.forEach(input.putArray("slos")::add);
            input.set("analysis", analysis == null ? Json.mapper().nullNode() : analysis);
            return input;
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(PolicyFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
