package io.tollgate.http;

/**
 * A resource's routes, each registered with the permission it needs (or explicitly as open), so no
 * endpoint can be added without deciding who may call it. The counterpart of Helidon's {@code HttpService}.
 */
public interface SecureService {

    /** Registers every route of the resource on {@code rules}, relative to the resource's prefix. */
    void routing(SecureRules rules);
}
