package dev.tgfsm.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small TCP proxy on a random local port in front of a real server, for fault tests. It can
 * {@linkplain #cut() cut} every connection and refuse new ones, {@linkplain #blackhole() swallow}
 * traffic so that peers wait for time-outs, and {@linkplain #restore() restore} normal service. The
 * server behind it is never touched.
 */
final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, CUT, BLACKHOLE }

    private final ServerSocket server;

    private final InetSocketAddress target;

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private volatile Mode mode = Mode.FORWARD;

    private volatile boolean closed;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every connection and closes new ones at once. */
    void cut() {
        mode = Mode.CUT;
        closeAll();
    }

    /** Keeps connections open but forwards nothing, in either direction. */
    void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Forwards again; connections cut earlier stay closed, new ones work. */
    void restore() {
        if (mode == Mode.BLACKHOLE) {
            closeAll();
        }
        mode = Mode.FORWARD;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (mode == Mode.CUT) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(target, 2_000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            }
            catch (IOException ex) {
                // a refused or failed connection: the client sees it closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (mode == Mode.FORWARD) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            }
            catch (IOException ex) {
                // one side closed
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        closeAll();
    }
}
