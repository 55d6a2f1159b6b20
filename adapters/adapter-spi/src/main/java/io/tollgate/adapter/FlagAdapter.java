package io.tollgate.adapter;

/** A configured feature-flag adapter instance. */
public non-sealed interface FlagAdapter extends ConfiguredAdapter {

    /** A new flag rollout for this instance; called once, on first use. Must not block on the remote system. */
    FlagRollout create();
}
