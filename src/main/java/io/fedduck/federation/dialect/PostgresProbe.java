package io.fedduck.federation.dialect;

import io.fedduck.config.SourceConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a PostgreSQL server whether it takes logins, without logging in and without the postgres
 * extension's connection pool: a startup message, and the server's first answer. An authentication
 * request means yes; so does an error about this login (no pg_hba.conf entry without TLS, which the
 * extension's own connection may well use): the server answers. Starting up, shutting down and too many
 * connections, and a database that does not exist, mean no, with the server's words. Each read waits at
 * most the timeout (a probe of a stalled server may take a few times that; its caller bounds its own wait). The probe then closes the connection as psql does before asking for a password, which
 * the server does not log.
 *
 * <p>Why not through the extension: the postgres extension (1.4.4) leaks a slot of its connection pool
 * for every connection attempt that fails, so checking a down server through it would exhaust the pool
 * (64 slots) and keep the source unusable after the server is back.
 */
final class PostgresProbe {
    private static final int PROTOCOL_3_0 = 196608;

    private PostgresProbe() {
    }

    /** True when FedDuck can probe this source so: a host to reach (a socket path is not one). */
    static boolean applies(SourceConfig source) {
        return source.host() != null && !source.host().startsWith("/") && source.port() > 0;
    }

    /** Probes the server; throws with the reason when it does not take logins. */
    static void probe(SourceConfig source, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(source.host(), source.port()), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(startupMessage(source));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type = in.read();
            if (type < 0) {
                throw new IOException("the server closed the connection without answering");
            }
            if (type != 'R' && type != 'E') {
                throw new IOException("the server's answer is not PostgreSQL's protocol");
            }
            int length = in.readInt();
            if (length < 4 || length > 65536) {
                throw new IOException("the server's answer is not PostgreSQL's protocol");
            }
            byte[] body = new byte[length - 4];
            in.readFully(body);
            if (type == 'E') {
                String error = errorMessage(body);
                if (error.contains("SQLSTATE 57P03") || error.contains("SQLSTATE 53300")
                        || error.contains("SQLSTATE 3D000")) {
                    throw new IOException("the server refuses logins: " + error);
                }
            } else if (type != 'R') {
                throw new IOException("the server's answer is not PostgreSQL's protocol");
            }
            socket.shutdownOutput(); // a clean end, not a reset: nothing in the server's log
        }
    }

    private static byte[] startupMessage(SourceConfig source) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(ByteBuffer.allocate(4).putInt(PROTOCOL_3_0).array());
        parameter(body, "user", source.username() == null ? "postgres" : source.username());
        parameter(body, "database", source.database() == null ? "postgres" : source.database());
        parameter(body, "application_name", "fedduck-health");
        body.write(0);
        byte[] bytes = body.toByteArray();
        return ByteBuffer.allocate(4 + bytes.length).putInt(4 + bytes.length).put(bytes).array();
    }

    private static void parameter(ByteArrayOutputStream out, String name, String value) throws IOException {
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.write(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    /** The M (message) field of an ErrorResponse, with its SQLSTATE. */
    private static String errorMessage(byte[] body) {
        String message = "";
        String state = "";
        int i = 0;
        while (i < body.length && body[i] != 0) {
            byte field = body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            String value = new String(body, i, end - i, StandardCharsets.UTF_8);
            if (field == 'M') {
                message = value;
            } else if (field == 'C') {
                state = value;
            }
            i = end + 1;
        }
        return message + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    }
}
