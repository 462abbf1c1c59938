package io.fedduck.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB (duckdb_jdbc, the version FedDuck pins) with the postgres, mysql and sqlite extensions
 * loaded from the provisioned directory, offline: what FedDuck's instance offers, for tests that hold the
 * classifier against DuckDB itself.
 */
final class DuckDbWithExtensions {
    private DuckDbWithExtensions() {
    }

    static DuckDBConnection open() throws SQLException {
        String dir = System.getProperty("fedduck.test.extensions");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("no DuckDB extensions at " + dir
                    + ": run scripts/provision-extensions.sh target/duckdb-extensions (scripts/test.sh does)");
        }
        Properties properties = new Properties();
        properties.setProperty("extension_directory", dir);
        properties.setProperty("autoinstall_known_extensions", "false");
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
        try (Statement s = connection.createStatement()) {
            s.execute("LOAD postgres");
            s.execute("LOAD mysql");
            s.execute("LOAD sqlite");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
