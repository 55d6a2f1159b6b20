package io.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract test: what {@code tollgate policy replay BUNDLE} sends to {@code POST /v1/policies/replay} (issue 10; the
 * server side is not built yet) — the bundle's bytes as the body, the filter as query parameters — and how the
 * summary and the changed decisions are printed. Also {@code audit verify} on a log that is not intact.
 */
@DisabledIfSystemProperty(named = "cli.packaged", matches = "true")
class PolicyReplayContractTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private final ContractServer server = new ContractServer();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private Path bundle() throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write("not really a tar, the server reads it".getBytes());
        }
        return Files.write(dir.resolve("candidate.tar.gz"), bytes.toByteArray());
    }

    @Test
    void replay_posts_the_bundle_with_the_filter_and_prints_what_would_change() throws Exception {
        server.answer("POST", "/v1/policies/replay", 200, """
                {"candidateRevision": "sha256:abc", "complete": true, "incomplete": null, "decisions": 412, "evaluated": 412,
                 "changed": 1, "unchanged": 411, "recordedUnavailable": 0, "transitions": {"allow->deny": 1}, "changesTruncated": false,
                 "changes": [{"decisionId": "d-1", "service": "checkout", "version": "1.4.2", "environment": "production",
                   "stage": "canary-5", "evaluatedAt": "2026-11-28T09:00:00Z",
                   "before": {"outcome": "allow", "reasons": [{"code": "all_checks_passed", "message": "all checks passed"}]},
                   "after": {"outcome": "deny", "reasons": [{"code": "approval_missing", "message": "needs two approvals"}]}}]}""");
        Path bundle = bundle();

        var r = CliRun.run(CliRun.env(server.url(), "admin-token-1234"), NOW, "policy", "replay", bundle.toString(),
                "--since", "7d", "--service", "checkout", "--limit", "100000");

        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        var req = server.only();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/policies/replay");
        assertThat(req.header("Content-Type")).isEqualTo("application/gzip");
        assertThat(req.body()).isEqualTo(Files.readAllBytes(bundle));
        assertThat(req.query()).isEqualTo(Map.of("service", "checkout", "since", "2026-11-24T10:00:00Z", "limit", "100000"));
        assertThat(r.out()).startsWith("1 of 412 decisions would change under candidate.tar.gz (candidate revision sha256:abc)\n  allow → deny: 1\n")
                .contains("d-1  checkout 1.4.2 → production/canary-5: allow → deny")
                .contains("  recorded:\n    all_checks_passed  all checks passed\n  candidate:\n    approval_missing  needs two approvals\n");
    }

    @Test
    void fail_on_change_exits_1_when_a_decision_would_change() throws Exception {
        server.answer("POST", "/v1/policies/replay", 200, "{\"evaluated\": 3, \"changed\": 2, \"transitions\": {}, \"changes\": []}");

        var r = CliRun.run(CliRun.env(server.url(), "admin-token-1234"), NOW, "policy", "replay", bundle().toString(),
                "--since", "2026-11-01T00:00:00Z", "--fail-on-change");

        assertThat(r.code()).isEqualTo(1);
        assertThat(server.only().query()).isEqualTo(Map.of("since", "2026-11-01T00:00:00Z"));
    }

    @Test
    void a_file_that_is_not_a_bundle_or_a_limit_out_of_range_is_refused_before_sending() throws Exception {
        Path rego = Files.writeString(dir.resolve("decision.rego"), "package tollgate");

        var notGzip = CliRun.run(CliRun.env(server.url(), "t-1234"), NOW, "policy", "replay", rego.toString(), "--since", "7d");
        var tooMany = CliRun.run(CliRun.env(server.url(), "t-1234"), NOW, "policy", "replay", bundle().toString(), "--since", "7d",
                "--limit", "100001");

        assertThat(notGzip.code()).isEqualTo(3);
        assertThat(notGzip.err()).contains("is not a gzip tarball");
        assertThat(tooMany.code()).isEqualTo(3);
        assertThat(tooMany.err()).contains("--limit: must be 1-100000, got 100001");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void audit_verify_exits_1_and_lists_every_broken_range_when_the_log_is_not_intact() {
        server.answer("GET", "/v1/audit/verify", 200, """
                {"intact": false, "recordsChecked": 8, "headSeq": 8, "signedThroughSeq": 8, "keyId": "673055b6a451afdc",
                 "problems": [{"fromSeq": 9, "toSeq": 10, "problem": "missing: the checkpoint says the log reached seq 10"}],
                 "checkpoints": [{"seq": 10, "source": "checkpoint file", "matches": false}]}""");

        var r = CliRun.run(CliRun.env(server.url(), "viewer-1234"), NOW, "audit", "verify");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("NOT INTACT: 8 records checked")
                .contains("  seq 9-10: missing: the checkpoint says the log reached seq 10")
                .contains("  checkpoint seq 10 (checkpoint file): DOES NOT MATCH");
    }
}
