package io.fedduck.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;

/**
 * The generated table bench_rows in a source, written and changed through the source's own JDBC driver:
 * twelve columns of mixed types, every value derived from the row number on the server
 * (PostgreSQL's generate_series, MariaDB's Sequence engine), so nothing crosses the network to create it.
 */
final class BenchTable {
    static final String NAME = "bench_rows";

    /** The columns, in table order. note is NULL on every tenth row. */
    static final String COLUMNS = "id, updated_at, customer_id, amount, price, quantity, status, note, created_on,"
            + " is_active, score, category";

    /** MariaDB fills the table in slices of this many rows, to keep each transaction moderate. */
    private static final long MYSQL_SLICE = 1_000_000;

    private final Source source;
    private final long rows;

    BenchTable(Source source, long rows) {
        this.source = source;
        this.rows = rows;
    }

    /** Row count and sum(amount) of a table: enough to tell a full copy from an empty or partial one. */
    record Checksum(long rows, BigDecimal amountSum) {
        static Checksum of(Connection c, String table) throws SQLException {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*), sum(amount) FROM " + table)) {
                rs.next();
                BigDecimal sum = rs.getBigDecimal(2);
                return new Checksum(rs.getLong(1), sum == null ? BigDecimal.ZERO : sum);
            }
        }

        boolean matches(Checksum other) {
            return rows == other.rows && amountSum.compareTo(other.amountSum) == 0;
        }

        @Override
        public String toString() {
            return rows + " rows, sum(amount) " + amountSum.toPlainString();
        }
    }

    /** Creates bench_rows unless it exists with the expected columns and row count. */
    void ensure() throws SQLException {
        try (Connection c = source.open()) {
            String why = whyRecreate(c);
            if (why == null) {
                log("reusing " + NAME + " (" + rows + " rows)");
                return;
            }
            log("creating " + NAME + " with " + rows + " rows (" + why + ")");
            long start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + NAME);
                if (source.kind() == Source.Kind.POSTGRES) {
                    fillPostgres(s);
                } else {
                    fillMysql(s);
                }
            }
            log(String.format("created %s in %.1f s", NAME, (System.nanoTime() - start) / 1e9));
        }
    }

    private String whyRecreate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT " + COLUMNS + " FROM " + NAME + " WHERE 1 = 0").close();
        } catch (SQLException missingOrOtherColumns) {
            return "missing or with other columns";
        }
        long found = Checksum.of(c, NAME).rows();
        return found == rows ? null : "it has " + found + " rows";
    }

    private void fillPostgres(Statement s) throws SQLException {
        s.execute("CREATE TABLE " + NAME + " (id bigint NOT NULL, updated_at timestamp NOT NULL,"
                + " customer_id integer NOT NULL, amount numeric(12,2) NOT NULL, price double precision NOT NULL,"
                + " quantity smallint NOT NULL, status varchar(20) NOT NULL, note text,"
                + " created_on date NOT NULL, is_active boolean NOT NULL, score bigint NOT NULL,"
                + " category varchar(40) NOT NULL)");
        // i is bigint so that i * 7919 cannot overflow.
        s.execute("INSERT INTO " + NAME + " SELECT i,"
                + " timestamp '2024-01-01 00:00:00' + i * interval '1 second',"
                + " 1 + (i * 7919) % 100000,"
                + " ((i * 37) % 1000000) / 100.0,"
                + " (i % 100000) * 0.37,"
                + " (i % 500)::smallint,"
                + " (ARRAY['new','paid','shipped','delivered','returned'])[(1 + i % 5)::int],"
                + " CASE WHEN i % 10 = 0 THEN NULL ELSE left(repeat(md5(i::text), 3), (10 + i % 90)::int) END,"
                + " date '2020-01-01' + (i % 1500)::int,"
                + " i % 3 <> 0,"
                + " (i * 2654435761) % 1000000007,"
                + " 'category_' || i % 37"
                + " FROM generate_series(1::bigint, " + rows + "::bigint) AS g(i)");
        s.execute("ALTER TABLE " + NAME + " ADD PRIMARY KEY (id)");
        s.execute("CREATE INDEX " + NAME + "_updated_at ON " + NAME + " (updated_at)");
        s.execute("ANALYZE " + NAME);
    }

    private void fillMysql(Statement s) throws SQLException {
        s.execute("CREATE TABLE " + NAME + " (id bigint NOT NULL PRIMARY KEY, updated_at datetime(6) NOT NULL,"
                + " customer_id int NOT NULL, amount decimal(12,2) NOT NULL, price double NOT NULL,"
                + " quantity smallint NOT NULL, status varchar(20) NOT NULL, note varchar(200) NULL,"
                + " created_on date NOT NULL, is_active boolean NOT NULL, score bigint NOT NULL,"
                + " category varchar(40) NOT NULL) ENGINE=InnoDB");
        for (long from = 1; from <= rows; from += MYSQL_SLICE) {
            long to = Math.min(rows, from + MYSQL_SLICE - 1);
            // seq_<from>_to_<to> is a table of the Sequence engine, built into MariaDB (not MySQL).
            s.execute("INSERT INTO " + NAME + " SELECT seq,"
                    + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND,"
                    + " 1 + (seq * 7919) % 100000,"
                    + " ((seq * 37) % 1000000) / 100,"
                    + " (seq % 100000) * 0.37,"
                    + " seq % 500,"
                    + " ELT(1 + seq % 5, 'new', 'paid', 'shipped', 'delivered', 'returned'),"
                    + " IF(seq % 10 = 0, NULL, LEFT(REPEAT(MD5(seq), 3), 10 + seq % 90)),"
                    + " DATE '2020-01-01' + INTERVAL (seq % 1500) DAY,"
                    + " seq % 3 <> 0,"
                    + " (seq * 2654435761) % 1000000007,"
                    + " CONCAT('category_', seq % 37)"
                    + " FROM seq_" + from + "_to_" + to);
        }
        s.execute("CREATE INDEX " + NAME + "_updated_at ON " + NAME + " (updated_at)");
        s.execute("ANALYZE TABLE " + NAME);
    }

    /** The table's checksum as the source itself computes it. */
    Checksum checksum() throws SQLException {
        try (Connection c = source.open()) {
            return Checksum.of(c, NAME);
        }
    }

    /**
     * Changes the rows with id % 100 = slice (1% of the table): amount grows by 1 and updated_at moves
     * past every value in the table. With {@code oneTimestamp} all of them get the same updated_at (one
     * bulk UPDATE stamped with its statement time); otherwise each row gets its own, a millisecond apart
     * in id order, as when an application changes rows one at a time. Returns the number of rows changed.
     */
    int touchOnePercent(int slice, boolean oneTimestamp) throws SQLException {
        try (Connection c = source.open()) {
            LocalDateTime latest;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT max(updated_at) FROM " + NAME)) {
                rs.next();
                latest = rs.getObject(1, LocalDateTime.class);
            }
            String stamp = oneTimestamp ? "?" : source.kind() == Source.Kind.POSTGRES
                    ? "? + (id / 100) * INTERVAL '1 millisecond'"
                    : "? + INTERVAL ((id DIV 100) * 1000) MICROSECOND";
            try (PreparedStatement p = c.prepareStatement("UPDATE " + NAME
                    + " SET updated_at = " + stamp + ", amount = amount + 1 WHERE id % 100 = ?")) {
                p.setObject(1, latest.plusSeconds(1));
                p.setInt(2, slice % 100);
                return p.executeUpdate();
            }
        }
    }

    private void log(String message) {
        System.out.println("[bench] " + source.name() + ": " + message);
    }
}
