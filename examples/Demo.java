import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

/**
 * FedDuck's demo, run by scripts/demo.sh with only the driver jar on the class path:
 * an SQLite file (the "remote" source) joined with a local DuckDB table in one SQL statement.
 *
 *   java -cp target/fedduck-jdbc-<version>.jar examples/Demo.java <extension dir> <work dir>
 */
public class Demo {
    public static void main(String[] args) throws Exception {
        Path extensions = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(args[1])).toAbsolutePath();
        Path sqlite = work.resolve("shop.sqlite");
        Files.deleteIfExists(sqlite);
        Path config = work.resolve("connections.yaml");
        Files.writeString(config, """
                require_encrypted_credentials: true   # no clear-text password may be written here
                connections:
                  shop:                      # SQL catalog name: shop.main.<table>
                    type: sqlite
                    file_path: shop.sqlite   # relative to this file
                    options:
                      read_only: false       # the demo writes its sample data through FedDuck
                      create_if_missing: true
                """);
        // only its owner may change it, which require_encrypted_credentials also asks for (whatever the umask)
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String url = "jdbc:fedduck:?config=" + config + "&extension_directory=" + extensions;
        System.out.println("FedDuck demo: " + url);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // Sample data: products in the SQLite source, sales in a local DuckDB table.
            s.execute("CREATE TABLE shop.main.products (id INTEGER PRIMARY KEY, name TEXT, category TEXT)");
            s.execute("INSERT INTO shop.main.products VALUES (1, 'Duck whistle', 'toys'), (2, 'Rubber duck', 'toys'),"
                    + " (3, 'Pond map', 'books'), (4, 'Feather duster', 'home')");
            s.execute("CREATE TABLE sales AS SELECT * FROM (VALUES (1, 3, 4.50), (2, 10, 2.99), (2, 5, 2.99),"
                    + " (3, 1, 12.00), (4, 2, 7.25), (1, 1, 4.50)) t(product_id, quantity, unit_price)");
            String query = """
                    SELECT p.category, p.name, sum(s.quantity) AS units, sum(s.quantity * s.unit_price) AS revenue
                    FROM shop.main.products p            -- SQLite, through DuckDB's sqlite extension
                    JOIN sales s ON s.product_id = p.id  -- local DuckDB table
                    GROUP BY ALL
                    ORDER BY revenue DESC""";
            System.out.println(query);
            try (ResultSet rs = s.executeQuery(query)) {
                print(rs);
            }
            // A local copy of the SQLite table (docs/sync.md), then the run as sync_status() records it.
            String sync = "CALL sync_table('shop', 'products', 'products_copy')";
            System.out.println("\n" + sync);
            try (ResultSet rs = s.executeQuery(sync)) {
                print(rs);
            }
        }
    }

    private static void print(ResultSet rs) throws Exception {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder header = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            header.append(String.format("%-16s", md.getColumnLabel(i)));
        }
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        while (rs.next()) {
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                line.append(String.format("%-16s", rs.getString(i)));
            }
            System.out.println(line);
        }
    }
}
