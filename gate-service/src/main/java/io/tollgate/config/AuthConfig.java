package io.tollgate.config;

import io.tollgate.identity.Identities;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Bearer tokens allowed to call the API. Only SHA-256 hashes of tokens are configured, never tokens.
 *
 * @param tokens   the known tokens
 * @param devToken when true and no tokens are configured, a random admin token is generated and
 *                 printed at start (for the embedded development setup only)
 */
public record AuthConfig(List<TokenEntry> tokens, boolean devToken) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public AuthConfig {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        var seen = new HashSet<String>();
        for (int i = 0; i < tokens.size(); i++) {
            var t = tokens.get(i);
            String at = "auth.tokens[" + i + "]";
            if (t == null) {
                throw new ConfigException(at, "must not be empty");
            }
            if (t.subject() == null || t.subject().isBlank()) {
                throw new ConfigException(at + ".subject", "is required");
            }
            String subjectProblem = Identities.problem(t.subject());
            if (subjectProblem != null) {
                throw new ConfigException(at + ".subject", subjectProblem);
            }
            if (t.role() == null || !List.of("ci", "release-manager", "viewer", "admin").contains(t.role())) {
                throw new ConfigException(at + ".role", "must be one of ci, release-manager, viewer, admin, got \"" + t.role() + "\"");
            }
            if (t.sha256() == null || !SHA256_HEX.matcher(t.sha256().toLowerCase(Locale.ROOT)).matches()) {
                throw new ConfigException(at + ".sha256", "must be 64 hex digits (sha256 of the token), got \"" + t.sha256() + "\"");
            }
            if (!seen.add(t.sha256().toLowerCase(Locale.ROOT))) {
                throw new ConfigException(at + ".sha256", "duplicates an earlier token");
            }
        }
    }

    /** One configured token: who it is (the audit actor), its role, and the SHA-256 hex of the secret. */
    public record TokenEntry(String subject, String role, String sha256) {
    }
}
