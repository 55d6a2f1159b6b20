-- Delivery metrics (io.tollgate.delivery) read the releases with a transition in their window: this index finds them
-- without reading every release's history. Numbered 9.1 so that a V9 of a branch developed beside this one still
-- runs before it; Flyway orders 9 < 9.1 < 10.
-- [jooq ignore start]
CREATE INDEX release_history_transition_at ON release_history (at) WHERE kind = 'transition';
-- [jooq ignore stop]
