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
 * Checks {@code Authorization: Bearer <token>} headers against the configured SHA-256 token hashes. Also accepts
 * {@code Basic} credentials whose password is the token (the user name is ignored): Flagger's webhooks cannot set
 * headers, but Go's HTTP client sends a URL's {@code user:token@} as Basic credentials.
 * Tokens themselves are never stored; a lookup by hash of the presented token needs no
 * constant-time comparison because the hash of a guess reveals nothing about the stored hashes.
 */
public final class TokenAuthenticator {
    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";
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
     * Resolves the caller of a request from its {@code Authorization} header. Never throws: a missing,
     * malformed or unknown token gives an {@link Caller.Anonymous} that says which, so open routes still work.
     */
    public Caller identify(Optional<String> authorizationHeader) {
        if (authorizationHeader.isEmpty()) {
            return new Caller.Anonymous("missing Authorization header (expected: Bearer <token>)");
        }
        String header = authorizationHeader.get();
        String token;
        if (header.length() > BEARER.length() && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = header.substring(BEARER.length()).trim();
        } else if (header.length() > BASIC.length() && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            token = basicPassword(header.substring(BASIC.length()).trim());
            if (token == null) {
                return new Caller.Anonymous("Basic credentials must be base64 of <user>:<token>");
            }
        } else {
            return new Caller.Anonymous("Authorization header must be: Bearer <token>");
        }
        Principal principal = byHash.get(sha256Hex(token));
        return principal == null ? new Caller.Anonymous("unknown or revoked token") : new Caller.Known(principal);
    }

    /** The password of Basic credentials, or null when they are not base64 of {@code user:password} with a password. */
    private static String basicPassword(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 || colon == decoded.length() - 1 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
}
