package io.tollgate.observability;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is taken care of ({@link Log#install}, called by {@code Main} before anything logs). Without a
 * provider Helidon prints "There is no Helidon logging implementation on classpath" straight to stderr: a line that is
 * neither JSON in the logs nor welcome on a person's terminal.
 */
public final class QuietHelidonLogging implements LoggingProvider {

    @Override
    public void initialization() {
        // Main installs JUL handlers itself; nothing to set up here.
    }

    @Override
    public void runTime() {
        // Nothing to reconfigure at run time either.
    }
}
