package io.tollgate.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The opaque pagination cursor: base64url of {@code v1:<seq>}, the seq of the last record on the page.
 * Keyset rather than offset so pages stay stable while new decisions are appended; versioned so the
 * format can change without misreading old cursors.
 */
final class Cursor {
    private static final Pattern V1 = Pattern.compile("v1:([1-9][0-9]{0,18})");

    private Cursor() {
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The seq the next page starts below. @throws InvalidCursorException for anything {@link #encode} did not produce */
    static long decode(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("cursor is not valid base64url");
        }
        var m = V1.matcher(text);
        if (!m.matches()) {
            throw new InvalidCursorException("cursor was not issued by this audit log");
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidCursorException("cursor position out of range");
        }
    }
}
