-- A copy of every signed checkpoint the service published, beside the file it was published to
-- (audit.checkpointFile). The file is the copy an attacker inside the database cannot change; this one lets
-- verify notice a checkpoint file that disappeared or lost lines while the service was stopped, and lets
-- replicas see each other's checkpoints. Append-only like audit_event.
CREATE TABLE audit_checkpoint (
    seq          bigint      PRIMARY KEY,
    log_id       varchar(64),
    head_hash    varchar(64) NOT NULL,
    line         text        NOT NULL,
    file         text        NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);

-- [jooq ignore start]
CREATE FUNCTION audit_checkpoint_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_checkpoint is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_checkpoint_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_refuse_change();

CREATE TRIGGER audit_checkpoint_no_truncate
    BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_refuse_change();
-- [jooq ignore stop]
