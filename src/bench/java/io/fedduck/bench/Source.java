package io.fedduck.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One source server of the benchmark: its coordinates from the environment variables the integration
 * tests use (FEDDUCK_PG_* / FEDDUCK_MYSQL_*, as scripts/test-databases.sh writes them), its own JDBC
 * driver, and the catalog it becomes in FedDuck.
 */
record Source(Kind kind, String host, int port, String database, String user, String password) {

    /** The source types the benchmark measures. */
    enum Kind {
        POSTGRES("postgres", "FEDDUCK_PG_", "bench_pg"),
        MYSQL("mysql", "FEDDUCK_MYSQL_", "bench_mysql");

        final String type;
        final String envPrefix;
        final String catalog;

        Kind(String type, String envPrefix, String catalog) {
            this.type = type;
            this.envPrefix = envPrefix;
            this.catalog = catalog;
        }
    }

    private static final List<String> FIELDS = List.of("HOST", "PORT", "DATABASE", "USER", "PASSWORD");

    static Source fromEnvironment(Kind kind) {
        List<String> missing = new ArrayList<>();
        for (String field : FIELDS) {
            String value = System.getenv(kind.envPrefix + field);
            if (value == null || value.isEmpty()) {
                missing.add(kind.envPrefix + field);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing environment variables " + missing + ": start the test databases"
                    + " with scripts/test-databases.sh start, then: set -a; . /tmp/fedduck-testdb/env; set +a");
        }
        return new Source(kind, env(kind, "HOST"), Integer.parseInt(env(kind, "PORT")), env(kind, "DATABASE"),
                env(kind, "USER"), env(kind, "PASSWORD"));
    }

    private static String env(Kind kind, String field) {
        return System.getenv(kind.envPrefix + field);
    }

    /** A connection through the source's own JDBC driver (pgjdbc or MariaDB Connector/J). */
    Connection open() throws SQLException {
        String url = switch (kind) {
            case POSTGRES -> "jdbc:postgresql://" + host + ":" + port + "/" + database;
            case MYSQL -> "jdbc:mariadb://" + host + ":" + port + "/" + database;
        };
        return DriverManager.getConnection(url, user, password);
    }

    String name() {
        return kind.type;
    }

    String catalog() {
        return kind.catalog;
    }

    /** The schema that holds bench_rows inside the FedDuck catalog. */
    String schema() {
        return kind == Kind.POSTGRES ? "public" : database;
    }

    /** catalog.schema.table, quoted for DuckDB. */
    String qualified(String table) {
        return quote(catalog()) + "." + quote(schema()) + "." + quote(table);
    }

    /**
     * The source's entry of the connections file. It refers to the environment variables instead of
     * copying their values, so the password is never written to disk.
     */
    String connectionsYaml() {
        StringBuilder out = new StringBuilder("  " + catalog() + ":\n    type: " + kind.type + "\n");
        for (String field : FIELDS) {
            String key = field.equals("USER") ? "username" : field.toLowerCase(java.util.Locale.ROOT);
            out.append("    ").append(key).append(": ${").append(kind.envPrefix).append(field).append("}\n");
        }
        return out.toString();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
