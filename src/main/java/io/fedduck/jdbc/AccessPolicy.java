package io.fedduck.jdbc;

import io.fedduck.access.AccessRules;
import io.fedduck.access.Privilege;
import io.fedduck.access.Role;
import io.fedduck.internal.SqlStates;
import io.fedduck.jdbc.metadata.LocalObjects;
import io.fedduck.sql.ClassifiedStatement;
import io.fedduck.sql.ObjectNames;
import io.fedduck.sql.ParsedSql;
import io.fedduck.sql.StatementClassifier;
import io.fedduck.sql.StatementKind;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connections file's access rules, applied to every statement of a connection whose role is not
 * {@code admin}, after the {@link ReadOnlyPolicy} every connection has. It finds the catalogs a statement
 * reads and writes: the catalog part of every name it uses, the sources named by the functions that run
 * SQL on a source, the catalog names without a catalog resolve in, and, through the SQL DuckDB keeps of
 * every local view and macro the statement may use, what those read (again, to any depth). Each source
 * read needs {@code select} on it, each source written {@code write_remote}, the local tables
 * {@code select} and {@code write_local}. A source the role holds nothing on does not exist for it: naming
 * one fails as a catalog that does not exist would.
 *
 * <p>The engine holds the rest: a role that may write nothing runs in DuckDB read-only transactions, and
 * a source configured read-only is attached read-only. DuckDB 1.4 has no privileges of its own and does
 * not expose a bound plan's catalogs for remote scans (json_serialize_plan refuses them), so this reading
 * of names is the rule for roles that may write some catalogs and not others. It over-approximates:
 * a column spelled like a local table counts as a read of the local tables.
 */
final class AccessPolicy implements StatementPolicy {
    /** Functions that run SQL on the source named by their first argument; the *_execute ones may write. */
    private static final List<String> SOURCE_READ_FUNCTIONS = List.of("postgres_query", "mysql_query",
            "sqlite_query");
    private static final List<String> SOURCE_WRITE_FUNCTIONS = List.of("postgres_execute", "mysql_execute");
    private static final List<String> SOURCE_FUNCTIONS = java.util.stream.Stream.concat(
            SOURCE_READ_FUNCTIONS.stream(), SOURCE_WRITE_FUNCTIONS.stream()).toList();
    /** FedDuck's temp tables behind its table functions and procedures are named so. */
    private static final String INTERNAL_PREFIX = "fedduck_";
    /** The schema of the local database where sync_table keeps its state (SyncStateStore). */
    private static final String SYNC_STATE_SCHEMA = "fedduck";
    /** How deep views and macros over views and macros are followed; deeper is refused. */
    private static final int MAX_DEPTH = 16;

    private final Role role;
    /** The last text checked and the names it uses, for its audit record's sensitive-read flag. */
    private volatile CheckedText lastUse;

    private record CheckedText(ParsedSql text, Set<List<String>> names) {
    }

    AccessPolicy(Role role) {
        this.role = role;
    }

    /** The catalogs one statement text uses, as far as the rules are concerned. */
    private static final class Use {
        /** Each source read, lower case, with the first name that reads it (for messages). */
        final Map<String, String> sourceReads = new LinkedHashMap<>();
        final Map<String, String> sourceWrites = new LinkedHashMap<>();
        String localRead;
        String localWrite;
        final Set<List<String>> names = new HashSet<>();
    }

    @Override
    public void check(String sql, FedDuckConnection connection) throws SQLException {
        ParsedSql parsed = connection.read(sql);
        checkRules(parsed, connection);
        // after the rules: a source the role does not see must not show in the read-only policy's messages
        ReadOnlyPolicy.INSTANCE.check(sql, connection);
    }

