package io.fedduck.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a test server, that can pass, delay, black-hole, refuse and reset its
 * traffic: the faults of a real network (a stalled link, a server that is down, a server restart that
 * closes every open connection) without touching the server itself, and without any traffic leaving
 * loopback. Used by the integration tests and the load benchmark.
 */
public final class FaultProxy implements AutoCloseable {
    private enum Mode { PASS, BLACK_HOLE, REFUSE }

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private volatile boolean closed;

    public FaultProxy(String targetHost, int targetPort) throws IOException {
        if (!InetAddress.getByName(targetHost).isLoopbackAddress()) {
            throw new IllegalArgumentException("the fault proxy forwards to loopback only, not " + targetHost);
        }
        this.target = new InetSocketAddress(targetHost, targetPort);
        ServerSocket first = bind(0);
        this.port = first.getLocalPort();
        listen(first);
    }


    public int port() {
        return port;
    }

    /** Traffic flows again, and new connections are accepted. */
    public synchronized void pass() throws IOException {
        delayMillis = 0;
        if (mode == Mode.REFUSE) {
            listen(bind(port));
        }
        mode = Mode.PASS;
    }

    /** Open and new connections stay up, but no byte goes through in either direction: a stalled link. */
    public synchronized void blackHole() {
        mode = Mode.BLACK_HOLE;
    }

    /** Every byte waits this long before it is passed on: a slow link. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    /** The server is down: connections are refused, and the open ones are reset. */
    public synchronized void refuse() throws IOException {
        mode = Mode.REFUSE;
        stopListening();
        resetAll();
    }

    /**
     * Closes the listening socket and waits for the thread blocked in accept() to leave: until it has,
     * the JDK may keep the socket listening, and a connection made meanwhile would still be accepted.
     */
    private void stopListening() throws IOException {
        ServerSocket l = listener;
        if (l != null) {
            l.close();
        }
        Thread t = acceptor;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Resets every open connection, as a server restart does to its clients; new ones are accepted. */
    public void resetAll() {
        for (Socket s : open) {
            reset(s);
        }
    }

    /** Connections through the proxy that are open now. */
    public int openConnections() {
        return open.size();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        mode = Mode.PASS;
        stopListening();
        resetAll();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    private void listen(ServerSocket socket) {
        listener = socket;
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    if (mode == Mode.REFUSE) {
                        reset(client); // accepted just as the proxy began refusing
                        continue;
                    }
                    connect(client);
                } catch (IOException e) {
                    return; // closed: refuse() or close()
                }
            }
        }, "fault-proxy-accept-" + port);
        acceptor.setDaemon(true);
        this.acceptor = acceptor;
        acceptor.start();
    }

    private void connect(Socket client) {
        Thread opener = new Thread(() -> {
            Socket server = new Socket();
            try {
                server.connect(target, 5000);
            } catch (IOException e) {
                reset(client);
                return;
            }
            open.add(client);
            open.add(server);
            pump(client, server, "up");
            pump(server, client, "down");
        }, "fault-proxy-connect-" + port);
        opener.setDaemon(true);
        opener.start();
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    while (mode == Mode.BLACK_HOLE && !closed) {
                        Thread.sleep(20);
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    while (mode == Mode.BLACK_HOLE && !closed) {
                        Thread.sleep(20); // bytes read just before the link stalled wait too
                    }
                    long delay = delayMillis;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // reset or closed
            } finally {
                reset(from);
                reset(to);
            }
        }, "fault-proxy-" + direction + "-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0); // RST, as a server that went away abruptly
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
