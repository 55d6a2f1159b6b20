-- Canary analysis of release bakes (io.tollgate.release, docs/analysis.md). The test's state (the sequential test per
-- metric and the last raw counter reading) lives with the release row, so a restarted instance continues the same
-- test; it is written in the same transaction as the row's other changes and the look below.
ALTER TABLE releases ADD COLUMN analysis jsonb;

-- Every look of every bake: counts per side and metric for that look (deltas), the statistic and the verdict. Written in
-- the same transaction as the release row that carries the test's state after the look. apply_no identifies the bake
-- (the release's apply count when its stage was applied; a stage baked again after a resume is a new bake).
CREATE TABLE release_analysis_looks (
    release_id   uuid        NOT NULL,
    apply_no     int         NOT NULL,
    look_no      int         NOT NULL,
    stage_index  int         NOT NULL,
    stage        varchar     NOT NULL,
    at           timestamptz NOT NULL,
    verdict      varchar     NOT NULL,
    explanation  varchar     NOT NULL,
    metrics      jsonb       NOT NULL,
    PRIMARY KEY (release_id, apply_no, look_no)
);
