package io.tollgate.override;

import static io.tollgate.db.generated.Tables.OVERRIDES;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tollgate.db.generated.tables.records.OverridesRecord;
import io.tollgate.json.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;


/**
 * Overrides on PostgreSQL. A row is written unrecorded, and becomes {@code recorded} only after its
 * {@code override.created} event committed; only recorded rows ever match a check.
 */
public final class OverrideStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final DSLContext dsl;

    public OverrideStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insertUnrecorded(GateOverride o) {
        var s = o.spec();
        var rec = dsl.newRecord(OVERRIDES);
        rec.setId(o.id());
        rec.setService(s.scope().service());
        rec.setEnvironment(s.scope().environment());
        rec.setVersion(s.scope().version());
        rec.setReleaseId(s.scope().releaseId());
        rec.setEffect(s.effect().wire());
        rec.setSuppress(jsonb(s.suppress()));
        rec.setReason(s.reason());
        rec.setTicket(s.ticket());
        rec.setLabels(jsonb(s.labels()));
        rec.setCreatedBy(o.createdBy());
        rec.setCreatedAt(utc(o.createdAt()));
        rec.setExpiresAt(s.expiresAt() == null ? null : utc(s.expiresAt()));
        rec.setRecorded(false);
        rec.insert();
    }

    void markRecorded(String id) {
        dsl.update(OVERRIDES).set(OVERRIDES.RECORDED, true).where(OVERRIDES.ID.eq(id)).execute();
    }

    /** Removes a row whose audit event could not be written (it never took effect). */
    void deleteUnrecorded(String id) {
        dsl.deleteFrom(OVERRIDES).where(OVERRIDES.ID.eq(id).and(OVERRIDES.RECORDED.isFalse())).execute();
    }

    /** Marks a recorded, unrevoked override revoked; false when it was already revoked. */
    boolean revoke(String id, Instant at, String by, String reason) {
        return dsl.update(OVERRIDES)
                .set(OVERRIDES.REVOKED_AT, utc(at)).set(OVERRIDES.REVOKED_BY, by).set(OVERRIDES.REVOKE_REASON, reason)
                .where(OVERRIDES.ID.eq(id).and(OVERRIDES.RECORDED.isTrue()).and(OVERRIDES.REVOKED_AT.isNull()))
                .execute() == 1;
    }

    /** Undoes {@link #revoke} whose audit event could not be written. */
    void unrevoke(String id) {
        dsl.update(OVERRIDES).setNull(OVERRIDES.REVOKED_AT).setNull(OVERRIDES.REVOKED_BY).setNull(OVERRIDES.REVOKE_REASON)
                .where(OVERRIDES.ID.eq(id)).execute();
    }

    public Optional<GateOverride> find(String id) {
        return dsl.selectFrom(OVERRIDES).where(OVERRIDES.ID.eq(id).and(OVERRIDES.RECORDED.isTrue()))
                .fetchOptional().map(OverrideStore::override);
    }

    /** Newest first; null filters match everything; {@code activeAt} non-null keeps only those in force then. */
    public List<GateOverride> list(String service, String environment, Instant activeAt, int limit) {
        Condition where = OVERRIDES.RECORDED.isTrue();
        if (service != null) {
            where = where.and(OVERRIDES.SERVICE.eq(service));
        }
        if (environment != null) {
            where = where.and(OVERRIDES.ENVIRONMENT.eq(environment));
        }
        if (activeAt != null) {
            where = where.and(active(activeAt));
        }
        return dsl.selectFrom(OVERRIDES).where(where).orderBy(OVERRIDES.CREATED_AT.desc(), OVERRIDES.ID).limit(limit)
                .fetch().map(OverrideStore::override);
    }

    /** The overrides in force at {@code now} for a service in an environment (any version or release). */
    List<GateOverride> inForce(String service, String environment, Instant now) {
        return dsl.selectFrom(OVERRIDES)
                .where(OVERRIDES.SERVICE.eq(service).and(OVERRIDES.ENVIRONMENT.eq(environment))
                        .and(OVERRIDES.RECORDED.isTrue()).and(active(now)))
                .orderBy(OVERRIDES.ID).fetch().map(OverrideStore::override);
    }

    private static Condition active(Instant now) {
        return OVERRIDES.REVOKED_AT.isNull().and(OVERRIDES.EXPIRES_AT.isNull().or(OVERRIDES.EXPIRES_AT.gt(utc(now))));
    }

    private static GateOverride override(OverridesRecord r) {
        var spec = new NewOverride(new OverrideScope(r.getService(), r.getEnvironment(), r.getVersion(), r.getReleaseId()),
                OverrideEffect.fromWire(r.getEffect()).orElseThrow(), strings(r.getSuppress()), r.getReason(), r.getTicket(),
                strings(r.getLabels()), r.getExpiresAt() == null ? null : r.getExpiresAt().toInstant());
        return new GateOverride(r.getId(), spec, r.getCreatedBy(), r.getCreatedAt().toInstant(),
                r.getRevokedAt() == null ? null : r.getRevokedAt().toInstant(), r.getRevokedBy(), r.getRevokeReason());
    }

    private static JSONB jsonb(List<String> values) {
        try {
            return JSONB.jsonb(Json.mapper().writeValueAsString(values));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JSONB json) {
        try {
            return Json.mapper().readValue(json.data(), STRINGS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored override list is not a JSON array of strings", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

}