    private void checkRules(ParsedSql parsed, FedDuckConnection connection) throws SQLException {
        Optional<String> listing = ObjectNames.catalogListing(parsed);
        if (listing.isPresent() && !seesEverything(connection)) {
            throw SqlStates.forbidden(connection.label() + ": role '" + role.name() + "' may not read "
                    + listing.get() + ": it lists objects of connections the role does not see. FedDuck's"
                    + " DatabaseMetaData, list_database_connections() and list_remote_tables() show the role's own.");
        }
        Set<String> sources = sourceNames(connection);
        Optional<String> internal = ObjectNames.names(parsed).stream().filter(name -> isInternal(name, sources))
                .map(name -> String.join(".", name)).findFirst();
        if (internal.isPresent()) {
            // the temp tables behind FedDuck's table functions decide what they may read, and the sync state
            // names every connection synced from: FedDuck's own, answered for a role by sync_status()
            throw SqlStates.forbidden(connection.label() + ": role '" + role.name() + "' may not use "
                    + internal.get() + ": it is FedDuck's own state; sync_status() and the table functions show"
                    + " the role's part of it");
        }
        if (ObjectNames.preparesInSql(parsed)) {
            throw SqlStates.forbidden(connection.label() + ": role '" + role.name() + "' may not use SQL PREPARE"
                    + " or EXECUTE: FedDuck checks each statement as it runs; use a JDBC PreparedStatement");
        }
        if (ObjectNames.computesDefault(parsed)) {
            throw SqlStates.forbidden(connection.label() + ": role '" + role.name() + "' may set the search path"
                    + " or schema only to names written out: FedDuck checks them before the statement runs");
        }
        Use use = use(parsed, sources, connection);
        lastUse = new CheckedText(parsed, use.names);
        for (Map.Entry<String, String> read : use.sourceReads.entrySet()) {
            require(Privilege.SELECT, read.getKey(), read.getValue(), "read", connection);
        }
        for (Map.Entry<String, String> write : use.sourceWrites.entrySet()) {
            require(Privilege.WRITE_REMOTE, write.getKey(), write.getValue(), "write", connection);
        }
        if (use.localRead != null && !role.mayOnLocal(Privilege.SELECT) && !role.mayOnLocal(Privilege.WRITE_LOCAL)) {
            throw refused("read", use.localRead, Privilege.SELECT, "the local tables", connection);
        }
        if (use.localWrite != null && !role.mayOnLocal(Privilege.WRITE_LOCAL)) {
            throw refused("change", use.localWrite, Privilege.WRITE_LOCAL, "the local tables", connection);
        }
    }

    /**
     * Checks that the role may make {@code catalog} (a name given to setCatalog, or the catalog part of a
     * name given to setSchema) a default: {@code select} on a source, a local privilege for a local catalog.
     */
    void checkDefault(String catalog, FedDuckConnection connection) throws SQLException {
        String name = catalog.toLowerCase(Locale.ROOT);
        if (sourceNames(connection).contains(name)) {
            require(Privilege.SELECT, name, name, "use", connection);
        } else if (connection.localObjects().catalogs().contains(name) && !role.seesLocal()) {
            throw refused("use", name, Privilege.SELECT, "the local tables", connection);
        }
    }

