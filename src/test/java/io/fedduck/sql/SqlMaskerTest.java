package io.fedduck.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlMaskerTest {

    static Stream<Arguments> maskedShapes() {
        return Stream.of(
                Arguments.of("CREATE USER u PASSWORD 'hunter2'", "CREATE USER u PASSWORD '****'"),
                Arguments.of("ALTER ROLE r WITH ENCRYPTED PASSWORD 'it''s secret' VALID UNTIL 'x'",
                        "ALTER ROLE r WITH ENCRYPTED PASSWORD '****' VALID UNTIL 'x'"),
                Arguments.of("CREATE SECRET s (TYPE postgres, HOST 'h', USER 'u', PASSWORD 'pw1')",
                        "CREATE SECRET s (TYPE postgres, HOST 'h', USER 'u', PASSWORD '****')"),
                Arguments.of("CREATE SECRET (TYPE s3, KEY_ID 'AKIA123', SECRET 'abc/def+ghi', REGION 'eu')",
                        "CREATE SECRET (TYPE s3, KEY_ID 'AKIA123', SECRET '****', REGION 'eu')"),
                Arguments.of("CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's', SESSION_TOKEN 'tok')",
                        "CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET '****', SESSION_TOKEN '****')"),
                Arguments.of("CREATE SECRET (TYPE huggingface, TOKEN 'hf_abc')",
                        "CREATE SECRET (TYPE huggingface, TOKEN '****')"),
                Arguments.of("CREATE SECRET (TYPE http, BEARER_TOKEN 'b3arer')",
                        "CREATE SECRET (TYPE http, BEARER_TOKEN '****')"),
                Arguments.of("CALL sync_table('pg', password := 'pw')", "CALL sync_table('pg', password := '****')"),
                Arguments.of("SELECT f(password => 'pw', b => 1)", "SELECT f(password => '****', b => 1)"),
                Arguments.of("SELECT f(password=>'pw')", "SELECT f(password=>'****')"),
                Arguments.of("ATTACH 'host=h port=5432 password=s3cret dbname=d' AS pg (TYPE postgres)",
                        "ATTACH 'host=h port=5432 password=**** dbname=d' AS pg (TYPE postgres)"),
                Arguments.of("ATTACH 'host=h password=s3cret' AS pg", "ATTACH 'host=h password=****' AS pg"),
                Arguments.of("ATTACH 'host=h user=u passwd=abc' AS my (TYPE mysql)",
                        "ATTACH 'host=h user=u passwd=****' AS my (TYPE mysql)"),
                Arguments.of("Driver=x;Server=h;Uid=u;Pwd=p@ss;Database=d", "Driver=x;Server=h;Uid=u;Pwd=****;Database=d"),
                Arguments.of("ATTACH 'host=h password=''p w'' dbname=d' AS pg",
                        "ATTACH 'host=h password=''****'' dbname=d' AS pg"),
                Arguments.of("ATTACH 'host=h password=''it\\''s'' dbname=d' AS pg",
                        "ATTACH 'host=h password=''****'' dbname=d' AS pg"),
                Arguments.of("connect password='x y' host=h", "connect password='****' host=h"),
                Arguments.of("password=\"x y\" host=h", "password=\"****\" host=h"),
                Arguments.of("ATTACH 'postgresql://user:pw@host:5432/db' AS pg",
                        "ATTACH 'postgresql://user:****@host:5432/db' AS pg"),
                Arguments.of("ATTACH 'postgres://u:p%40ss@h/db?sslmode=require' AS pg",
                        "ATTACH 'postgres://u:****@h/db?sslmode=require' AS pg"),
                Arguments.of("failed: mysql://root:toor@db.example:3306 refused",
                        "failed: mysql://root:****@db.example:3306 refused"),
                Arguments.of("jdbc:postgresql://h/db?user=u&password=pw&ssl=true",
                        "jdbc:postgresql://h/db?user=u&password=****&ssl=true"),
                Arguments.of("{\"user\": \"u\", \"password\": \"p\\\"w\", \"host\": \"h\"}",
                        "{\"user\": \"u\", \"password\": \"****\", \"host\": \"h\"}"),
                Arguments.of("{\"Token\":\"abc\"}", "{\"Token\":\"****\"}"),
                Arguments.of("CREATE USER 'u'@'%' IDENTIFIED BY 'my pw'", "CREATE USER 'u'@'%' IDENTIFIED BY '****'"),
                Arguments.of("ALTER USER u IDENTIFIED WITH mysql_native_password BY 'pw'",
                        "ALTER USER u IDENTIFIED WITH mysql_native_password BY '****'"),
                Arguments.of("CREATE USER u PASSWORD $$pw$$", "CREATE USER u PASSWORD '****'"),
                Arguments.of("CREATE USER u PASSWORD $t$p$w$t$ LOGIN", "CREATE USER u PASSWORD '****' LOGIN"),
                Arguments.of("CREATE USER u PASSWORD E'p\\'w' LOGIN", "CREATE USER u PASSWORD '****' LOGIN"),
                Arguments.of("CREATE USER u PASSWORD 'unterminated", "CREATE USER u PASSWORD '****'"),
                Arguments.of("create user u password 'a'; create user v password 'b'",
                        "create user u password '****'; create user v password '****'"),
                Arguments.of("SET pg_password = 'x'", "SET pg_password = '****'"),
                Arguments.of("SET s3_secret_access_key='abc'; SET s3_access_key_id='AKIA'",
                        "SET s3_secret_access_key='****'; SET s3_access_key_id='AKIA'"),
                Arguments.of("{\"db_password\":\"x\"}", "{\"db_password\":\"****\"}"),
                Arguments.of("password:\n'multi\nline'", "password:\n'****'"),
                // SQL inside a string constant, as handed to postgres_execute, mysql_execute or query
                Arguments.of("CALL postgres_execute('pg', 'ALTER ROLE x PASSWORD ''inner''')",
                        "CALL postgres_execute('pg', 'ALTER ROLE x PASSWORD ''****''')"),
                Arguments.of("CALL postgres_execute('pg', 'CREATE ROLE r LOGIN PASSWORD ''it''''s'' VALID UNTIL ''x''')",
                        "CALL postgres_execute('pg', 'CREATE ROLE r LOGIN PASSWORD ''****'' VALID UNTIL ''x''')"),
                Arguments.of("CALL mysql_execute('my', 'CREATE USER u IDENTIFIED BY ''pw2''')",
                        "CALL mysql_execute('my', 'CREATE USER u IDENTIFIED BY ''****''')"),
                Arguments.of("CREATE SECRET (TYPE postgres, PASSWORD '', USER 'u')",
                        "CREATE SECRET (TYPE postgres, PASSWORD '****', USER 'u')"),
                Arguments.of("SELECT {'user': 'u', 'password': 'x'}", "SELECT {'user': 'u', 'password': '****'}"),
                Arguments.of("SELECT MAP {'Token': 'abc'}", "SELECT MAP {'Token': '****'}"),
                Arguments.of("password: \"x y\"", "password: \"****\""));
    }

    /** Passwords that reached the audit log whole or in part before. */
    static Stream<Arguments> passwordsInArguments() {
        return Stream.of(
                // connect_database(connection_name, database_type, host, port, database, username, password, ...)
                Arguments.of("CALL connect_database('shop', 'postgres', 'db.example.com', 5432, 'shop', 'reporting', 'pw7')",
                        "CALL connect_database('shop', 'postgres', 'db.example.com', 5432, 'shop', 'reporting', '****')"),
                Arguments.of("call Connect_Database('s','mysql','h',3306,'d','u','pw7',ssl_mode := 'require')",
                        "call Connect_Database('s','mysql','h',3306,'d','u','****',ssl_mode := 'require')"),
                Arguments.of("CALL main.connect_database('s', 'postgres', 'h', 5432, 'd', 'u', 'a' || 'b', 'x.db')",
                        "CALL main.connect_database('s', 'postgres', 'h', 5432, 'd', 'u', '****', 'x.db')"),
                Arguments.of("CALL connect_database('s', 'postgres', 'h', f(1, 2), 'd', 'u', /* pw */ upper('pw7'))",
                        "CALL connect_database('s', 'postgres', 'h', f(1, 2), 'd', 'u', /* pw */ '****')"),
                Arguments.of("CALL \"connect_database\"('s', 'postgres', 'h', 5432, 'd', 'u', $$pw7$$)",
                        "CALL \"connect_database\"('s', 'postgres', 'h', 5432, 'd', 'u', '****')"),
                Arguments.of("SELECT * FROM connect_database_args('s', 'postgres', 'h', 5432, 'd', 'u', 'pw7')",
                        "SELECT * FROM connect_database_args('s', 'postgres', 'h', 5432, 'd', 'u', '****')"),
                // a named argument is masked up to the next ',' or ')' outside brackets and strings
                Arguments.of("CALL connect_database('s', 'postgres', password := 'a' || 'b', host := 'h')",
                        "CALL connect_database('s', 'postgres', password := '****', host := 'h')"),
                Arguments.of("CALL f(password => concat('a', 'b, c'), x => 1)", "CALL f(password => '****', x => 1)"),
                Arguments.of("CALL f(password := 'a' -- the rest, later\n || 'b')", "CALL f(password := '****')"),
                Arguments.of("CALL f(password := ['a', 'b'][1] || chr(99), x := 2)", "CALL f(password := '****', x := 2)"),
                Arguments.of("CALL postgres_execute('pg', 'CALL f(password := ''a'' || ''b'', x := 1)')",
                        "CALL postgres_execute('pg', 'CALL f(password := ''****'', x := 1)')"),
                // a string constant is masked with what is concatenated to it
                Arguments.of("CREATE SECRET (TYPE postgres, PASSWORD 'a' || 'b', HOST 'h')",
                        "CREATE SECRET (TYPE postgres, PASSWORD '****', HOST 'h')"),
                Arguments.of("SET pg_password = 'a' || lower('B, C') || 'd'; SELECT 1", "SET pg_password = '****'; SELECT 1"),
                Arguments.of("SELECT {'password': 'a' || 'b'}", "SELECT {'password': '****'}"),
                Arguments.of("ALTER USER u PASSWORD 'a'::VARCHAR || 'b' VALID UNTIL 'x'",
                        "ALTER USER u PASSWORD '****' VALID UNTIL 'x'"),
                // SQL inside a string constant with an escape string, or with its inner closing quote forgotten
                Arguments.of("CALL postgres_execute('pg', 'ALTER ROLE r PASSWORD E''p\\''w''')",
                        "CALL postgres_execute('pg', 'ALTER ROLE r PASSWORD ''****''')"),
                Arguments.of("CALL postgres_execute('pg', 'ALTER ROLE r PASSWORD ''abc')",
                        "CALL postgres_execute('pg', 'ALTER ROLE r PASSWORD ''****''')"));
    }

    @ParameterizedTest
    @MethodSource("passwordsInArguments")
    void masksWholeArguments(String text, String expected) {
        assertEquals(expected, SqlMasker.mask(text));
        assertEquals(expected, SqlMasker.mask(expected), "idempotent");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CALL connect_database('s', 'postgres', 'h', 5432, 'd', 'u', ?)",
        "CALL connect_database('s', 'postgres', 'h', 5432, 'd', 'u', ?, ssl_mode := ?)",
        "CALL connect_database('s', 'sqlite', NULL, NULL, NULL, NULL, NULL, '/data/s.sqlite')",
        "CALL connect_database('s', 'sqlite', file_path := '/data/s.sqlite')",
        "CALL connect_database('s', 'postgres', 'h', 5432, 'd')",
        "CALL disconnect_database('s')",
        "SELECT 'connect_database', 'a', 'b', 'c', 'd', 'e', 'f', 'g'",
        "CALL f(password := ?, x := 1)",
        "CALL f(password := $1)",
        "CALL f(password := $pw)",
        "CALL f(password := NULL)",
    })
    void placeholdersAndOtherArgumentsAreUnchanged(String text) {
        assertEquals(text, SqlMasker.mask(text));
    }

    @ParameterizedTest
    @MethodSource("maskedShapes")
    void masksCredentialValues(String text, String expected) {
        assertEquals(expected, SqlMasker.mask(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "SELECT * FROM prod_pg.public.orders WHERE id = 3",
        "CREATE USER u PASSWORD ?",
        "CALL f(password := ?)",
        "UPDATE users SET password = ? WHERE id = $1",
        "UPDATE users SET password = $1",
        "SELECT password, secret, token FROM t",
        "SELECT 'password', 'abc'",
        "SELECT * FROM t WHERE name = 'password' AND secret_name = 'x'",
        "SELECT 'ALTER ROLE r PASSWORD ?'",
        "SELECT which_secret('s3://b/x', 's3'), duckdb_secrets()",
        "CREATE SECRET my_secret (TYPE s3, KEY_ID 'AKIA')",
        "SELECT * FROM t WHERE key_id = 'abc'",
        "Catalog Error: Table with name orders does not exist!",
        "ATTACH 'host=h port=5432 user=u dbname=d' AS pg",
        "ATTACH 'postgresql://host:5432/db' AS pg",
        "ATTACH 'postgresql://user@host/db' AS pg",
        "{\"user\": \"u\", \"host\": \"h\"}",
        "Grüße, 日本語 😀 'quoted' \"double\"",
        "",
    })
    void textWithoutSecretsIsUnchanged(String text) {
        assertEquals(text, SqlMasker.mask(text));
    }

    @Test
    void nullStaysNull() {
        assertNull(SqlMasker.mask(null));
    }

    @Test
    void maskingIsIdempotent() {
        maskedShapes().forEach(arguments -> {
            String once = SqlMasker.mask((String) arguments.get()[0]);
            assertEquals(once, SqlMasker.mask(once));
        });
    }

    @Test
    void noSecretSurvivesInAMixedText() {
        String text = "CREATE SECRET (TYPE postgres, PASSWORD 'alpha1'); ATTACH 'host=h password=bravo2' AS a; "
                + "ATTACH 'mysql://u:charlie3@h' AS b; -- {\"password\": \"delta4\"}\n"
                + "CREATE USER x IDENTIFIED BY 'echo5'; CALL postgres_execute('pg', 'ALTER ROLE r PASSWORD ''foxtrot6''')";
        String masked = SqlMasker.mask(text);
        for (String secret : new String[] {"alpha1", "bravo2", "charlie3", "delta4", "echo5", "foxtrot6"}) {
            assertFalse(masked.contains(secret), masked);
        }
    }

    private static final int MEGABYTE = 1 << 20;

    /** Texts of about 1 MB whose shapes made the regular expressions backtrack or rescan. */
    static Stream<Arguments> megabyteTexts() {
        return Stream.of(
                Arguments.of("one huge literal", "SELECT '" + "x".repeat(MEGABYTE) + "'"),
                Arguments.of("one huge password", "CREATE USER u PASSWORD '" + "x".repeat(MEGABYTE) + "'"),
                Arguments.of("many small literals", "SELECT " + "'ab', ".repeat(MEGABYTE / 6) + "1"),
                Arguments.of("many password words", "password ".repeat(MEGABYTE / 9)),
                Arguments.of("many named passwords", "f(password := 'x', ".repeat(MEGABYTE / 19)),
                Arguments.of("many nested passwords", "password ''a ".repeat(MEGABYTE / 13) + "'"),
                Arguments.of("deep parentheses", "SELECT " + "(".repeat(MEGABYTE / 2) + "1" + ")".repeat(MEGABYTE / 2)),
                Arguments.of("long line comment", "SELECT 1 -- " + "password ".repeat(MEGABYTE / 9)),
                Arguments.of("long block comment", "SELECT 1 /* " + "y".repeat(MEGABYTE) + " */"),
                Arguments.of("unterminated quotes", "'" + "a'b".repeat(MEGABYTE / 3)),
                Arguments.of("unterminated literal", "SELECT 'abc" + " def".repeat(MEGABYTE / 4)),
                Arguments.of("one long word", "x".repeat(MEGABYTE)),
                Arguments.of("only quotes", "'".repeat(MEGABYTE)),
                Arguments.of("many URIs without @", "a://b:c".repeat(MEGABYTE / 7)),
                Arguments.of("unterminated dollar quote", "$$" + "x".repeat(MEGABYTE)),
                Arguments.of("many dollar tags", "password $a$ " + "$a$b$".repeat(MEGABYTE / 5)),
                Arguments.of("many IDENTIFIED WITH", "identified with '".repeat(MEGABYTE / 17)),
                Arguments.of("many libpq pairs", "password=''a\\'' ".repeat(MEGABYTE / 16)),
                Arguments.of("many JSON pairs", "password=\"\\\"".repeat(MEGABYTE / 12)),
                Arguments.of("many calls", "CALL connect_database(".repeat(MEGABYTE / 22)),
                Arguments.of("many calls in a comment", "connect_database /* ".repeat(MEGABYTE / 20)),
                Arguments.of("many calls on one commented line", "connect_database -- ".repeat(MEGABYTE / 20)),
                Arguments.of("many placeholders in a comment", "password := ? /* ".repeat(MEGABYTE / 17)),
                Arguments.of("many concatenated calls in a comment", "PASSWORD 'a' || f( /* ".repeat(MEGABYTE / 22)),
                Arguments.of("one long concatenation", "PASSWORD 'a'" + " || 'b'".repeat(MEGABYTE / 7)),
                Arguments.of("one long named argument", "f(password := " + "(".repeat(MEGABYTE)),
                Arguments.of("many nested named arguments", "password := ''a ".repeat(MEGABYTE / 16) + "'"),
                Arguments.of("newlines", "\n".repeat(MEGABYTE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("megabyteTexts")
    void masksAMegabyteInWellUnderASecond(String shape, String text) {
        assertFalse(maskWithinBound(shape, text).isEmpty(), shape);
    }

    @Test
    void masksALongPasswordWhole() {
        String masked = maskWithinBound("40,000 characters", "CREATE USER u PASSWORD '" + "x".repeat(40_000) + "' LOGIN");
        assertEquals("CREATE USER u PASSWORD '****' LOGIN", masked);
    }

    /**
     * Masks {@code text} and checks that it took less than 2 s of CPU time: linear masking needs about
     * 10 ms per MB once warm. CPU time, not wall time, so that other work on a busy machine does not
     * count; a wall-clock limit stops a runaway (the regular expressions took minutes).
     */
    private static String maskWithinBound(String shape, String text) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long[] spent = new long[1];
        String masked = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            long start = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
            String result = SqlMasker.mask(text);
            spent[0] = (cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - start;
            return result;
        }, shape);
        assertTrue(spent[0] < Duration.ofSeconds(2).toNanos(), shape + " took " + spent[0] / 1_000_000 + " ms");
        return masked;
    }
}
