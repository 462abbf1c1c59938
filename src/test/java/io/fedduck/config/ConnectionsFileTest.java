package io.fedduck.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionsFileTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    @BeforeEach
    void createSqliteFile() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/items.sqlite"), "");
    }

    private FederationConfig parse(String yaml) throws SQLException {
        return parse(yaml, NO_ENV);
    }

    private FederationConfig parse(String yaml, Map<String, String> env) throws SQLException {
        return ConnectionsFile.parse(yaml, "test.yaml", dir, env);
    }

    private SQLException error(String yaml) {
        return error(yaml, NO_ENV);
    }

    private SQLException error(String yaml, Map<String, String> env) {
        SQLException e = assertThrows(SQLException.class, () -> parse(yaml, env));
        assertEquals("22023", e.getSQLState(), e.getMessage());
        return e;
    }

    private static void assertMessage(SQLException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    private static String postgres(String extra) {
        return "connections:\n"
                + "  pg:\n"
                + "    type: postgres\n"
                + "    host: db.example.com\n"
                + "    database: production\n"
                + extra;
    }

    private static String sqlite(String extra) {
        return "connections:\n"
                + "  lite:\n"
                + "    type: sqlite\n"
                + extra;
    }

    // --- the happy path and defaults ---

    @Test
    void fullPostgresConnectionKeepsEveryField() throws Exception {
        SourceConfig s = parse(postgres(
                "    port: 6543\n"
                + "    username: app\n"
                + "    password: pw\n"
                + "    ssl_mode: verify-full\n"
                + "    options:\n"
                + "      read_only: false\n"
                + "      connection_timeout: 5\n"
                + "      query_timeout: 60\n")).sources().get(0);
        assertEquals("pg", s.name());
        assertEquals(SourceType.POSTGRES, s.type());
        assertEquals("db.example.com", s.host());
        assertEquals(6543, s.port());
        assertEquals("production", s.database());
        assertEquals("app", s.username());
        assertEquals("pw", s.password().reveal());
        assertEquals(SslMode.VERIFY_FULL, s.sslMode());
        assertNull(s.charset());
        assertFalse(s.readOnly());
        assertEquals(5, s.connectionTimeoutSeconds());
        assertEquals(60, s.queryTimeoutSeconds());
        assertEquals(new ConfigLocation("test.yaml", 2), s.location());
    }

    @Test
    void defaultsApplyWhenOptionsAreLeftOut() throws Exception {
        SourceConfig s = parse(postgres("")).sources().get(0);
        assertEquals(5432, s.port());
        assertTrue(s.readOnly());
        assertEquals(30, s.connectionTimeoutSeconds());
        assertEquals(300, s.queryTimeoutSeconds());
        assertFalse(s.createIfMissing());
        assertNull(s.sslMode(), "not given means: the extension's default");
        assertNull(s.username());
        assertNull(s.password());
    }

    @Test
    void mysqlDefaultsToPort3306AndUtf8mb4() throws Exception {
        SourceConfig s = parse("connections:\n  my:\n    type: mysql\n    host: h\n    database: d\n").sources().get(0);
        assertEquals(3306, s.port());
        assertEquals("utf8mb4", s.charset());
        assertNull(s.sslMode());
        assertFalse(s.compress(), "FedDuck turns the extension's protocol compression off unless asked");
    }

    @Test
    void compressIsAMysqlOption() throws Exception {
        SourceConfig s = parse("connections:\n  my:\n    type: mysql\n    host: h\n    database: d\n"
                + "    options:\n      compress: true\n").sources().get(0);
        assertTrue(s.compress());
        assertTrue(s.toString().contains("compress=true"), s.toString());
        assertMessage(error(postgres("    options:\n      compress: true\n")),
                "field 'options.compress': does not apply to a postgres connection");
        assertMessage(error("connections:\n  my:\n    type: mysql\n    host: h\n    database: d\n"
                + "    options:\n      compress: zlib\n"), "field 'options.compress'");
    }

    @Test
    void sslModeIsAcceptedOnMysql() throws Exception {
        SourceConfig s = parse("connections:\n  my:\n    type: mysql\n    host: h\n    database: d\n"
                + "    ssl_mode: require\n").sources().get(0);
        assertEquals(SslMode.REQUIRE, s.sslMode());
    }

    @Test
    void sqliteHasPortZeroAndNoCharset() throws Exception {
        SourceConfig s = parse(sqlite("    file_path: data/items.sqlite\n")).sources().get(0);
        assertEquals(0, s.port());
        assertNull(s.charset());
        assertNull(s.host());
        assertTrue(s.readOnly());
    }

    @Test
    void sourcesKeepFileOrderAndAreFoundCaseInsensitively() throws Exception {
        FederationConfig config = parse("connections:\n"
                + "  zeta:\n    type: sqlite\n    file_path: data/items.sqlite\n"
                + "  Alpha:\n    type: sqlite\n    file_path: data/items.sqlite\n"
                + "  mid:\n    type: sqlite\n    file_path: data/items.sqlite\n");
        assertEquals(List.of("zeta", "Alpha", "mid"), config.sources().stream().map(SourceConfig::name).toList());
        assertEquals("Alpha", config.source("ALPHA").orElseThrow().name());
        assertTrue(config.source("nope").isEmpty());
        assertNull(config.file(), "parsed text has no file");
    }

    @Test
    void emptyFileGivesNoSources() throws Exception {
        assertEquals(0, parse("").sources().size());
        assertEquals(0, parse("# only a comment\n").sources().size());
    }

    @Test
    void connectionsWithoutEntriesGivesNoSources() throws Exception {
        assertEquals(0, parse("connections:\n").sources().size());
        assertEquals(0, parse("connections: {}\n").sources().size());
    }

    @Test
    void emptyConfigurationHasNoFileAndNoSources() {
        assertNull(FederationConfig.empty().file());
        assertTrue(FederationConfig.empty().sources().isEmpty());
    }

    @Test
    void scalarAliasesCanBeReused() throws Exception {
        FederationConfig config = parse("connections:\n"
                + "  a:\n    type: postgres\n    host: &h db.local\n    database: x\n"
                + "  b:\n    type: mysql\n    host: *h\n    database: y\n");
        assertEquals("db.local", config.source("b").orElseThrow().host());
    }

    // --- safe YAML ---

    @Test
    void yamlSyntaxErrorNamesFileAndLine() {
        SQLException e = error("connections:\n  pg:\n    type: postgres\n   host: [unclosed\n");
        assertTrue(e.getMessage().startsWith("test.yaml:"), e.getMessage());
        assertMessage(e, "not valid YAML");
        assertNull(e.getCause(), "SnakeYAML's exception quotes the line and must not be chained");
    }

    @Test
    void yamlSyntaxErrorReportsTheLineAndColumnOfTheProblem() {
        SQLException e = error("connections:\n  pg:\n    type: postgres\n    host: a: b\n");
        assertMessage(e, "test.yaml:4:12: not valid YAML");
    }

    @Test
    void duplicateKeysAreRefused() {
        SQLException e = error(postgres("    host: other\n"));
        assertMessage(e, "test.yaml:6: connection 'pg', field 'host'", "appears twice (first on line 4)");
    }

    @Test
    void duplicateOptionKeysAreRefused() {
        SQLException e = error(postgres("    options:\n      read_only: true\n      read_only: false\n"));
        assertMessage(e, "test.yaml:8", "options.read_only", "appears twice");
    }

    @Test
    void duplicateTopLevelSectionsAreRefused() {
        assertMessage(error("connections:\nconnections:\n"), "test.yaml:2", "appears twice");
    }

    @Test
    void aliasesForCollectionsAreLimited() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 12; i++) {
            yaml.append("b").append(i).append(": &b").append(i).append(" [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n");
        }
        assertMessage(error(yaml.toString()), "not valid YAML", "aliases");
    }

    @Test
    void explicitTagsAreRefused() {
        assertMessage(error(postgres("    port: !!java.net.URL http://evil\n")), "test.yaml:6", "tag");
        assertMessage(error(postgres("    username: !custom x\n")), "test.yaml:6: connection 'pg', field 'username'",
                "tags are not supported");
        assertMessage(error(postgres("    username: !<tag:evil.com,2000:x> y\n")), "test.yaml:6", "tag");
    }

    @Test
    void javaObjectPayloadIsRefusedWithoutConstructingAnything() {
        SQLException e = error("connections:\n  pg:\n    type: postgres\n    database: d\n"
                + "    host: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                + " [\"http://localhost/\"]]]]\n");
        assertMessage(e, "test.yaml:5", "tag");
    }

    // --- top level ---

    @Test
    void topLevelMustBeAMapping() {
        assertMessage(error("- a\n- b\n"), "test.yaml:1: the top level must be a mapping");
    }

    @Test
    void unknownTopLevelKeyListsKnownSections() {
        SQLException e = error("connections:\nroles:\n  admin: {}\n");
        assertMessage(e, "test.yaml:2: unknown top-level section 'roles'", "known sections: access, connections");
    }

    @Test
    void misspeltTopLevelSectionSuggestsTheKnownOne() {
        assertMessage(error("conections:\n"), "did you mean connections?");
    }

    @Test
    void connectionsAsAListIsRefused() {
        assertMessage(error("connections:\n  - name: pg\n    type: postgres\n"), "test.yaml:2", "not be a list");
    }

    @Test
    void connectionWithoutFieldsIsRefused() {
        assertMessage(error("connections:\n  pg:\n"), "test.yaml:2: connection 'pg': has no fields");
    }

    // --- names ---

    @ParameterizedTest
    @ValueSource(strings = {"prod-db", "1prod", "prod db", "\"pröd\"", "\"a.b\""})
    void connectionNameMustBeAnIdentifier(String name) {
        assertMessage(error("connections:\n  " + name + ":\n    type: sqlite\n    file_path: data/items.sqlite\n"),
                "test.yaml:2: connection '", "identifier");
    }

    @Test
    void emptyConnectionNameIsRefused() {
        assertMessage(error("connections:\n  \"\":\n    type: sqlite\n"), "test.yaml:2: connection '': the connection"
                + " name is empty");
    }

    @Test
    void connectionNameMayHaveDigitsAndUnderscores() throws Exception {
        assertEquals("_prod_2", parse("connections:\n  _prod_2:\n    type: sqlite\n    file_path: data/items.sqlite\n")
                .sources().get(0).name());
    }

    @Test
    void connectionNameIsAtMost63Characters() throws Exception {
        String ok = "a".repeat(63);
        assertEquals(ok, parse("connections:\n  " + ok + ":\n    type: sqlite\n    file_path: data/items.sqlite\n")
                .sources().get(0).name());
        assertMessage(error("connections:\n  " + ok + "b:\n    type: sqlite\n    file_path: data/items.sqlite\n"),
                "longer than 63");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "system", "TEMP", "Main"})
    void duckdbReservedCatalogNamesAreRefused(String name) {
        assertMessage(error("connections:\n  " + name + ":\n    type: sqlite\n    file_path: data/items.sqlite\n"),
                "connection '" + name + "'", "reserved");
    }

    @Test
    void connectionNamesAreUniqueCaseInsensitively() {
        SQLException e = error("connections:\n"
                + "  prod:\n    type: sqlite\n    file_path: data/items.sqlite\n"
                + "  PROD:\n    type: sqlite\n    file_path: data/items.sqlite\n");
        assertMessage(e, "test.yaml:5: connection 'PROD'", "already used by connection 'prod' on line 2");
    }

    // --- keys ---

    @Test
    void misspeltKeySuggestsTheClosestValidKey() {
        SQLException e = error(postgres("    pasword: secret\n"));
        assertMessage(e, "test.yaml:6: connection 'pg', field 'pasword': unknown field, did you mean password?",
                "valid fields: type, host, port, database, username, password, file_path, ssl_mode, charset, options");
    }

    @Test
    void transposedLettersStillGetASuggestion() {
        assertMessage(error("connections:\n  pg:\n    tpye: postgres\n"), "field 'tpye'", "did you mean type?");
    }

    @Test
    void commonSynonymsGetASuggestion() {
        assertMessage(error(postgres("    user: app\n")), "field 'user'", "did you mean username?");
        assertMessage(error(postgres("    dbname: x\n")), "field 'dbname'", "did you mean database?");
    }

    @Test
    void unknownKeyFarFromAnyValidKeyListsTheValidKeys() {
        SQLException e = error(postgres("    colour: blue\n"));
        assertMessage(e, "field 'colour': unknown field (valid fields: type,");
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    }

    @Test
    void optionWrittenAtConnectionLevelSaysItBelongsUnderOptions() {
        assertMessage(error(postgres("    read_only: false\n")), "field 'read_only': belongs under options:");
    }

    @Test
    void misspeltOptionSuggestsTheClosestOption() {
        SQLException e = error(postgres("    options:\n      read_onyl: false\n"));
        assertMessage(e, "test.yaml:7: connection 'pg', field 'options.read_onyl': unknown option, did you mean"
                + " read_only?", "valid options: read_only, connection_timeout, query_timeout, create_if_missing, compress");
    }

    @Test
    void connectionFieldUnderOptionsSaysWhereItBelongs() {
        assertMessage(error(postgres("    options:\n      port: 1\n")), "field 'options.port': belongs directly");
    }

    @Test
    void optionsMustBeAMapping() {
        assertMessage(error(postgres("    options: true\n")), "test.yaml:6", "field 'options': must be a mapping");
    }

    @Test
    void listWhereASingleValueBelongsIsRefused() {
        assertMessage(error(postgres("    username: [a, b]\n")), "field 'username': expects a single value, not a list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host: h", "port: 1", "username: u", "password: p", "database: d", "ssl_mode: require",
        "charset: utf8mb4"})
    void networkKeysDoNotApplyToSqlite(String line) {
        String key = line.substring(0, line.indexOf(':'));
        assertMessage(error(sqlite("    file_path: data/items.sqlite\n    " + line + "\n")),
                "test.yaml:5: connection 'lite', field '" + key + "': does not apply to a sqlite connection");
    }

    @Test
    void filePathDoesNotApplyToPostgresOrMysql() {
        assertMessage(error(postgres("    file_path: x.db\n")), "field 'file_path': does not apply to a postgres"
                + " connection (it is for sqlite)");
        assertMessage(error("connections:\n  my:\n    type: mysql\n    host: h\n    database: d\n    file_path: x\n"),
                "field 'file_path': does not apply to a mysql connection");
    }

    @Test
    void charsetDoesNotApplyToPostgres() {
        assertMessage(error(postgres("    charset: utf8mb4\n")), "field 'charset': does not apply to a postgres"
                + " connection (it is for mysql)");
    }

    @Test
    void createIfMissingDoesNotApplyToPostgres() {
        assertMessage(error(postgres("    options:\n      create_if_missing: true\n")),
                "field 'options.create_if_missing': does not apply to a postgres connection");
    }

    // --- type, host, database ---

    @Test
    void missingTypeListsTheTypes() {
        assertMessage(error("connections:\n  pg:\n    host: h\n"),
                "test.yaml:2: connection 'pg', field 'type': missing", "postgres, mysql, sqlite");
    }

    @Test
    void unknownTypeListsTheTypes() {
        assertMessage(error("connections:\n  pg:\n    type: postgresql\n"),
                "test.yaml:3: connection 'pg', field 'type': unknown type", "postgres, mysql, sqlite");
    }

    @Test
    void missingHostIsAnError() {
        assertMessage(error("connections:\n  pg:\n    type: postgres\n    database: d\n"),
                "test.yaml:2: connection 'pg', field 'host': missing");
        assertMessage(error("connections:\n  my:\n    type: mysql\n    database: d\n"), "field 'host': missing");
    }

    @Test
    void emptyHostCountsAsMissing() {
        assertMessage(error("connections:\n  pg:\n    type: postgres\n    host: ''\n    database: d\n"),
                "field 'host': missing");
    }

    @Test
    void databaseIsRequiredForPostgresAndMysql() {
        assertMessage(error("connections:\n  pg:\n    type: postgres\n    host: h\n"), "field 'database': missing");
        assertMessage(error("connections:\n  my:\n    type: mysql\n    host: h\n"), "field 'database': missing");
    }

    // --- port, timeouts, booleans ---

    @Test
    void portFromInterpolatedStringIsAccepted() throws Exception {
        assertEquals(5433, parse(postgres("    port: ${PGPORT}\n"), Map.of("PGPORT", "5433")).sources().get(0).port());
        assertEquals(65535, parse(postgres("    port: 65535\n")).sources().get(0).port());
        assertEquals(1, parse(postgres("    port: '1'\n")).sources().get(0).port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "65536", "-1", "5432.0", "99999999999999999999"})
    void portMustBeAWholeNumberFrom1To65535(String port) {
        assertMessage(error(postgres("    port: " + port + "\n")),
                "test.yaml:6: connection 'pg', field 'port': must be a whole number from 1 to 65535");
    }

    @Test
    void emptyInterpolatedPortMeansTheDefault() throws Exception {
        assertEquals(5432, parse(postgres("    port: ${PGPORT:-}\n")).sources().get(0).port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"connection_timeout: 0", "query_timeout: -5", "query_timeout: abc",
        "connection_timeout: 1.5", "query_timeout: 2147484"})
    void timeoutsMustBePositiveWholeSeconds(String line) {
        String key = line.substring(0, line.indexOf(':'));
        assertMessage(error(postgres("    options:\n      " + line + "\n")),
                "test.yaml:7: connection 'pg', field 'options." + key + "': must be a whole number of seconds");
    }

    @Test
    void timeoutsFromTheEnvironmentAreAccepted() throws Exception {
        SourceConfig s = parse(postgres("    options:\n      connection_timeout: ${CT}\n      query_timeout: ${QT}\n"),
                Map.of("CT", "7", "QT", "3600")).sources().get(0);
        assertEquals(7, s.connectionTimeoutSeconds());
        assertEquals(3600, s.queryTimeoutSeconds());
    }

    @Test
    void booleansAcceptYamlBooleansAndTrueFalseStrings() throws Exception {
        assertFalse(parse(postgres("    options:\n      read_only: False\n")).sources().get(0).readOnly());
        assertFalse(parse(postgres("    options:\n      read_only: 'false'\n")).sources().get(0).readOnly());
        assertFalse(parse(postgres("    options:\n      read_only: ${RO}\n"), Map.of("RO", "FALSE")).sources().get(0)
                .readOnly());
        assertTrue(parse(postgres("    options:\n      read_only: ${RO:-true}\n")).sources().get(0).readOnly());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "off", "maybe"})
    void booleansAcceptOnlyTrueOrFalse(String value) {
        assertMessage(error(postgres("    options:\n      read_only: " + value + "\n")),
                "field 'options.read_only': must be true or false");
    }

    @Test
    void unknownSslModeListsTheModes() {
        assertMessage(error(postgres("    ssl_mode: prefer\n")),
                "test.yaml:6: connection 'pg', field 'ssl_mode': must be one of disable, require, verify-full");
    }

    // --- charset ---

    @Test
    void charsetUtf8mb4IsAcceptedInAnyCase() throws Exception {
        assertEquals("utf8mb4", parse("connections:\n  my:\n    type: mysql\n    host: h\n    database: d\n"
                + "    charset: UTF8MB4\n").sources().get(0).charset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf8", "latin1"})
    void otherCharsetsAreRefusedWithTheReason(String charset) {
        assertMessage(error("connections:\n  my:\n    type: mysql\n    host: h\n    database: d\n    charset: "
                + charset + "\n"), "test.yaml:6: connection 'my', field 'charset': only utf8mb4",
                "always talks utf8mb4", "server converts column character sets");
    }

    // --- sqlite files ---

    @Test
    void relativeSqlitePathResolvesAgainstTheBaseFolder() throws Exception {
        SourceConfig s = parse(sqlite("    file_path: ./data/../data/items.sqlite\n")).sources().get(0);
        assertEquals(dir.resolve("data/items.sqlite").toAbsolutePath().normalize(), s.filePath());
        assertTrue(s.filePath().isAbsolute());
    }

    @Test
    void absoluteSqlitePathIsKept() throws Exception {
        Path file = dir.resolve("data/items.sqlite").toAbsolutePath();
        assertEquals(file, parse(sqlite("    file_path: '" + file + "'\n")).sources().get(0).filePath());
    }

    @Test
    void sqliteFilePathIsRequired() {
        assertMessage(error(sqlite("")), "test.yaml:2: connection 'lite', field 'file_path': missing");
    }

    @Test
    void missingSqliteFileIsAnError() {
        SQLException e = error(sqlite("    file_path: data/nope.sqlite\n"));
        assertMessage(e, "test.yaml:4: connection 'lite', field 'file_path'", "does not exist", "nope.sqlite",
                "create_if_missing");
    }

    @Test
    void sqliteDirectoryIsAnError() {
        assertMessage(error(sqlite("    file_path: data\n")), "field 'file_path'", "is a directory");
    }

    @Test
    void missingSqliteFileIsAcceptedWhenCreationIsWantedAndWritable() throws Exception {
        SourceConfig s = parse(sqlite("    file_path: data/new.sqlite\n"
                + "    options:\n      read_only: false\n      create_if_missing: true\n")).sources().get(0);
        assertTrue(s.createIfMissing());
        assertFalse(s.readOnly());
        assertFalse(Files.exists(s.filePath()), "the parser does not create the file");
    }

    @Test
    void createIfMissingRequiresReadOnlyFalse() {
        assertMessage(error(sqlite("    file_path: data/new.sqlite\n    options:\n      create_if_missing: true\n")),
                "test.yaml:6: connection 'lite', field 'options.create_if_missing'", "read_only: false");
    }

    @Test
    void createIfMissingNeedsAnExistingFolder() {
        assertMessage(error(sqlite("    file_path: nofolder/new.sqlite\n"
                + "    options:\n      read_only: false\n      create_if_missing: true\n")), "folder", "does not exist");
    }

    // --- interpolation ---

    @Test
    void variablesAreReplacedAnywhereInAValue() throws Exception {
        SourceConfig s = parse(postgres("    username: ${APP}_${ENV}_user\n    password: pre-${PW}\n"),
                Map.of("APP", "shop", "ENV", "prod", "PW", "x")).sources().get(0);
        assertEquals("shop_prod_user", s.username());
        assertEquals("pre-x", s.password().reveal());
    }

    @Test
    void fallbackIsUsedWhenTheVariableIsUnsetOrEmpty() throws Exception {
        String yaml = postgres("    username: ${PGUSER:-reader}\n");
        assertEquals("reader", parse(yaml).sources().get(0).username());
        assertEquals("reader", parse(yaml, Map.of("PGUSER", "")).sources().get(0).username());
        assertEquals("writer", parse(yaml, Map.of("PGUSER", "writer")).sources().get(0).username());
    }

    @Test
    void doubleDollarIsALiteralDollarBrace() throws Exception {
        assertEquals("a${B}c$d", parse(postgres("    password: a$${B}c$d\n")).sources().get(0).password().reveal());
    }

    @Test
    void undefinedVariableNamesVariableFileLineConnectionAndField() {
        SQLException e = error(postgres("    password: ${PG_PASSWORD}\n"), Map.of("OTHER", "x"));
        assertEquals("test.yaml:6: connection 'pg', field 'password': environment variable PG_PASSWORD is not set"
                + " and ${PG_PASSWORD} has no fallback (write ${PG_PASSWORD:-fallback} for a default)", e.getMessage());
    }

    @Test
    void variablesInsideOptionsAreReplacedAndReported() {
        assertMessage(error(postgres("    options:\n      query_timeout: ${QT}\n")),
                "test.yaml:7: connection 'pg', field 'options.query_timeout': environment variable QT is not set");
    }

    @Test
    void unterminatedVariableIsAnError() {
        assertMessage(error(postgres("    username: ${USER\n")), "field 'username'", "not closed");
    }

    @Test
    void malformedVariableNameIsAnErrorThatDoesNotEchoIt() {
        SQLException e = error(postgres("    password: ab${not a name}cd\n"));
        assertMessage(e, "field 'password'", "environment variable name");
        assertFalse(e.getMessage().contains("not a name"), e.getMessage());
    }

    @Test
    void sqliteFileFromAVariableIsNamedByTheVariableNotItsValue() throws Exception {
        Map<String, String> env = Map.of("LITE", "/Zq9secret/path.sqlite");
        SQLException missing = error(sqlite("    file_path: ${LITE}\n"), env);
        assertMessage(missing, "test.yaml:4: connection 'lite', field 'file_path': the SQLite file does not exist",
                "create_if_missing", "the value comes from ${LITE}; it is not shown");
        assertNotLeaked(missing, "Zq9secret", "path.sqlite");

        SQLException partly = error(sqlite("    file_path: ${DIR}/Zq9nope.sqlite\n"), Map.of("DIR", "/Zq9secret"));
        assertMessage(partly, "field 'file_path'", "does not exist", "${DIR}");
        assertNotLeaked(partly, "Zq9");

        Files.createDirectories(dir.resolve("Zq9secret"));
        SQLException directory = error(sqlite("    file_path: ${LITE}\n"), Map.of("LITE", dir + "/Zq9secret"));
        assertMessage(directory, "field 'file_path': names a directory, not a SQLite file", "${LITE}");
        assertNotLeaked(directory, "Zq9secret", dir.toString());

        SQLException folder = error(sqlite("    file_path: ${LITE}\n    options:\n      read_only: false\n"
                + "      create_if_missing: true\n"), Map.of("LITE", "/Zq9secret/new.sqlite"));
        assertMessage(folder, "field 'file_path': the folder of the SQLite file does not exist", "${LITE}");
        assertNotLeaked(folder, "Zq9secret");
    }

    @Test
    void aLiteralSqlitePathIsStillShownResolved() {
        assertMessage(error(sqlite("    file_path: data/nope.sqlite\n")),
                "the SQLite file " + dir.resolve("data/nope.sqlite") + " does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"type: ${V}", "port: ${V}", "ssl_mode: ${V}", "options:\n      read_only: ${V}",
        "options:\n      connection_timeout: ${V}", "options:\n      query_timeout: ${V}", "port: 1${V}",
        "options:\n      query_timeout: ${U:-x}${V}"})
    void badValueFromAVariableNamesTheVariableNotTheValue(String line) {
        String yaml = "connections:\n  my:\n    host: ${V}\n    database: ${V}\n    username: ${V}\n"
                + "    password: ${V}\n    " + (line.startsWith("type") ? "" : "type: mysql\n    ") + line + "\n";
        SQLException e = error(yaml, Map.of("V", "Zq9:secret"));
        assertMessage(e, "connection 'my', field '", "the value comes from ", "${V}", "it is not shown");
        assertNotLeaked(e, "Zq9");
    }

    @Test
    void charsetFromAVariableNamesTheVariable() {
        SQLException e = error("connections:\n  my:\n    type: mysql\n    host: h\n    database: d\n"
                + "    charset: ${CS}\n", Map.of("CS", "Zq9latin1"));
        assertMessage(e, "test.yaml:6: connection 'my', field 'charset': only utf8mb4", "comes from ${CS}");
        assertNotLeaked(e, "Zq9");
    }

    @Test
    void emptyVariableForARequiredFieldSaysTheVariableIsEmpty() {
        SQLException e = error("connections:\n  pg:\n    type: postgres\n    host: ${PGHOST}\n    database: d\n",
                Map.of("PGHOST", ""));
        assertEquals("test.yaml:4: connection 'pg', field 'host': missing; a postgres connection needs host: (the"
                + " value comes from ${PGHOST} and is empty)", e.getMessage());
    }

    @Test
    void errorsOfLiteralValuesDoNotMentionVariables() {
        assertFalse(error(postgres("    port: abc\n")).getMessage().contains("comes from"));
    }

    @Test
    void unknownKeyIsReportedBeforeItsUndefinedVariable() {
        assertMessage(error(postgres("    pasword: ${PG_PASSWORD}\n")), "did you mean password?");
    }

    // --- error form and secrets ---

    @Test
    void errorMessageHasFileLineConnectionAndField() {
        assertEquals("test.yaml:6: connection 'pg', field 'port': must be a whole number from 1 to 65535",
                error(postgres("    port: 70000\n")).getMessage());
    }

    @Test
    void passwordNeverAppearsInAnyMessageOrToString() throws Exception {
        String marker = "Zq9-MARKER-7xW";
        Map<String, String> env = Map.of("PW", marker);
        List<String> texts = new ArrayList<>();
        List<String> broken = List.of(
                postgres("    password: " + marker + "\n    port: abc\n"),
                postgres("    password: ${PW}\n    port: 0\n"),
                postgres("    password: " + marker + "\n    pasword: " + marker + "\n"),
                "connections:\n  pg:\n    type: postgre\n    password: " + marker + "\n",
                "connections:\n  pg:\n    type: sqlite\n    password: ${PW}\n",
                postgres("    password: ${PW}${MISSING}\n"),
                postgres("    password: " + marker + "${oops\n"),
                postgres("    password: " + marker + "${bad name}\n"),
                postgres("    password: [" + marker + "]\n"),
                postgres("    password: !tag " + marker + "\n"),
                postgres("    password: *" + marker + "\n"),
                postgres("    password: %" + marker + "\n"),
                postgres("    password: \"\\q" + marker + "\"\n"),
                postgres("    password: \"" + marker + "\n"),
                postgres("    password: '" + marker + "\n"),
                postgres("    password: " + marker + ": x\n"),
                postgres("    password: " + marker + "\n    password: " + marker + "\n"),
                postgres("    password: @" + marker + "\n"),
                postgres("    password: `" + marker + "\n"),
                postgres("    password: &" + marker + " [a]\n"),
                postgres("    password: &" + marker + "\n"),
                postgres("    password: &" + marker + " x\n"),
                postgres("    password: \"\\x" + marker + "\"\n"),
                postgres("    password: \"\\u" + marker + "\"\n"),
                postgres("    password: " + marker + "\n   port: 1\n"),
                postgres("    password: " + marker + "\n\tport: 1\n"));
        for (String yaml : broken) {
            SQLException e = assertThrows(SQLException.class, () -> parse(yaml, env), yaml);
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
                texts.add(t.toString());
            }
        }
        SourceConfig ok = parse(postgres("    password: ${PW}\n"), env).sources().get(0);
        assertEquals(marker, ok.password().reveal());
        texts.add(ok.toString());
        texts.add(ok.password().toString());
        texts.add(parse(postgres("    password: ${PW}\n"), env).toString());
        for (String text : texts) {
            assertFalse(text.contains(marker), "password leaked: " + text);
            assertFalse(text.contains("MARKER"), "part of the password leaked: " + text);
        }
    }

    @Test
    void yamlErrorsDoNotQuoteCharactersOfTheValue() {
        String[] values = {"\"\\xQW\"", "\"\\qQW\"", "@QW", "`QW", "%QW", "*QW"};
        for (String value : values) {
            SQLException e = error(postgres("    password: " + value + "\n"));
            assertMessage(e, "test.yaml:6:", ": not valid YAML");
            assertFalse(e.getMessage().contains("QW"), e.getMessage());
            assertFalse(e.getMessage().contains("use " + value.charAt(0)), e.getMessage());
        }
    }

    @Test
    void passwordWithAnAnchorIsRefusedInsteadOfBeingEmpty() {
        assertMessage(error(postgres("    password: &secret\n")),
                "test.yaml:6: connection 'pg', field 'password': YAML anchors and aliases are not allowed");
    }

    @Test
    void sourceConfigToStringMasksThePassword() throws Exception {
        SourceConfig s = parse(postgres("    password: hunter2\n")).sources().get(0);
        assertTrue(s.toString().contains("password=****"), s.toString());
        assertFalse(s.toString().contains("hunter2"));
    }

    // --- files ---

    @Test
    void loadResolvesRelativePathsAgainstTheFilesFolder() throws Exception {
        Path file = dir.resolve("conf/connections.yaml");
        Files.createDirectories(file.getParent());
        Files.createDirectories(dir.resolve("conf/db"));
        Files.writeString(dir.resolve("conf/db/a.sqlite"), "");
        Files.writeString(file, "connections:\n  lite:\n    type: sqlite\n    file_path: db/a.sqlite\n");
        FederationConfig config = ConnectionsFile.load(file, NO_ENV);
        assertEquals(file.toAbsolutePath().normalize(), config.file());
        assertEquals(dir.resolve("conf/db/a.sqlite").toAbsolutePath().normalize(),
                config.sources().get(0).filePath());
        assertEquals(new ConfigLocation(file.toString(), 2), config.sources().get(0).location());
    }

    @Test
    void loadErrorsNameTheFileAsGiven() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "connections:\n  pg:\n    type: nope\n");
        SQLException e = assertThrows(SQLException.class, () -> ConnectionsFile.load(file, NO_ENV));
        assertTrue(e.getMessage().startsWith(file + ":3: connection 'pg', field 'type'"), e.getMessage());
    }

    @Test
    void missingConnectionsFileIsAnError() {
        SQLException e = assertThrows(SQLException.class,
                () -> ConnectionsFile.load(dir.resolve("absent.yaml"), NO_ENV));
        assertEquals("22023", e.getSQLState());
        assertMessage(e, "absent.yaml", "does not exist");
    }

    /** Every message in the chain, and each throwable's toString, so a test can look for leaked text. */
    private static List<String> chainTexts(Throwable e) {
        List<String> texts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
            for (Throwable s : t.getSuppressed()) {
                texts.addAll(chainTexts(s));
            }
        }
        return texts;
    }

    private static void assertNotLeaked(Throwable e, String... secrets) {
        for (String text : chainTexts(e)) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), () -> "'" + secret + "' leaked: " + text);
            }
        }
    }

    @Test
    void aFileThatIsNotAConnectionsFileIsNotQuoted() throws Exception {
        // What config=/etc/shadow reads: each line is a YAML key "root:$6$...:7::" with an empty value.
        Path file = dir.resolve("shadow");
        Files.writeString(file, "root:$6$Zq9SHADOW.hash/xyz:19000:0:99999:7:::\n"
                + "daemon:*:19000:0:99999:7:::\n");
        SQLException e = assertThrows(SQLException.class, () -> ConnectionsFile.load(file, NO_ENV));
        assertEquals("22023", e.getSQLState());
        assertMessage(e, file + ":1:", "unknown top-level section", "known sections: access, connections");
        assertNotLeaked(e, "SHADOW", "root:", "19000", "$6$");
    }

    @Test
    void keysThatAreNotPlainNamesAreNotEchoed() {
        // A password typed without the space after the colon becomes part of a key.
        SQLException field = error(postgres("    password:Zq9hunter:\n"));
        assertMessage(field, "test.yaml:6: connection 'pg', field (not shown: not a plain name): unknown field");
        assertNotLeaked(field, "Zq9hunter");
        SQLException option = error(postgres("    options:\n      read_only:Zq9hunter:\n"));
        assertMessage(option, "test.yaml:7: connection 'pg', field", "unknown option");
        assertNotLeaked(option, "Zq9hunter");
        SQLException name = error("connections:\n  pg:Zq9hunter:\n    type: sqlite\n");
        assertMessage(name, "test.yaml:2: connection (not shown: not a plain name): ");
        assertNotLeaked(name, "Zq9hunter");
        SQLException twice = error(postgres("    password:Zq9hunter:\n    password:Zq9hunter:\n"));
        assertMessage(twice, "test.yaml:7:", "appears twice (first on line 6)");
        assertNotLeaked(twice, "Zq9hunter");
    }

    @Test
    void aShadowLikeFileThatIsNotValidYamlGivesLineColumnAndAGenericProblem() throws Exception {
        Path file = dir.resolve("shadow");
        Files.writeString(file, "root:$6$Zq9SHADOW.hash/xyz:19000:0:99999:7:::\n"
                + "bin: *:19000:0:99999:7:::\n");
        SQLException e = assertThrows(SQLException.class, () -> ConnectionsFile.load(file, NO_ENV));
        assertEquals("22023", e.getSQLState());
        assertEquals(file + ":2:7: not valid YAML: unexpected character (quote a value that starts with a special"
                + " character such as * & ! % @ or `)", e.getMessage());
        assertNull(e.getCause(), "SnakeYAML's exception quotes the line and must not be chained");
        assertNotLeaked(e, "SHADOW", "root", "19000", "$6$", "bin");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a: b\n  Zq9secret: y\n",
        "a: Zq9secret: y\n",
        "a: b\nZq9secret\n",
        "a: 'Zq9secret\n",
        "a: \"Zq9secret\n",
        "{a: Zq9secret, b\n",
        "[Zq9secret\n",
        "a:\n\t- Zq9secret\n",
        "a: |Zq9secret\n  x\n",
        "a: |0\n  Zq9secret\n",
        "a: \"\\qZq9secret\"\n",
        "a: \"\\xZq9secret\"\n",
        "a: *Zq9secret\n",
        "a: & Zq9secret\n",
        "a: @Zq9secret\n",
        "a: `Zq9secret\n",
        "a: %Zq9secret\n",
        "%YAML 1.1 Zq9secret\n---\na: b\n",
        "%YAML Zq9secret\n---\na: b\n",
        "%TAG !Zq9secret! tag:x\n%TAG !Zq9secret! tag:x\n---\na: b\n",
        "a: !Zq9secret!x b\n",
        "a: !<Zq9secret b\n",
        "a: b\n---\nc: Zq9secret\n",
        "a: b\u0001Zq9secret\n",
        "a: \"Zq9\\u00Zq9secret\"\n",
        "- a\n- Zq9secret: x\n  - b\n",
        "? Zq9secret\n? Zq9secret:x\n- y\n"})
    void yamlErrorsGiveLineColumnAndAGenericProblemButNoText(String yaml) {
        SQLException e = error(yaml);
        assertTrue(e.getMessage().matches("test\\.yaml:[1-9][0-9]*:[1-9][0-9]*: not valid YAML: .*"),
                e.getMessage());
        assertNull(e.getCause(), "SnakeYAML's exception quotes the line and must not be chained");
        assertNotLeaked(e, "Zq9", "secret");
    }

    @Test
    void yamlErrorsSayWhatIsWrongInGeneralTerms() {
        assertEquals("test.yaml:4:12: not valid YAML: mapping values are not allowed here",
                error("connections:\n  pg:\n    type: postgres\n    host: a: b\n").getMessage());
        assertMessage(error("a:\n\t- x\n"), "test.yaml:2:1: not valid YAML: found a tab", "indent with spaces");
        assertMessage(error("a: 'x\n"), "test.yaml:2:1: not valid YAML: the file ends inside a quoted value");
        assertMessage(error("a: b\n---\nc: d\n"),
                "test.yaml:2:1: not valid YAML: the file holds more than one YAML document");
        assertMessage(error("a: b\u0001c\n"), "test.yaml:1:5: not valid YAML: a control character");
        assertMessage(error("a: b\nc\n"), "test.yaml:3:1: not valid YAML: could not find the expected ':'");
        assertMessage(error("a: [x\n"), "test.yaml:2:1: not valid YAML: expected ',' or ']', but got <stream end>");
    }

    @Test
    void plainNamesAreStillEchoed() {
        assertMessage(error("connections:\n  prod db:\n    type: sqlite\n"), "connection 'prod db': the name must be");
        assertMessage(error(postgres("    pass-word: x\n")), "field 'pass-word': unknown field");
        assertMessage(error("roles:\n"), "unknown top-level section 'roles'");
    }

    @Test
    void exampleFileParses() throws Exception {
        Path example = Path.of("examples/connections.yaml");
        assertTrue(Files.isRegularFile(example), "run from the project folder: " + example.toAbsolutePath());
        Map<String, String> env = Map.of("POSTGRES_USER", "pguser", "POSTGRES_PASSWORD", "pgpw",
                "MYSQL_USER", "myuser", "MYSQL_PASSWORD", "mypw",
                "FEDDUCK_MASTER_KEY", "example master key: make your own with keygen");
        FederationConfig config = ConnectionsFile.parse(Files.readString(example), example.toString(), dir, env);
        assertEquals(List.of(SourceType.POSTGRES, SourceType.POSTGRES, SourceType.MYSQL, SourceType.SQLITE,
                SourceType.SQLITE), config.sources().stream().map(SourceConfig::type).toList());
        assertEquals("example-password", config.source("reporting_postgres").orElseThrow().password().reveal());
        SourceConfig pg = config.source("prod_postgres").orElseThrow();
        assertEquals("pguser", pg.username());
        assertEquals("pgpw", pg.password().reveal());
        assertEquals(SslMode.REQUIRE, pg.sslMode());
        assertEquals("mypw", config.source("analytics_mysql").orElseThrow().password().reveal());
        assertTrue(config.sources().stream().anyMatch(SourceConfig::createIfMissing));
        io.fedduck.access.AccessRules access = config.access().orElseThrow();
        assertEquals("analyst", access.login(null, null).name());
        assertTrue(access.role("engineer").orElseThrow().may(io.fedduck.access.Privilege.WRITE_REMOTE, "scratch"));
        assertTrue(access.needsPassword("bob"));
    }

    // --- the same rules for sources built from SQL arguments ---

    @Test
    void validatedAppliesTheSameRulesToPlainValues() throws Exception {
        ConfigLocation where = new ConfigLocation("<connect_database>", 0);
        SourceConfig s = SourceConfig.validated(Map.of("type", "mysql", "host", "h", "database", "d", "port", 3307,
                "password", Secret.of("pw"), "options", Map.of("read_only", false, "query_timeout", 10L)), "adhoc", where, dir);
        assertEquals(3307, s.port());
        assertEquals("pw", s.password().reveal());
        assertFalse(s.readOnly());
        assertEquals(10, s.queryTimeoutSeconds());
        assertEquals("utf8mb4", s.charset());
        SQLException e = assertThrows(SQLException.class, () -> SourceConfig.validated(
                Map.of("type", "postgres", "host", "h", "database", "d", "port", 0), "adhoc", where, dir));
        assertEquals("<connect_database>: connection 'adhoc', field 'port': must be a whole number from 1 to 65535",
                e.getMessage());
        assertEquals("22023", e.getSQLState());
        assertMessage(assertThrows(SQLException.class, () -> SourceConfig.validated(
                Map.of("type", "postgres", "hots", "h"), "adhoc", where, dir)), "did you mean host?");
        assertMessage(assertThrows(SQLException.class, () -> SourceConfig.validated(
                Map.of("type", "sqlite", "file_path", "data/items.sqlite"), "main", where, dir)), "reserved");
    }

    @Test
    void validatedWithEnvironmentInterpolatesStrings() throws Exception {
        SourceConfig s = SourceConfig.validated(Map.of("type", "postgres", "host", "${H}", "database", "d",
                "password", "${PW}"), "adhoc", new ConfigLocation("<connect_database>", 0), dir, Map.of("H", "db", "PW", "x"));
        assertEquals("db", s.host());
        assertEquals("x", s.password().reveal());
    }

    @Test
    void secretPrintsAsStarsAndComparesOnlyThroughMatches() {
        Secret a = Secret.of("abc");
        assertEquals("****", a.toString());
        assertTrue(a.matches(Secret.of("abc")));
        assertFalse(a.matches(Secret.of("abd")));
        assertFalse(a.equals(Secret.of("abc")), "no content equality");
        assertTrue(Secret.of("").isEmpty());
        assertTrue(Secret.of(null).isEmpty());
    }
}