    /** True when the statement reads a table the access rules mark sensitive. */
    boolean readsSensitive(ParsedSql parsed, FedDuckConnection connection) throws SQLException {
        Optional<AccessRules> rules = connection.accessRules();
        if (rules.isEmpty() || rules.get().sensitive().isEmpty()) {
            return false;
        }
        Set<String> sources = sourceNames(connection);
        Set<String> defaults = new HashSet<>(connection.defaultCatalogs());
        ObjectNames.defaultEntries(parsed).forEach(entry -> defaults.add(entry.get(0)));
        CheckedText last = lastUse;
        // the names the check of this same text found: the audit record follows it, and need not read it again
        Set<List<String>> names = last != null && last.text() == parsed ? last.names()
                : use(parsed, sources, connection).names;
        for (List<String> name : names) {
            if (name.size() >= 3 && sources.contains(name.get(0))) {
                if (rules.get().isSensitive(name.get(0), name.get(1), name.get(2))) {
                    return true;
                }
            } else if (name.size() == 2 && sources.contains(name.get(0))) {
                if (rules.get().isSensitive(name.get(0), null, name.get(1))) { // pg.customers: any schema
                    return true;
                }
            } else {
                // a name without its catalog, in a source the connection made a default
                for (String source : defaults) {
                    if (sources.contains(source) && rules.get().isSensitive(source, null, name.get(name.size() - 1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A name of FedDuck's own state: a temp table behind a table function or procedure ({@code fedduck_...}
     * in the temp catalog, which names without a catalog reach first), or the sync state schema of a local
     * database ({@code fedduck.sync_runs}). A source's schema spelled so is the source's.
     */
    private static boolean isInternal(List<String> name, Set<String> sources) {
        String first = name.get(0);
        if (sources.contains(first)) {
            return false;
        }
        boolean tempTable = name.get(name.size() - 1).startsWith(INTERNAL_PREFIX)
                && (name.size() == 1 || first.equals("temp") || first.equals("main"));
        return tempTable || name.contains(SYNC_STATE_SCHEMA);
    }

    private boolean seesEverything(FedDuckConnection connection) {
        return role.seesLocal() && connection.federation().sources().stream().allMatch(s -> role.sees(s.name()));
    }

    private void require(Privilege privilege, String source, String object, String verb,
                         FedDuckConnection connection) throws SQLException {
        if (!role.sees(source)) {
            // as DuckDB words a catalog that does not exist: the role must not learn that this one does
            throw new SQLSyntaxErrorException("Binder Error: Catalog \"" + source + "\" does not exist!",
                    SqlStates.SYNTAX_ERROR_OR_ACCESS_RULE);
        }
        if (!role.may(privilege, source)) {
            throw refused(verb, object, privilege, "connection '" + source + "'", connection);
        }
    }

    private SQLException refused(String verb, String object, Privilege privilege, String where,
                                 FedDuckConnection connection) {
        return SqlStates.forbidden(connection.label() + ": role '" + role.name() + "' may not " + verb + " "
                + object + ": it needs " + privilege.configName() + " on " + where
                + " (access rules of the connections file)");
    }

    // ---- what a statement uses ----------------------------------------------------------------------------

    private Use use(ParsedSql parsed, Set<String> sources, FedDuckConnection connection) throws SQLException {
        LocalObjects local = connection.localObjects();
        Use use = new Use();
        // names without a catalog resolve in the current catalog and along the search path, as the connection
        // has them and as an earlier statement of this same text may set them (USE pg.public; INSERT ...)
        Set<String> defaults = new HashSet<>(connection.defaultCatalogs());
        ObjectNames.defaultEntries(parsed).forEach(entry -> defaults.add(entry.get(0)));
        for (String catalog : defaults) {
            if (sources.contains(catalog)) {
                use.sourceReads.putIfAbsent(catalog, "the search path's " + catalog);
            }
        }
        for (List<String> entry : ObjectNames.defaultEntries(parsed)) {
            String first = entry.get(0);
            if (sources.contains(first)) {
                use.sourceReads.putIfAbsent(first, first);
            } else if (local.catalogs().contains(first)) {
                use.localRead = use.localRead != null ? use.localRead : first;
            }
        }
        writes(parsed, sources, local, defaults, use);
        Deque<ParsedSql> pending = new ArrayDeque<>(List.of(parsed));
        // what the statement drops or replaces is not read: DROP VIEW v and CREATE OR REPLACE VIEW v do not
        // go through v's old SQL
        Set<String> expanded = new HashSet<>();
        ObjectNames.replacedOrDropped(parsed).forEach(t -> expanded.add(t.parts().get(t.parts().size() - 1)));
        int depth = 0;
        while (!pending.isEmpty()) {
            if (depth++ > MAX_DEPTH * 64) {
                throw SqlStates.forbidden(connection.label() + ": the statement's views and macros nest too"
                        + " deep for FedDuck's access rules to follow");
            }
            ParsedSql text = pending.pop();
            // in the statement and in every view, macro and query() text it reaches (an admin's macro may
            // take the connection's name as a parameter)
            for (String function : SOURCE_FUNCTIONS) {
                if (StatementClassifier.firstStringArguments(text, function, "database").stream()
                        .anyMatch(Optional::isEmpty)) {
                    throw SqlStates.forbidden(connection.label() + ": role '" + role.name() + "' may call " + function
                            + " only with the connection's name as a string constant: FedDuck checks it");
                }
            }
            reads(text, sources, local, use);
            for (String function : SOURCE_READ_FUNCTIONS) {
                sourceArguments(text, function, sources, use.sourceReads);
                // on a source attached writable, the query runs in a transaction that can write (MySQL DDL
                // commits by itself, PostgreSQL functions write, SQLite takes DML): it needs write_remote
                Map<String, String> queried = new LinkedHashMap<>();
                sourceArguments(text, function, sources, queried);
                queried.forEach((source, object) -> {
                    if (connection.federation().isWritableSource(source)) {
                        use.sourceWrites.putIfAbsent(source, object);
                    }
                });
            }
            for (String function : SOURCE_WRITE_FUNCTIONS) {
                sourceArguments(text, function, sources, use.sourceWrites);
            }
            for (String function : List.of("checkpoint", "force_checkpoint")) { // checkpoint('lite')
                sourceArguments(text, function, sources, use.sourceWrites);
            }
            localFunctions(text, use); // nextval in an admin's macro changes the sequence all the same
            for (Optional<String> query : StatementClassifier.firstStringArguments(text,
                    StatementClassifier.QUERY_FUNCTION, "query")) {
                query.ifPresent(q -> pending.push(ParsedSql.of(q)));
            }
            for (String name : StatementClassifier.identifiers(text)) {
                List<String> definitions = local.definitions().get(name);
                if (definitions != null && expanded.add(name)) {
                    definitions.forEach(d -> pending.push(ParsedSql.of(d)));
                }
            }
        }
        return use;
    }

    private static void reads(ParsedSql text, Set<String> sources, LocalObjects local, Use use) {
        for (List<String> name : ObjectNames.names(text)) {
            use.names.add(name);
            String first = name.get(0);
            // one part too: SHOW TABLES FROM my, COPY FROM DATABASE my, ATTACH ... (an alias spelled like a
            // source counts, on purpose)
            if (sources.contains(first)) {
                use.sourceReads.putIfAbsent(first, String.join(".", name));
            } else if (name.size() >= 2 && local.catalogs().contains(first)
                    || name.stream().anyMatch(local.relations()::contains)) {
                use.localRead = use.localRead != null ? use.localRead : String.join(".", name);
            }
        }
    }

    private static void writes(ParsedSql parsed, Set<String> sources, LocalObjects local, Set<String> defaults,
                               Use use) {
        List<ObjectNames.Target> targets = ObjectNames.writeTargets(parsed);
        for (ObjectNames.Target target : targets) {
            String name = String.join(".", target.parts());
            for (String catalog : catalogsOf(target, sources, local, defaults)) {
                if (sources.contains(catalog)) {
                    use.sourceWrites.putIfAbsent(catalog, name);
                } else {
                    use.localWrite = use.localWrite != null ? use.localWrite : name;
                }
            }
        }
        boolean unknownWrite = StatementClassifier.classify(parsed).statements().stream()
                .anyMatch(s -> s.kind() == StatementKind.WRITE || !s.fileAccess().isEmpty())
                && targets.isEmpty();
        if (unknownWrite) {
            // a write FedDuck cannot place (CHECKPOINT, VACUUM, ...): it needs write on every catalog it names
            List<ClassifiedStatement> statements = StatementClassifier.classify(parsed).statements();
            String keyword = statements.isEmpty() ? "the statement" : statements.get(0).keyword();
            use.localWrite = keyword;
            for (List<String> name : ObjectNames.names(parsed)) {
                if (sources.contains(name.get(0))) {
                    use.sourceWrites.putIfAbsent(name.get(0), keyword + " " + String.join(".", name));
                }
            }
        }
    }

    /** The functions that change (nextval, checkpoint) or read (currval) the local database by themselves. */
    private static void localFunctions(ParsedSql text, Use use) {
        Set<String> called = StatementClassifier.calledFunctions(text);
        for (String localWriter : List.of("nextval", "checkpoint", "force_checkpoint")) {
            if (called.contains(localWriter)) {
                use.localWrite = use.localWrite != null ? use.localWrite : localWriter + "(...)";
            }
        }
        if (called.contains("currval")) {
            use.localRead = use.localRead != null ? use.localRead : "currval(...)";
        }
    }

    /** True when the role may read the local view or macro {@code name}: it reaches nothing the role may not read. */
    boolean mayRead(String name, FedDuckConnection connection) {
        try {
            checkRules(ParsedSql.of("SELECT * FROM " + io.fedduck.internal.SqlText.identifier(name)), connection);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The catalogs a written name may resolve to: its catalog part when it has one (both, when a local schema
     * is spelled like a catalog), else every catalog the names without one resolve in.
     */
    private static List<String> catalogsOf(ObjectNames.Target target, Set<String> sources, LocalObjects local,
                                           Set<String> defaults) {
        List<String> parts = target.parts();
        if (target.temporary()) {
            return List.of("temp");
        }
        if (target.kind() == ObjectNames.TargetKind.CATALOG) {
            return List.of(parts.get(0));
        }
        int qualified = target.kind() == ObjectNames.TargetKind.SCHEMA ? 2 : 3;
        if (parts.size() >= qualified) {
            return List.of(parts.get(0));
        }
        boolean catalogFirst = parts.size() == qualified - 1 && (sources.contains(parts.get(0))
                || local.catalogs().contains(parts.get(0)));
        if (catalogFirst && !(local.schemas().contains(parts.get(0)) && target.kind() == ObjectNames.TargetKind.RELATION)) {
            return List.of(parts.get(0));
        }
        List<String> all = new java.util.ArrayList<>(defaults);
        if (catalogFirst) {
            all.add(parts.get(0));
        }
        return all;
    }

    private static void sourceArguments(ParsedSql text, String function, Set<String> sources,
                                        Map<String, String> into) {
        for (Optional<String> argument : StatementClassifier.firstStringArguments(text, function, "database")) {
            argument.map(a -> a.toLowerCase(Locale.ROOT)).filter(sources::contains)
                    .ifPresent(source -> into.putIfAbsent(source, function + "('" + source + "', ...)"));
        }
    }

    private static Set<String> sourceNames(FedDuckConnection connection) {
        Set<String> names = new HashSet<>();
        connection.federation().sources().forEach(s -> names.add(s.name().toLowerCase(Locale.ROOT)));
        return names;
    }
}
