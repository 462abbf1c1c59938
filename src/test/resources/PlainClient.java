import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A plain JDBC program with nothing but the FedDuck jar on its class path: it opens the URL it is given
 * through DriverManager (no Class.forName), runs each SQL argument in turn and prints the last result as
 * tab-separated lines.
 */
public class PlainClient {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            for (int i = 1; i < args.length - 1; i++) {
                s.execute(args[i]);
            }
            try (ResultSet rs = s.executeQuery(args[args.length - 1])) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int col = 1; col <= n; col++) {
                        line.append(col > 1 ? "\t" : "").append(rs.getString(col));
                    }
                    System.out.println(line);
                }
            }
        }
    }
}
