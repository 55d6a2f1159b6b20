package io.tollgate.adapter;

/** One side of a canary comparison: the stable (baseline) destination or the canary. */
public enum Side {
    STABLE, CANARY
}
