package io.tollgate.config;

/**
 * HTTP listener settings.
 *
 * @param host           interface to bind; 127.0.0.1 by default (put a proxy in front to expose it)
 * @param port           TCP port, 0 picks a free one
 * @param maxBodyBytes   largest accepted request body; larger ones get 413
 * @param readTimeout    a connection that sends nothing for this long is closed, and a request's head (request line and
 *                       headers) must arrive within it, as must each chunk of its body (slow or stuck clients)
 * @param maxConnections most TCP connections served at once; further ones wait in the accept backlog. 0 derives it at
 *                       start from the process's file descriptor limit ({@code io.tollgate.server.ConnectionLimit})
 */
public record ServerConfig(String host, int port, int maxBodyBytes, java.time.Duration readTimeout, int maxConnections) {
    public static final int DEFAULT_MAX_BODY = 64 * 1024;
    /** Beyond any file descriptor limit worth configuring; catches a misplaced digit. */
    public static final int MAX_CONNECTIONS_CEILING = 1_000_000;

    public ServerConfig {
        if (host == null || host.isBlank()) {
            host = "127.0.0.1";
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("server.port", "must be in 0..65535, got " + port);
        }
        if (maxBodyBytes == 0) {
            maxBodyBytes = DEFAULT_MAX_BODY;
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
            throw new ConfigException("server.maxBodyBytes", "must be in 1024..16777216, got " + maxBodyBytes);
        }
        if (readTimeout == null) {
            readTimeout = java.time.Duration.ofSeconds(30);
        }
        if (readTimeout.toMillis() < 100 || readTimeout.toMinutes() > 10) {
            throw new ConfigException("server.readTimeout", "must be between 100ms and 10m, got " + Durations.format(readTimeout));
        }
        if (maxConnections < 0 || maxConnections > MAX_CONNECTIONS_CEILING) {
            throw new ConfigException("server.maxConnections", "must be 0 (derived from the file descriptor limit) or 1.."
                    + MAX_CONNECTIONS_CEILING + ", got " + maxConnections);
        }
    }

    /** With {@code maxConnections} derived from the file descriptor limit. */
    public ServerConfig(String host, int port, int maxBodyBytes, java.time.Duration readTimeout) {
        this(host, port, maxBodyBytes, readTimeout, 0);
    }

    /** The same settings with another connection cap (0: derived). */
    public ServerConfig withMaxConnections(int max) {
        return new ServerConfig(host, port, maxBodyBytes, readTimeout, max);
    }
}
