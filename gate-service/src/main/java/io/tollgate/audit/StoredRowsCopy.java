package io.tollgate.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads a range of {@code audit_event} rows for verification through {@code COPY … TO STDOUT (FORMAT binary)}
 * instead of a query's result set: PostgreSQL streams the rows without the extended protocol's per-row
 * messages and the driver hands over each row's bytes as they came, which this class splits into the
 * {@link EventRows#STORED_COLUMNS} itself. At 10 million records PostgreSQL spends about a fifth less CPU per
 * record this way than sending the same columns as a result set (bench/README.md).
 *
 * <p>Binary COPY format: an 11-byte signature, flags and a header extension (in the first message), then per
 * row a 16-bit field count and per field a 32-bit length ({@code -1} for null) and the value in its type's
 * binary form; a field count of {@code -1} ends the data. PostgreSQL sends each row in one CopyData message.
 */
final class StoredRowsCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int FIELDS = 12;
    /** PostgreSQL's timestamp epoch, 2000-01-01T00:00:00Z, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private StoredRowsCopy() {
    }

    /** At most {@code limit} rows with {@code after < seq <= upTo}, in seq order. */
    static List<EventRows.Stored> read(Connection connection, long after, long upTo, int limit) throws SQLException {
        // COPY takes no parameters; the three numbers are longs and ints, so nothing else can reach the statement.
        var copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select " + EventRows.STORED_COLUMNS
                + " from audit_event where seq > " + after + " and seq <= " + upTo + " order by seq limit " + limit
                + ") to stdout with (format binary)");
        try {
            return rows(copy, limit);
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy(); // a row it could not read: leave the pooled connection usable
            }
        }
    }

    private static List<EventRows.Stored> rows(CopyOut copy, int limit) throws SQLException {
        var rows = new ArrayList<EventRows.Stored>(limit);
        boolean first = true;
        byte[] message;
        while ((message = copy.readFromCopy()) != null) {
            var in = new Cursor(message);
            if (first) {
                in.header();
                first = false;
            }
            while (in.remaining() > 0) {
                int fields = in.int16();
                if (fields == -1) {
                    break; // the trailer
                }
                if (fields != FIELDS) {
                    throw new IllegalStateException("COPY of audit_event sent " + fields + " fields, expected " + FIELDS);
                }
                rows.add(in.row());
            }
        }
        return rows;
    }

    /** Reads one CopyData message; a row never spans two messages. */
    private static final class Cursor {
        private final byte[] b;
        private int p;

        Cursor(byte[] b) {
            this.b = b;
        }

        int remaining() {
            return b.length - p;
        }

        void header() {
            if (b.length < SIGNATURE.length + 8 || !Arrays.equals(b, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                throw new IllegalStateException("COPY of audit_event did not start with the binary COPY signature");
            }
            p = SIGNATURE.length + 4; // flags: no OIDs since PostgreSQL 12
            int extension = int32();
            p += extension;
        }

        EventRows.Stored row() {
            long seq = int64(8);
            String kind = text();
            String subject = text();
            String actor = text();
            String traceId = text();
            Instant recordedAt = timestamp();
            byte[] payload = bytes();
            short hashFormat = (short) int16Field();
            String previousHash = text();
            String hash = text();
            String signature = text();
            String keyId = text();
            var columns = new AuditEvent(seq, kind, subject, actor, traceId, recordedAt, null, hashFormat, previousHash, hash,
                    signature, keyId);
            return new EventRows.Stored(columns, payload);
        }

        private long int64(int expectedLength) {
            length(expectedLength);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[p++] & 0xff);
            }
            return v;
        }

        private int int16Field() {
            length(2);
            return int16();
        }

        /** Microseconds since 2000-01-01 UTC (integer datetimes); the infinities become {@link Instant#MAX}/{@link Instant#MIN}. */
        private Instant timestamp() {
            long micros = int64(8);
            if (micros == Long.MAX_VALUE) {
                return Instant.MAX;
            }
            if (micros == Long.MIN_VALUE) {
                return Instant.MIN;
            }
            return Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }

        private String text() {
            int n = int32();
            if (n < 0) {
                return null;
            }
            check(n);
            String s = new String(b, p, n, StandardCharsets.UTF_8);
            p += n;
            return s;
        }

        private byte[] bytes() {
            int n = int32();
            if (n < 0) {
                throw new IllegalStateException("COPY of audit_event sent a null payload");
            }
            check(n);
            byte[] v = Arrays.copyOfRange(b, p, p + n);
            p += n;
            return v;
        }

        private void length(int expected) {
            int n = int32();
            if (n != expected) {
                throw new IllegalStateException("COPY of audit_event sent a " + n + "-byte value where " + expected + " bytes belong");
            }
            check(n);
        }

        int int16() {
            check(2);
            int v = (short) (((b[p] & 0xff) << 8) | (b[p + 1] & 0xff));
            p += 2;
            return v;
        }

        private int int32() {
            check(4);
            int v = ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            p += 4;
            return v;
        }

        private void check(int n) {
            if (n > b.length - p) {
                throw new IllegalStateException("COPY of audit_event sent a row cut short");
            }
        }
    }
}
