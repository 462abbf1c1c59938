package io.fedduck.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real PostgreSQL and MySQL/MariaDB servers of the integration tests: the ones scripts/test.sh
 * started on loopback (FEDDUCK_PG_* / FEDDUCK_MYSQL_* environment variables), or Testcontainers when a
 * Docker engine answers. With neither, the tests fail: they are never skipped.
 */
final class RemoteDatabases {

    /** Coordinates of one server, with a user that owns the test database. */
    record Server(String host, int port, String database, String user, String password, String jdbcUrl) {
        Connection admin() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }
    }

    private static Server postgres;
    private static Server mysql;

    private RemoteDatabases() {
    }

    static synchronized Server postgres() {
        if (postgres == null) {
            String host = System.getenv("FEDDUCK_PG_HOST");
            if (host != null) {
                int port = Integer.parseInt(System.getenv("FEDDUCK_PG_PORT"));
                String db = System.getenv("FEDDUCK_PG_DATABASE");
                postgres = new Server(host, port, db, System.getenv("FEDDUCK_PG_USER"),
                        System.getenv("FEDDUCK_PG_PASSWORD"), "jdbc:postgresql://" + host + ":" + port + "/" + db);
            } else {
                requireDocker();
                PostgreSQLContainer<?> c = new PostgreSQLContainer<>("postgres:15")
                        .withDatabaseName("fedduck_test").withUsername("fedduck").withPassword("pg-" + System.nanoTime());
                c.start();
                postgres = new Server(c.getHost(), c.getMappedPort(5432), c.getDatabaseName(), c.getUsername(),
                        c.getPassword(), c.getJdbcUrl());
            }
        }
        return postgres;
    }

    static synchronized Server mysql() {
        if (mysql == null) {
            String host = System.getenv("FEDDUCK_MYSQL_HOST");
            if (host != null) {
                int port = Integer.parseInt(System.getenv("FEDDUCK_MYSQL_PORT"));
                String db = System.getenv("FEDDUCK_MYSQL_DATABASE");
                mysql = new Server(host, port, db, System.getenv("FEDDUCK_MYSQL_USER"),
                        System.getenv("FEDDUCK_MYSQL_PASSWORD"), "jdbc:mariadb://" + host + ":" + port + "/" + db);
            } else {
                requireDocker();
                MySQLContainer<?> c = new MySQLContainer<>("mysql:8.0")
                        .withDatabaseName("fedduck_test").withUsername("fedduck").withPassword("my-" + System.nanoTime());
                c.start();
                mysql = new Server(c.getHost(), c.getMappedPort(3306), c.getDatabaseName(), c.getUsername(),
                        c.getPassword(), "jdbc:mariadb://" + c.getHost() + ":" + c.getMappedPort(3306) + "/"
                        + c.getDatabaseName());
            }
        }
        return mysql;
    }

    private static void requireDocker() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("no test databases: run the tests with scripts/test.sh (it starts"
                    + " PostgreSQL and MariaDB on loopback), or set FEDDUCK_PG_* and FEDDUCK_MYSQL_*, or start"
                    + " a Docker engine for Testcontainers");
        }
    }
}
