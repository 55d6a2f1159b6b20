-- Release plans (io.tollgate.plan): several releases started in dependency order and compensated in reverse
-- order on failure. The plan row holds the plan's state; row_version is its optimistic lock, and every write of
-- the plan and its entries goes through it, so two instances (or a step and a control action) never both move a
-- plan. settled = the controller has nothing left to do in this state (the sweep re-arms the others).
CREATE TABLE release_plans (
    id               uuid        NOT NULL PRIMARY KEY,
    name             varchar     NOT NULL,
    environment      varchar     NOT NULL,
    state            varchar     NOT NULL,
    reason_code      varchar,
    reason_message   varchar,
    on_failure       varchar,
    dry_run          boolean     NOT NULL,
    spec             jsonb       NOT NULL,
    settled          boolean     NOT NULL,
    state_since      timestamptz NOT NULL,
    created_by       varchar     NOT NULL,
    created_at       timestamptz NOT NULL,
    idempotency_key  varchar,
    request_hash     varchar,
    row_version      bigint      NOT NULL
);

CREATE INDEX release_plans_state ON release_plans (state);
CREATE UNIQUE INDEX release_plans_idempotency ON release_plans (created_by, idempotency_key);

-- One row per release of a plan. claimed_at is written (with the plan's version) before the release is created
-- with the Idempotency-Key plan/<plan id>/<key>, so an entry is started at most once whatever crashes; release_id
-- is recorded after. compensation: null, requested, verified, not_needed (the release had reset itself) or failed.
CREATE TABLE release_plan_entries (
    plan_id          uuid        NOT NULL REFERENCES release_plans (id),
    entry_key        varchar     NOT NULL,
    position         int         NOT NULL,
    service          varchar     NOT NULL,
    release_id       uuid,
    claimed_at       timestamptz,
    started_at       timestamptz,
    ended_at         timestamptz,
    compensation     varchar,
    compensated_at   timestamptz,
    PRIMARY KEY (plan_id, entry_key)
);

-- Every transition, entry start and compensation step, written with the plan change it belongs to (an outbox):
-- audited turns true once the line is in the chained audit log.
CREATE TABLE release_plan_history (
    plan_id     uuid        NOT NULL REFERENCES release_plans (id),
    seq         int         NOT NULL,
    at          timestamptz NOT NULL,
    kind        varchar     NOT NULL,
    actor       varchar     NOT NULL,
    payload     jsonb       NOT NULL,
    audited     boolean     NOT NULL,
    PRIMARY KEY (plan_id, seq)
);
