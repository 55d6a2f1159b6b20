package io.tollgate.auth;

import io.tollgate.config.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} headers against the configured SHA-256 token hashes.
 * Tokens themselves are never stored; a lookup by hash of the presented token needs no
 * constant-time comparison because the hash of a guess reveals nothing about the stored hashes.
 */
public final class TokenAuthenticator {
    private static final String BEARER = "bearer ";
    private final Map<String, Principal> byHash = new HashMap<>();

    public TokenAuthenticator(AuthConfig config) {
        for (var entry : config.tokens()) {
            byHash.put(entry.sha256().toLowerCase(Locale.ROOT), new Principal(entry.subject(), Role.fromWire(entry.role())));
        }
    }

    /** Adds a token at start-up (the generated development token). */
    public void register(String token, Principal principal) {
        byHash.put(sha256Hex(token), principal);
    }

    public boolean hasTokens() {
        return !byHash.isEmpty();
    }

    /**
     * Returns the caller if the header carries a known token with the permission.
     *
     * @throws AccessDeniedException unauthenticated for a missing, malformed or unknown token;
     *                               forbidden when the role lacks the permission
     */
    public Principal require(Optional<String> authorizationHeader, Role.Permission permission) {
        String header = authorizationHeader.orElseThrow(
                () -> AccessDeniedException.unauthenticated("missing Authorization header (expected: Bearer <token>)"));
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw AccessDeniedException.unauthenticated("Authorization header must be: Bearer <token>");
        }
        Principal principal = byHash.get(sha256Hex(header.substring(BEARER.length()).trim()));
        if (principal == null) {
            throw AccessDeniedException.unauthenticated("unknown or revoked token");
        }
        if (!principal.role().may(permission)) {
            throw AccessDeniedException.forbidden("role " + principal.role().wire() + " may not " + describe(permission));
        }
        return principal;
    }

    /** A fresh random token (256 bits, URL-safe). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "tg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What to put in configuration for a token: its SHA-256 in lowercase hex. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static String describe(Role.Permission permission) {
        return switch (permission) {
            case GATE_CHECK -> "run gate checks";
            case READ_DECISIONS -> "read decisions";
            case READ_AUDIT -> "read or verify the audit log";
            case OVERRIDE -> "override decisions";
            case MANAGE_SLOS -> "reload SLO definitions";
        };
    }
}
