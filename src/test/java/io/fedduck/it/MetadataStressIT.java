package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads call every DatabaseMetaData method (found by reflection, so a method added to the
 * interface is called too) over a PostgreSQL, a MariaDB and a SQLite source and local tables, while two
 * more threads run queries on other connections, for {@code fedduck.it.metadataStressSeconds} seconds
 * (default 60). No call may fail, the JVM must survive (duckdb/duckdb-sqlite#176 crashed it through
 * duckdb_constraints over a SQLite catalog), and the instance must still answer afterwards.
 */
class MetadataStressIT {
    private static final int METADATA_THREADS = 8;
    private static final int QUERY_THREADS = 2;

    @TempDir
    static Path dir;
    private static Path sqlite;
    private static Path local;

    /** catalog, schema, table: one per source type and a local one. */
    private static final String[][] TARGETS = {
            {"md_pg", MetadataFixture.PG_SCHEMA, "md_child"},
            {"md_my", "fedduck_test", "md_child"},
            {"md_lite", "main", "md_child"},
            {"md_stress", "main", "md_local_child"},
            {null, null, "md%"},
    };

    @BeforeAll
    static void create() throws Exception {
        sqlite = dir.resolve("md_stress.sqlite");
        local = dir.resolve("md_stress.duckdb");
        MetadataFixture.create(sqlite);
    }

    @AfterAll
    static void drop() throws Exception {
        MetadataFixture.drop();
    }

    @Test
    void everyMetadataCallSurvivesEightThreadsAlongsideQueries() throws Exception {
        long seconds = Long.getLong("fedduck.it.metadataStressSeconds", 60);
        TestFederation federation = MetadataFixture.federation(dir, sqlite);
        String url = federation.url(local, "");
        List<Method> methods = Arrays.stream(DatabaseMetaData.class.getMethods())
                .filter(m -> !m.getName().equals("unwrap") && !m.getName().equals("isWrapperFor"))
                .sorted(Comparator.comparing(Method::getName)).toList();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong calls = new AtomicLong();
        AtomicLong queries = new AtomicLong();
        AtomicLong passes = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try (Connection holder = java.sql.DriverManager.getConnection(url)) {
            MetadataFixture.createLocal(holder);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < METADATA_THREADS; t++) {
                int offset = t;
                threads.add(new Thread(() -> {
                    try (Connection c = java.sql.DriverManager.getConnection(url)) {
                        DatabaseMetaData md = c.getMetaData();
                        // Whole passes: every thread calls every method at least once, however slow.
                        for (int round = offset; round == offset || System.nanoTime() < end; round++) {
                            String[] target = TARGETS[round % TARGETS.length];
                            for (Method m : methods) {
                                call(md, m, target, failures);
                                calls.incrementAndGet();
                            }
                            passes.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add("metadata thread: " + e);
                    }
                }, "md-stress-" + t));
            }
            for (int t = 0; t < QUERY_THREADS; t++) {
                threads.add(new Thread(() -> {
                    try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
                        while (System.nanoTime() < end) {
                            for (String q : List.of("SELECT count(*) FROM md_pg.md_meta.md_child c JOIN md_pg.md_meta.md_parent p ON p.id = c.parent_id",
                                    "SELECT count(*) FROM md_my.fedduck_test.md_child",
                                    "SELECT count(*) FROM md_lite.main.md_child c JOIN md_lite.main.md_parent p ON p.id = c.parent_id",
                                    "SELECT count(*) FROM md_local_child")) {
                                try (ResultSet rs = s.executeQuery(q)) {
                                    rs.next();
                                    assertEquals(2, rs.getLong(1), q);
                                }
                                queries.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add("query thread: " + e);
                    }
                }, "md-query-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            try (Statement s = holder.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM md_lite.main.md_parent")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getLong(1), "the instance still answers after the stress");
            }
        }
        System.out.printf("metadata stress: %d s, %d metadata calls (%d passes over %d methods), %d queries,"
                + " %d failures%n", seconds, calls.get(), passes.get(), methods.size(), queries.get(), failures.size());
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, by kind: " + failures.stream()
                .map(f -> f.replaceAll("\\[[^]]*\\]", "").replaceAll("(.{0,160}).*", "$1"))
                .collect(java.util.stream.Collectors.groupingBy(f -> f, java.util.TreeMap::new,
                        java.util.stream.Collectors.counting())));
        assertTrue(passes.get() >= METADATA_THREADS, "every thread went through every method");
        assertTrue(queries.get() > 0, "queries ran alongside");
    }

    private static void call(DatabaseMetaData md, Method m, String[] target, ConcurrentLinkedQueue<String> failures) {
        Object[] args = arguments(m, target);
        try {
            Object result = m.invoke(md, args);
            if (result instanceof ResultSet rs) {
                try (rs) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rs.getObject(i);
                        }
                    }
                }
            }
        } catch (InvocationTargetException e) {
            failures.add(m.getName() + Arrays.toString(args) + ": " + e.getCause());
        } catch (Exception e) {
            failures.add(m.getName() + Arrays.toString(args) + ": " + e);
        }
    }

    /** catalog, schema and table (or a pattern) where the method takes them; spec-valid values elsewhere. */
    private static Object[] arguments(Method m, String[] target) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        int strings = 0;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == String.class) {
                // getCrossReference: parent catalog, schema, table, then the child's; the child is md_child,
                // the parent md_parent (or the local pair).
                if (m.getName().equals("getCrossReference")) {
                    String[] parent = {target[0], target[1], target[2].replace("child", "parent")};
                    args[i] = strings < 3 ? parent[strings] : target[strings - 3];
                } else {
                    args[i] = strings < 3 ? target[strings] : null;
                }
                strings++;
            } else if (types[i] == int.class) {
                args[i] = m.getName().startsWith("supportsConvert") ? java.sql.Types.INTEGER
                        : m.getName().equals("getBestRowIdentifier") ? DatabaseMetaData.bestRowSession
                        : m.getName().equals("supportsTransactionIsolationLevel") ? Connection.TRANSACTION_READ_COMMITTED
                        : m.getName().startsWith("supportsResultSetConcurrency") && i == 1 ? ResultSet.CONCUR_READ_ONLY
                        : m.getName().equals("supportsResultSetHoldability") ? ResultSet.HOLD_CURSORS_OVER_COMMIT
                        : ResultSet.TYPE_FORWARD_ONLY;
            } else if (types[i] == boolean.class) {
                args[i] = false;
            }
        }
        return args;
    }
}
