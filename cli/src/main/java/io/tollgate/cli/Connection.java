package io.tollgate.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Tollgate is and how to authenticate: {@code --url} / {@code TOLLGATE_URL}, and the token from
 * {@code TOLLGATE_TOKEN}, {@code --token-file} or {@code --token}. No option has a default value that help could
 * show: the environment is read only when the command runs, so {@code --help} never prints the token.
 */
public final class Connection {
    @Option(names = "--url", paramLabel = "URL", description = "Tollgate's base URL, e.g. http://127.0.0.1:8080 (else $TOLLGATE_URL)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token (else $TOLLGATE_TOKEN). Prefer the variable or --token-file: arguments are visible to other processes.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "read the API token from FILE (first line)")
    Path tokenFile;

    @Option(names = "--request-timeout", paramLabel = "DURATION", description = "longest one HTTP request may take (default 30s)")
    String requestTimeout;

    /** The API client for these settings, or a failure naming what is missing. */
    Api api(Map<String, String> env) {
        return new Api(baseUrl(env), token(env),
                requestTimeout == null ? Duration.ofSeconds(30) : positive(Durations.parse("--request-timeout", requestTimeout)));
    }

    private static Duration positive(Duration d) {
        if (d.isZero()) {
            throw CliFailure.usage("--request-timeout: must be more than 0");
        }
        return d;
    }

    private URI baseUrl(Map<String, String> env) {
        String from = url != null ? "--url" : "TOLLGATE_URL";
        String value = url != null ? url : env.get("TOLLGATE_URL");
        if (value == null || value.isBlank()) {
            throw CliFailure.usage("no Tollgate URL: set TOLLGATE_URL or pass --url (e.g. http://127.0.0.1:8080)");
        }
        try {
            URI uri = new URI(value.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            // The value is not repeated: a URL may carry credentials.
            throw CliFailure.usage(from + ": must be an absolute http(s) URL like http://127.0.0.1:8080");
        }
    }

    private String token(Map<String, String> env) {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        if (tokenFile != null) {
            try {
                var lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.getFirst().isBlank()) {
                    throw CliFailure.usage("--token-file: " + tokenFile + " is empty");
                }
                return lines.getFirst().strip();
            } catch (IOException e) {
                throw CliFailure.usage("--token-file: cannot read " + tokenFile + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        String fromEnv = env.get("TOLLGATE_TOKEN");
        if (fromEnv == null || fromEnv.isBlank()) {
            throw CliFailure.usage("no API token: set TOLLGATE_TOKEN, or pass --token-file or --token");
        }
        return fromEnv.strip();
    }
}
