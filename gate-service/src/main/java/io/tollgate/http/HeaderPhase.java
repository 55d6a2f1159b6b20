package io.tollgate.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Remembers, per connection thread, that a request line was read but its headers were not (yet).
 * Helidon hands a direct handler neither the cause nor the connection: a client that closes mid-headers
 * reaches it as an {@code INTERNAL_ERROR}, indistinguishable from a real one without this. Helidon calls
 * these listener methods and the direct handler on the connection's own thread, so a thread-local is exact.
 * <p>
 * It passes both events on to {@code next}: Helidon 4.3 combines several receive listeners into one that forwards
 * nothing (its {@code ListFrameListener} overrides no method), so only one listener can be registered.
 */
final class HeaderPhase implements Http1ConnectionListener {
    private static final ThreadLocal<Boolean> READING_HEADERS = new ThreadLocal<>();
    private final Http1ConnectionListener next;

    HeaderPhase(Http1ConnectionListener next) {
        this.next = next;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        READING_HEADERS.set(Boolean.TRUE);
        next.prologue(ctx, prologue);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        READING_HEADERS.remove();
        next.headers(ctx, headers);
    }

    /** Whether this thread's request stopped while its headers were read; forgets it (the connection ends). */
    static boolean takeReadingHeaders() {
        boolean reading = READING_HEADERS.get() != null;
        READING_HEADERS.remove();
        return reading;
    }
}
