-- Releases Tollgate drives by itself (io.tollgate.release). One row per release holds everything a step
-- needs to continue after a crash: the state, the stage, what was applied (applying_stage before the
-- adapters are called, applied_stage once both were verified) and the bake clock (bake_started_at,
-- bake_until). row_version is an optimistic lock: every write says which version it read, so two
-- instances (or a step and a control action) can never both move the same release.
CREATE TABLE releases (
    id               uuid        NOT NULL PRIMARY KEY,
    service          varchar     NOT NULL,
    environment      varchar     NOT NULL,
    version          varchar     NOT NULL,
    state            varchar     NOT NULL,
    stage_index      int         NOT NULL,
    applying_stage   int         NOT NULL,
    applied_stage    int         NOT NULL,
    apply_count      int         NOT NULL,
    desired_flag     int         NOT NULL,
    desired_weight   int         NOT NULL,
    observed_flag    int,
    observed_weight  int,
    state_since      timestamptz NOT NULL,
    gating_since     timestamptz,
    bake_started_at  timestamptz,
    bake_until       timestamptz,
    on_regression    varchar,
    reset_pending    boolean     NOT NULL,
    reason_code      varchar,
    reason_message   varchar,
    dry_run          boolean     NOT NULL,
    spec             jsonb       NOT NULL,
    created_by       varchar     NOT NULL,
    created_at       timestamptz NOT NULL,
    idempotency_key  varchar,
    request_hash     varchar,
    row_version      bigint      NOT NULL
);

CREATE INDEX releases_service_state ON releases (service, state);
CREATE UNIQUE INDEX releases_idempotency ON releases (created_by, idempotency_key);

-- Every transition, gate decision and adapter action of a release, written in the same transaction as the
-- row change it belongs to (an outbox): audited turns true once the event is in the chained audit log.
CREATE TABLE release_history (
    release_id  uuid        NOT NULL,
    seq         int         NOT NULL,
    at          timestamptz NOT NULL,
    kind        varchar     NOT NULL,
    actor       varchar     NOT NULL,
    payload     jsonb       NOT NULL,
    audited     boolean     NOT NULL,
    PRIMARY KEY (release_id, seq)
);

-- [jooq ignore start]
-- At most one active release per service and environment, across all instances (the 409 of POST /v1/releases).
CREATE UNIQUE INDEX releases_one_active ON releases (service, environment)
    WHERE state NOT IN ('promoted', 'rolled_back', 'aborted', 'failed');
CREATE INDEX release_history_unaudited ON release_history (release_id) WHERE NOT audited;

-- db-scheduler's table, exactly its PostgreSQL schema for 16.x: one row per release (instance id = release id),
-- re-armed for each step and removed when the release needs no more steps.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
-- [jooq ignore stop]
