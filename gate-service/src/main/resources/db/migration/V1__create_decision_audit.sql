-- The tamper-evident audit log: one row per gate decision, chained by SHA-256 (see io.tollgate.audit.HashChain).
-- seq is assigned by the application under an advisory lock (not a sequence), so it has no gaps by construction
-- and a gap found later means a row was removed. varchar (= text in PostgreSQL) because the H2 that jOOQ
-- code generation simulates the DDL in cannot index text (CLOB).
CREATE TABLE decision_audit (
    seq             bigint      NOT NULL PRIMARY KEY CHECK (seq >= 1),
    decision_id     uuid        NOT NULL UNIQUE,
    service         varchar     NOT NULL,
    version         varchar     NOT NULL,
    environment     varchar     NOT NULL,
    stage           varchar     NOT NULL,
    outcome         varchar     NOT NULL CHECK (outcome IN ('allow', 'deny', 'hold')),
    reasons         jsonb       NOT NULL,
    policy_revision varchar     NOT NULL,
    policy_engine   varchar     NOT NULL,
    dry_run         boolean     NOT NULL,
    actor           varchar     NOT NULL,
    trace_id        varchar     NOT NULL,
    received_at     timestamptz NOT NULL,
    evaluated_at    timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    request         jsonb       NOT NULL,
    policy_input    jsonb       NOT NULL,
    previous_hash   char(64)    NOT NULL,
    hash            char(64)    NOT NULL UNIQUE
);

-- The list query filters on service / outcome / evaluated_at and walks newest first by seq (keyset pagination).
CREATE INDEX decision_audit_service_seq ON decision_audit (service, seq);
CREATE INDEX decision_audit_outcome_seq ON decision_audit (outcome, seq);
CREATE INDEX decision_audit_evaluated_at_seq ON decision_audit (evaluated_at, seq);

-- Append-only, enforced by the database for every role (superusers included), not only by the service's grants.
-- Only a superuser who deliberately sets session_replication_role = replica (or disables the trigger) gets
-- around it, and the hash chain then reveals the change.
-- jOOQ's DDLDatabase (code generation) cannot parse PL/pgSQL, hence the ignore markers (parseIgnoreComments).
-- [jooq ignore start]
CREATE FUNCTION decision_audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'decision_audit is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER decision_audit_no_update_delete
    BEFORE UPDATE OR DELETE ON decision_audit
    FOR EACH ROW EXECUTE FUNCTION decision_audit_refuse_change();

CREATE TRIGGER decision_audit_no_truncate
    BEFORE TRUNCATE ON decision_audit
    FOR EACH STATEMENT EXECUTE FUNCTION decision_audit_refuse_change();
-- [jooq ignore stop]
