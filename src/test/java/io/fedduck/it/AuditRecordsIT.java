package io.fedduck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedduck.audit.JsonLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit log says of statements on real sources: their kind and the sources they name. */
class AuditRecordsIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void seed() throws Exception {
        Seed.postgres(RemoteDatabases.postgres());
        Seed.mysql(RemoteDatabases.mysql());
    }

    @Test
    void recordsNameTheSourcesAStatementReadsAndTheConnectionsOwnEvents() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        String my = RemoteDatabases.mysql().database();
        TestFederation f = new TestFederation(dir).postgres("pg", RemoteDatabases.postgres(), "")
                .mysql("my", RemoteDatabases.mysql(), "");
        try (Connection c = f.open("audit_log=" + audit + "&user=alice"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg.public.customers c JOIN my." + my
                    + ".events e ON e.customer_id = c.id")) {
                assertTrue(rs.next());
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM mysql_query('my', 'SELECT 1')")) {
                assertTrue(rs.next());
            }
            s.execute("CREATE TABLE notes AS SELECT 1 AS n");
        }
        List<Map<String, Object>> records = Files.readAllLines(audit).stream().map(JsonLine::parse).toList();
        // mysql_query runs whatever SQL it is given on the source: recorded as a write, as the read-only
        // policy counts it
        assertEquals(List.of("connect", "read", "write", "write", "disconnect"),
                records.stream().map(r -> r.get("kind")).toList(), records.toString());
        assertEquals(List.of("pg", "my"), records.get(1).get("catalogs"));
        assertEquals(List.of("my"), records.get(2).get("catalogs"));
        assertEquals(List.of(), records.get(3).get("catalogs"));
        assertTrue(records.stream().allMatch(r -> "alice".equals(r.get("user"))));
    }
}
