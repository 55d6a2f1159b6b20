package io.tollgate.adapter.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HAProxy's Runtime API over TCP: one command per connection (non-interactive mode, HAProxy closes after
 * answering), the answer read to EOF, the whole call within the configured deadline (connect timeout, then a
 * socket read timeout of what is left). Failures to talk come back as {@link Reply.NoAnswer}, never thrown.
 */
final class RuntimeApi {
    /** An answer is never larger than this for the commands we send (a few lines per server). */
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final String host;
    private final int port;
    private final Duration timeout;

    RuntimeApi(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** The outcome of one call. */
    sealed interface Reply permits Reply.Answer, Reply.NoAnswer {
        /** HAProxy's complete answer text. */
        record Answer(String text) implements Reply {
        }

        /** HAProxy could not be asked or did not answer in time; {@code reason} names the address and cause. */
        record NoAnswer(String reason) implements Reply {
        }
    }

    String address() {
        return host + ":" + port;
    }

    Reply call(String command) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            socket.setSoTimeout(remainingMillis(deadline));
            socket.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_ANSWER_BYTES) {
                    return new Reply.NoAnswer("HAProxy runtime API at " + address() + ": answer larger than "
                            + MAX_ANSWER_BYTES + " bytes");
                }
                socket.setSoTimeout(remainingMillis(deadline));
            }
            return new Reply.Answer(out.toString(StandardCharsets.UTF_8));
        } catch (SocketTimeoutException | DeadlinePassed e) {
            return new Reply.NoAnswer("HAProxy runtime API at " + address() + " timed out after " + timeout
                    + " ('" + verb(command) + "')");
        } catch (ConnectException e) {
            return new Reply.NoAnswer("HAProxy runtime API at " + address() + ": connection refused");
        } catch (UnknownHostException e) {
            return new Reply.NoAnswer("HAProxy runtime API at " + address() + ": unknown host");
        } catch (IOException e) {
            return new Reply.NoAnswer("HAProxy runtime API at " + address() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static int remainingMillis(long deadline) throws DeadlinePassed {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new DeadlinePassed();
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String verb(String command) {
        String[] words = command.split(" ");
        return words.length >= 2 ? words[0] + " " + words[1] : command;
    }

    /** The call's deadline passed between reads. */
    private static final class DeadlinePassed extends IOException {
        DeadlinePassed() {
            super("deadline passed");
        }
    }
}
