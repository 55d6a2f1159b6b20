package io.tollgate.audit;

import io.tollgate.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 of one record's canonical document of format {@value HashChain#EVENT}, written straight into the digest:
 * the fields around the payload go through one reused buffer, the payload's bytes as they are. Verification
 * hashes millions of records on a few threads, and building two strings per record, encoding them and asking
 * the security providers for a new digest each time cost more than the SHA-256 itself; so each thread keeps one
 * {@code RecordDigest} ({@link #current}). The bytes are exactly those of {@link CanonicalJson#write} of
 * {@link HashChain#content} ({@code HashChainTest} checks it).
 */
final class RecordDigest {
    private static final ThreadLocal<RecordDigest> PER_THREAD = ThreadLocal.withInitial(RecordDigest::new);
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;
    private byte[] buffer = new byte[256];
    private int length;

    private RecordDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static RecordDigest current() {
        return PER_THREAD.get();
    }

    /** Lowercase hex SHA-256 of the document; keys in canonical (sorted) order. */
    String hash(long seq, String kind, String subject, String actor, String traceId, Instant recordedAt,
                byte[] canonicalPayload, String previousHash) {
        length = 0;
        raw("{\"actor\":");
        string(actor);
        raw(",\"kind\":");
        string(kind);
        raw(",\"payload\":");
        sha256.update(buffer, 0, length);
        sha256.update(canonicalPayload);
        length = 0;
        raw(",\"previous_hash\":");
        string(previousHash);
        raw(",\"recorded_at\":");
        timestamp(recordedAt);
        raw(",\"seq\":");
        raw(Long.toString(seq));
        raw(",\"subject\":");
        string(subject);
        raw(",\"trace_id\":");
        string(traceId);
        raw("}");
        sha256.update(buffer, 0, length);
        return HEX.formatHex(sha256.digest());
    }

    /** ASCII text as it is. */
    private void raw(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buffer[length++] = (byte) ascii.charAt(i);
        }
    }

    /** A JSON string: printable ASCII without quotes or backslashes byte for byte, anything else as CanonicalJson spells it. */
    private void string(String s) {
        ensure(s.length() + 2);
        int start = length;
        buffer[length++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                length = start;
                var escaped = new StringBuilder(s.length() + 8);
                CanonicalJson.writeString(s, escaped);
                bytes(escaped.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
            buffer[length++] = (byte) c;
        }
        buffer[length++] = '"';
    }

    /** {@link HashChain#timestamp} as a JSON string, without a formatter for the years 0000 to 9999. */
    private void timestamp(Instant instant) {
        var t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            string(HashChain.timestamp(instant));
            return;
        }
        ensure(29);
        buffer[length++] = '"';
        digits(t.getYear(), 4);
        buffer[length++] = '-';
        digits(t.getMonthValue(), 2);
        buffer[length++] = '-';
        digits(t.getDayOfMonth(), 2);
        buffer[length++] = 'T';
        digits(t.getHour(), 2);
        buffer[length++] = ':';
        digits(t.getMinute(), 2);
        buffer[length++] = ':';
        digits(t.getSecond(), 2);
        buffer[length++] = '.';
        digits(t.getNano() / 1000, 6);
        buffer[length++] = 'Z';
        buffer[length++] = '"';
    }

    private void digits(int value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buffer, length, b.length);
        length += b.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
