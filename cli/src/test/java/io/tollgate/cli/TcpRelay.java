package io.tollgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay on a fixed port: nothing listens there until {@link #open}, then every connection is piped
 * to {@code targetPort}. Stands for a network path to Prometheus that comes back while a check waits.
 */
final class TcpRelay implements AutoCloseable {
    private final int port;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    TcpRelay(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    synchronized void open() {
        try {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("relay port " + port + " taken meanwhile", e);
        }
        Thread.ofPlatform().daemon().name("relay-accept").start(this::accept);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(in);
                sockets.add(out);
                pipe(in, out);
                pipe(out, in);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("relay-pipe").start(() -> {
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                i.transferTo(o);
            } catch (IOException ended) {
                // one side closed: close both below
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.close();
            }
            for (Socket s : sockets) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
