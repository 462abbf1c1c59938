package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One connection's DatabaseMetaData called from eight threads at once, as SchemaCrawler and DBeaver do:
 * every call gets the answer to its own arguments.
 */
class SharedMetadataConnectionIT {
    @TempDir
    Path dir;

    @Test
    void parallelGetColumnsOnOneConnectionEachGetTheirOwnTable() throws Exception {
        try (Connection c = new TestFederation(dir).open(); Statement s = c.createStatement()) {
            for (int i = 0; i < 8; i++) {
                s.execute("CREATE TABLE sc_shared_" + i + " (a" + i + " INTEGER, b" + i + " INTEGER)");
            }
            DatabaseMetaData md = c.getMetaData();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<String>> results = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                for (int i = 0; i < 8; i++) {
                    int t = i;
                    results.add(pool.submit(() -> {
                        List<String> names = new ArrayList<>();
                        try (ResultSet rs = md.getColumns(null, "main", "sc_shared_" + t, null)) {
                            while (rs.next()) {
                                names.add(rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME"));
                            }
                        }
                        return t + "=" + names;
                    }));
                }
            }
            int wrong = 0;
            List<String> samples = new ArrayList<>();
            for (Future<String> f : results) {
                String r;
                try {
                    r = f.get();
                } catch (Exception e) {
                    r = "ERR " + e.getCause();
                }
                int t = r.startsWith("ERR") ? -1 : Integer.parseInt(r.substring(0, r.indexOf('=')));
                if (t < 0 || !r.equals(t + "=[sc_shared_" + t + ".a" + t + ", sc_shared_" + t + ".b" + t + "]")) {
                    wrong++;
                    if (samples.size() < 5) {
                        samples.add(r);
                    }
                }
            }
            pool.shutdown();
            assertEquals(0, wrong, samples.toString());
        }
    }
}
