-- Release managers' overrides (POST /v1/overrides). A row takes effect only once its override.created event is in
-- the audit log (recorded = true), so no override ever acts without its audit record. Rows are never deleted;
-- revocation sets revoked_* (its own audited event).
CREATE TABLE overrides (
    id            varchar(64)              PRIMARY KEY,
    service       text                     NOT NULL,
    environment   text                     NOT NULL,
    version       text,
    release_id    uuid,
    effect        text                     NOT NULL CHECK (effect IN ('allow', 'skip-analysis', 'freeze')),
    suppress      jsonb                    NOT NULL,
    reason        text                     NOT NULL,
    ticket        text,
    labels        jsonb                    NOT NULL,
    created_by    text                     NOT NULL,
    created_at    timestamp with time zone NOT NULL,
    expires_at    timestamp with time zone,
    recorded      boolean                  NOT NULL,
    revoked_at    timestamp with time zone,
    revoked_by    text,
    revoke_reason text
);

-- [jooq ignore start]
CREATE INDEX overrides_scope ON overrides (service, environment);
-- [jooq ignore stop]
