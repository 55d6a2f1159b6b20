package io.tollgate.adapter.unleash;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configuration of {@link UnleashFlagRollout}; validates itself on construction, and every error names
 * the field.
 *
 * @param adminUrl    the Unleash server's base URL, e.g. {@code https://unleash.example.com} (http or https,
 *                    no query); a path prefix is kept ({@code http://h/unleash} → {@code http://h/unleash/api/admin/…})
 * @param adminToken  an Admin API token ({@code *:*.…}, or a personal access token); never printed by {@link #toString()}
 * @param callTimeout the deadline of one adapter call ({@code apply}, {@code observe}, {@code reset}) as a
 *                    whole, however many HTTP requests it takes; 1 ms to 5 minutes
 * @param project     the Unleash project holding the flags; null means {@value #DEFAULT_PROJECT}
 * (a null {@code callTimeout} means {@link #DEFAULT_CALL_TIMEOUT})
 */
public record UnleashConfig(URI adminUrl, String adminToken, Duration callTimeout, String project) {
    /** Default call deadline: a release step should not wait longer than this for the flag provider. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** The project every new Unleash has. */
    public static final String DEFAULT_PROJECT = "default";
    private static final Duration MAX_CALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_.~-]{1,100}");

    public UnleashConfig {
        Objects.requireNonNull(adminUrl, "adminUrl must be set");
        Objects.requireNonNull(adminToken, "adminToken must be set");
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        project = project == null ? DEFAULT_PROJECT : project;
        if (!"http".equals(adminUrl.getScheme()) && !"https".equals(adminUrl.getScheme())) {
            throw new IllegalArgumentException("adminUrl must be an http or https URL, was " + adminUrl);
        }
        if (adminUrl.getHost() == null) {
            throw new IllegalArgumentException("adminUrl must name a host, was " + adminUrl);
        }
        if (adminUrl.getRawQuery() != null || adminUrl.getRawFragment() != null || adminUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("adminUrl must not have a query, fragment or user info, was " + adminUrl);
        }
        if (adminToken.isBlank()) {
            throw new IllegalArgumentException("adminToken must not be blank");
        }
        if (!adminToken.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // it goes into an HTTP header: whitespace or control characters mean a copy-paste accident
            throw new IllegalArgumentException("adminToken must be printable ASCII without spaces or line breaks");
        }
        if (callTimeout.isNegative() || callTimeout.toMillis() == 0 || callTimeout.compareTo(MAX_CALL_TIMEOUT) > 0) {
            throw new IllegalArgumentException("callTimeout must be between 1ms and " + MAX_CALL_TIMEOUT + ", was " + callTimeout);
        }
        if (!PROJECT_ID.matcher(project).matches()) {
            throw new IllegalArgumentException("project must be an Unleash project id (letters, digits, _ . ~ -), was '" + project + "'");
        }
        String url = adminUrl.toString();
        if (url.endsWith("/")) {
            adminUrl = URI.create(url.substring(0, url.length() - 1));
        }
    }

    /** {@code adminUrl} and {@code adminToken} with a 5 s call deadline, project {@code default}. */
    public static UnleashConfig defaults(URI adminUrl, String adminToken) {
        return new UnleashConfig(adminUrl, adminToken, DEFAULT_CALL_TIMEOUT, DEFAULT_PROJECT);
    }

    /** A copy with another call deadline. */
    public UnleashConfig withCallTimeout(Duration timeout) {
        return new UnleashConfig(adminUrl, adminToken, timeout, project);
    }

    /** A copy for another project. */
    public UnleashConfig withProject(String otherProject) {
        return new UnleashConfig(adminUrl, adminToken, callTimeout, otherProject);
    }

    /** Shows everything but the token (configuration gets logged). */
    @Override
    public String toString() {
        return "UnleashConfig[adminUrl=" + adminUrl + ", adminToken=***, callTimeout=" + callTimeout + ", project=" + project + "]";
    }
}
