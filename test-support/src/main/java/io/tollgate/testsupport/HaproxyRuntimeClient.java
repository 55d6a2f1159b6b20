package io.tollgate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The fixture's own minimal HAProxy Runtime API client (test-support cannot depend on the adapter): one
 * command per TCP connection, answer read to EOF, everything within {@code timeout}.
 */
final class HaproxyRuntimeClient {
    private HaproxyRuntimeClient() {
    }

    static String send(int port, String command, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Math.max(1, timeout.toMillis()));
            socket.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no complete answer to '" + command + "' within " + timeout);
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buf);
                if (n < 0) {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.write(buf, 0, n);
            }
        }
    }
}
