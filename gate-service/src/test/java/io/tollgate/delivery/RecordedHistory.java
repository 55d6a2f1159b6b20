package io.tollgate.delivery;

import static io.tollgate.db.generated.Tables.RELEASES;
import static io.tollgate.db.generated.Tables.RELEASE_HISTORY;

import io.tollgate.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Writes releases with a known history straight into the release tables, the way the release engine records them
 * (a transition line per state change, with event, from and to), at chosen times.
 */
public final class RecordedHistory {
    private final DSLContext dsl;

    public RecordedHistory(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Release release(String service, String environment) {
        return new Release(service, environment);
    }

    /** One release being described; {@link #insert()} writes it. */
    public final class Release {
        private final String service;
        private final String environment;
        private final List<String> labels = new ArrayList<>();
        private final List<Object[]> transitions = new ArrayList<>();
        private Instant createdAt;
        private Instant committedAt;
        private boolean dryRun;
        private String state = "pending";

        private Release(String service, String environment) {
            this.service = service;
            this.environment = environment;
        }

        public Release committedAt(Instant at) {
            committedAt = at;
            return this;
        }

        public Release labels(String... names) {
            labels.addAll(List.of(names));
            return this;
        }

        public Release dryRun() {
            dryRun = true;
            return this;
        }

        /** Created, and started at once (pending to gating). */
        public Release created(Instant at) {
            createdAt = at;
            return move(at, "start", "gating");
        }

        /** A stage applied and verified: it takes traffic now. */
        public Release applied(Instant at) {
            move(at, "gate_allowed", "applying");
            return move(at, "applied", "baking");
        }

        public Release promoted(Instant at) {
            return move(at, "bake_complete", "promoted");
        }

        public Release rolledBack(Instant at) {
            return move(at, "rollback", "rolled_back");
        }

        /** The rollback's reset verified (flag off, traffic on stable). */
        public Release restored(Instant at) {
            return move(at, "reset_done", "rolled_back");
        }

        public Release aborted(Instant at) {
            return move(at, "abort", "aborted");
        }

        private Release move(Instant at, String event, String to) {
            transitions.add(new Object[] {at, event, state, to});
            state = to;
            return this;
        }

        public UUID insert() {
            UUID id = UUID.randomUUID();
            var change = Json.mapper().createObjectNode().put("commit", "c0ffee").put("pipeline", "build-1").put("author", "dana");
            change.putArray("approvals").add("lee");
            var labelArray = change.putArray("labels");
            labels.forEach(labelArray::add);
            if (committedAt != null) {
                change.put("committedAt", committedAt.toString());
            }
            var spec = Json.mapper().createObjectNode().put("service", service).put("environment", environment).put("version", "1.0.0");
            spec.set("change", change);
            dsl.transaction(c -> {
                var tx = c.dsl();
                tx.insertInto(RELEASES)
                        .set(RELEASES.ID, id).set(RELEASES.SERVICE, service).set(RELEASES.ENVIRONMENT, environment)
                        .set(RELEASES.VERSION, "1.0.0").set(RELEASES.STATE, state).set(RELEASES.STAGE_INDEX, 0)
                        .set(RELEASES.APPLYING_STAGE, 0).set(RELEASES.APPLIED_STAGE, 0).set(RELEASES.APPLY_COUNT, 1)
                        .set(RELEASES.DESIRED_FLAG, 0).set(RELEASES.DESIRED_WEIGHT, 0)
                        .set(RELEASES.STATE_SINCE, createdAt.atOffset(ZoneOffset.UTC)).set(RELEASES.RESET_PENDING, false)
                        .set(RELEASES.DRY_RUN, dryRun).set(RELEASES.SPEC, JSONB.jsonb(spec.toString()))
                        .set(RELEASES.CREATED_BY, "ci").set(RELEASES.CREATED_AT, createdAt.atOffset(ZoneOffset.UTC))
                        .set(RELEASES.ROW_VERSION, 0L)
                        .execute();
                int seq = 0;
                tx.insertInto(RELEASE_HISTORY).set(RELEASE_HISTORY.RELEASE_ID, id).set(RELEASE_HISTORY.SEQ, ++seq)
                        .set(RELEASE_HISTORY.AT, createdAt.atOffset(ZoneOffset.UTC)).set(RELEASE_HISTORY.KIND, "created")
                        .set(RELEASE_HISTORY.ACTOR, "ci").set(RELEASE_HISTORY.PAYLOAD, JSONB.jsonb("{\"event\":\"created\"}"))
                        .set(RELEASE_HISTORY.AUDITED, true).execute();
                for (var t : transitions) {
                    var line = Json.mapper().createObjectNode().put("event", (String) t[1]).put("from", (String) t[2]).put("to", (String) t[3]);
                    tx.insertInto(RELEASE_HISTORY).set(RELEASE_HISTORY.RELEASE_ID, id).set(RELEASE_HISTORY.SEQ, ++seq)
                            .set(RELEASE_HISTORY.AT, ((Instant) t[0]).atOffset(ZoneOffset.UTC)).set(RELEASE_HISTORY.KIND, "transition")
                            .set(RELEASE_HISTORY.ACTOR, "tollgate").set(RELEASE_HISTORY.PAYLOAD, JSONB.jsonb(line.toString()))
                            .set(RELEASE_HISTORY.AUDITED, true).execute();
                }
            });
            return id;
        }
    }
}
