-- One chained event log for everything Tollgate records: gate decisions and, as releases arrive, release
-- transitions, adapter actions, analysis verdicts and overrides (io.tollgate.audit.EventKind lists the kinds).
-- seq is assigned by the application under an advisory lock, so it has no gaps by construction.
--
-- hash_format says how a row's hash was computed (io.tollgate.audit.HashChain):
--   1  a decision written before this migration: SHA-256 over the old decision_audit columns, which are
--      exactly this row's payload keys plus seq, recorded_at and previous_hash. Copying keeps those values,
--      so a chain written by the previous version still verifies.
--   2  every record written since: SHA-256 over seq, kind, subject, actor, trace_id, recorded_at, payload and
--      previous_hash.
CREATE TABLE audit_event (
    seq           bigint      NOT NULL PRIMARY KEY CHECK (seq >= 1),
    kind          varchar     NOT NULL,
    subject       varchar     NOT NULL,
    actor         varchar     NOT NULL,
    trace_id      varchar     NOT NULL,
    recorded_at   timestamptz NOT NULL,
    payload       jsonb       NOT NULL,
    hash_format   smallint    NOT NULL CHECK (hash_format IN (1, 2)),
    previous_hash char(64)    NOT NULL,
    hash          char(64)    NOT NULL UNIQUE
);

-- /v1/audit/events filters on kind and subject and walks newest first by seq (keyset pagination).
CREATE INDEX audit_event_kind_seq ON audit_event (kind, seq);
CREATE INDEX audit_event_subject_seq ON audit_event (subject, seq);

-- Expression and partial indexes are PostgreSQL-only; jOOQ's code generation (H2 underneath) skips them.
-- [jooq ignore start]
-- A decision id is recorded once: the subject of a decision event is its decision id.
CREATE UNIQUE INDEX audit_event_decision_id ON audit_event (subject) WHERE kind = 'decision';
-- /v1/decisions filters decisions by service and outcome, newest first.
CREATE INDEX audit_event_decision_service_seq ON audit_event ((payload ->> 'service'), seq) WHERE kind = 'decision';
CREATE INDEX audit_event_decision_outcome_seq ON audit_event ((payload ->> 'outcome'), seq) WHERE kind = 'decision';

INSERT INTO audit_event (seq, kind, subject, actor, trace_id, recorded_at, payload, hash_format, previous_hash, hash)
SELECT seq, 'decision', decision_id::text, actor, trace_id, recorded_at,
       jsonb_build_object(
           'decision_id', decision_id::text,
           'service', service,
           'version', version,
           'environment', environment,
           'stage', stage,
           'outcome', outcome,
           'reasons', reasons,
           'policy_revision', policy_revision,
           'policy_engine', policy_engine,
           'dry_run', dry_run,
           'actor', actor,
           'trace_id', trace_id,
           'received_at', to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'evaluated_at', to_char(evaluated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'request', request,
           'policy_input', policy_input),
       1, previous_hash, hash
FROM decision_audit
ORDER BY seq;
-- [jooq ignore stop]

DROP TABLE decision_audit;

-- [jooq ignore start]
DROP FUNCTION decision_audit_refuse_change();

-- Append-only, enforced by the database for every role (superusers included), not only by the service's grants.
-- Only a superuser who deliberately sets session_replication_role = replica (or disables the trigger) gets
-- around it, and the hash chain then reveals the change.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
-- [jooq ignore stop]
