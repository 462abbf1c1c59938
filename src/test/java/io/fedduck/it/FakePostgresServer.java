package io.fedduck.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A PostgreSQL server on loopback that wants only one thing: every client that connects is asked for a
 * clear-text password (AuthenticationCleartextPassword), and whatever arrives is recorded, then the client
 * is turned away. A stored password that reaches it has left the catalog it was configured for.
 */
final class FakePostgresServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<String> passwords = new CopyOnWriteArrayList<>();
    private final List<String> startups = new CopyOnWriteArrayList<>();

    FakePostgresServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake-postgres");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Every password message received, in clear. */
    List<String> passwordsReceived() {
        return List.copyOf(passwords);
    }

    /** How many clients sent a startup message. */
    int connections() {
        return startups.size();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(5000);
                serve(client);
            } catch (IOException ignored) {
                // the next client, or the server closed
            }
        }
    }

    private void serve(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        DataOutputStream out = new DataOutputStream(client.getOutputStream());
        int length = in.readInt();
        int code = in.readInt();
        if (code == 80877103) { // SSLRequest: no TLS here, ask again in plain text
            out.writeByte('N');
            out.flush();
            length = in.readInt();
            code = in.readInt();
        }
        byte[] startup = new byte[Math.max(0, length - 8)];
        in.readFully(startup);
        startups.add(new String(startup, StandardCharsets.UTF_8));
        out.writeByte('R');
        out.writeInt(8);
        out.writeInt(3); // AuthenticationCleartextPassword
        out.flush();
        int type = readByte(in);
        if (type == 'p') {
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            passwords.add(new String(body, StandardCharsets.UTF_8).replace("\0", ""));
        }
        byte[] error = "SFATAL\0C28P01\0Mfake server\0\0".getBytes(StandardCharsets.UTF_8);
        out.writeByte('E');
        out.writeInt(4 + error.length);
        out.write(error);
        out.flush();
    }

    private static int readByte(InputStream in) throws IOException {
        return in.read();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
