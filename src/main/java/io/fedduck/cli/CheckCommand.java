package io.fedduck.cli;

import io.fedduck.ConnectionSettings;
import io.fedduck.FedDuckDriver;
import io.fedduck.config.ConnectionsFile;
import io.fedduck.config.FederationConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code check}: validates the connections file, attaches every source the way a JDBC connection does, and
 * prints one line per source (status, attach time, tables, or the error). The file is read by
 * {@link ConnectionsFile} and the sources attached by the driver; what is printed comes from
 * {@code list_database_connections()}, whose errors are already free of passwords.
 */
final class CheckCommand {
    /** Every source connected. */
    static final int OK = 0;
    /** The file is valid, but at least one source could not be attached. */
    static final int SOURCE_FAILED = 1;
    /** The command line, the URL or the connections file is wrong, or FedDuck cannot start. */
    static final int INVALID = 2;

    private final PrintStream out;
    private final Map<String, String> env;

    CheckCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    int run(String url) {
        FederationConfig config;
        try {
            ConnectionSettings settings = ConnectionSettings.parse(url, new Properties(), env, Path.of(""));
            if (settings.configFile() == null) {
                out.println("error: no connections file: give --config FILE, set FEDDUCK_CONFIG, or put"
                        + " connections.yaml in the working directory");
                return INVALID;
            }
            config = ConnectionsFile.load(settings.configFile(), env, settings.masterKeyFile());
            out.println("connections file " + settings.configFile() + ": valid, " + plural(config.sources().size(),
                    "source"));
        } catch (SQLException e) {
            out.println("error: " + e.getMessage());
            return INVALID;
        }
        List<SourceLine> lines;
        try (Connection c = new FedDuckDriver().connect(url, new Properties())) {
            lines = sources(c);
        } catch (SQLException e) {
            out.println("error: " + e.getMessage());
            return INVALID;
        }
        print(lines);
        long failed = lines.stream().filter(l -> !l.connected()).count();
        out.println(failed == 0 ? "all " + plural(lines.size(), "source") + " connected"
                : failed + " of " + plural(lines.size(), "source") + " not connected");
        return failed == 0 ? OK : SOURCE_FAILED;
    }

    private static List<SourceLine> sources(Connection c) throws SQLException {
        List<SourceLine> lines = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, type, status, last_attach_ms, table_count, error_message"
                     + " FROM list_database_connections() WHERE origin = 'config'")) {
            while (rs.next()) {
                long ms = rs.getLong(4);
                String latency = rs.wasNull() ? "-" : ms + " ms";
                long tables = rs.getLong(5);
                String count = rs.wasNull() ? "-" : plural(tables, "table");
                lines.add(new SourceLine(rs.getString(1), rs.getString(2), rs.getString(3), latency, count,
                        rs.getString(6)));
            }
        }
        return lines;
    }

    private void print(List<SourceLine> lines) {
        int name = width(lines, SourceLine::name);
        int type = width(lines, SourceLine::type);
        int status = width(lines, SourceLine::status);
        int latency = width(lines, SourceLine::latency);
        for (SourceLine l : lines) {
            String detail = l.connected() ? l.tables() : l.error() == null ? "" : l.error();
            out.println(("  " + pad(l.name(), name) + "  " + pad(l.type(), type) + "  " + pad(l.status(), status)
                    + "  " + padLeft(l.latency(), latency) + "  " + detail).stripTrailing());
        }
    }

    private static int width(List<SourceLine> lines, java.util.function.Function<SourceLine, String> column) {
        return lines.stream().mapToInt(l -> column.apply(l).length()).max().orElse(0);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** One source's line of the report. */
    private record SourceLine(String name, String type, String status, String latency, String tables, String error) {
        boolean connected() {
            return status.equals("connected");
        }
    }
}
