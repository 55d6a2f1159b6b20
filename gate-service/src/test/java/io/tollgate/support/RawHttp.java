package io.tollgate.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Bytes on a socket, for requests no HTTP client will send: truncated, half-closed, HTTP/1.0, oversized.
 * Every answer is read until the server closes the connection.
 */
public final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** What came back: the status line (null if the server closed without answering) and the parsed JSON body. */
    public record Answer(String statusLine, String head, JsonNode json) {
        public int status() {
            return statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /**
     * Writes {@code request} (ISO-8859-1), optionally half-closes (shuts down output), and reads until the server
     * closes. A reset after the answer arrived (the server closing with unread bytes) is not a failure.
     */
    public static Answer exchange(int port, String request, boolean halfClose) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            var received = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buf)) >= 0; ) {
                    received.write(buf, 0, n);
                }
            } catch (SocketException reset) {
                if (received.size() == 0) {
                    throw reset;
                }
            }
            return parse(received.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static Answer parse(String raw) throws IOException {
        if (raw.isEmpty()) {
            return new Answer(null, "", null);
        }
        int end = raw.indexOf("\r\n\r\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + 4);
        return new Answer(head.lines().findFirst().orElse(null), head, body.isBlank() ? null : JSON.readTree(body));
    }

    /** Collects log records at WARNING or above, or with a stack trace, from every logger while open. */
    public static final class LogCapture extends Handler implements AutoCloseable {
        private final List<LogRecord> records = new ArrayList<>();

        public LogCapture() {
            Logger.getLogger("").addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() || record.getThrown() != null) {
                records.add(record);
            }
        }

        /** "LEVEL logger: message (exception)" of each record captured so far. */
        public synchronized List<String> lines() {
            return records.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                    + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")")).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }
    }
}
