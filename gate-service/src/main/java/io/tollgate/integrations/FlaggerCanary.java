package io.tollgate.integrations;

/**
 * The canary a Flagger webhook is about, from its payload.
 *
 * @param phase    Flagger's phase of the canary analysis (may be empty for a canary still initializing)
 * @param checksum Flagger's hash of the canary's tracked configs and last applied spec: a new one is a new revision
 */
public record FlaggerCanary(String name, String namespace, String phase, String checksum) {

    /** {@code name.namespace}: with the checksum, what Tollgate keys a canary's decisions by. */
    public String key() {
        return name + "." + namespace;
    }

    /** The audit subject of the canary's events. */
    public String subject() {
        return "flagger/" + key();
    }
}
