package io.fedduck.sql;

import io.fedduck.sql.SqlTokenizer.Token;
import io.fedduck.sql.SqlTokenizer.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The names of database objects a statement uses, read from its tokens for access rules: every dotted name
 * (a catalog, schema, table, view, macro or column reference, lower case), what each statement changes,
 * the catalogs it makes the default, and whether it reads DuckDB's own catalog listings. Over-approximates
 * on purpose: a column spelled like a table is counted as one, never the other way round.
 */
public final class ObjectNames {
    /**
     * DuckDB's views and functions that list or describe the objects of every attached catalog, called or
     * named as views (DuckDB's own views of its system catalog are on every search path, without
     * parentheses: {@code SELECT * FROM duckdb_tables}); ObjectNamesAgainstDuckDbTest keeps the list
     * complete against the engine.
     */
    public static final Set<String> LISTING_NAMES = Set.of("duckdb_tables", "duckdb_views", "duckdb_columns",
            "duckdb_databases", "duckdb_schemas", "duckdb_constraints", "duckdb_indexes", "duckdb_functions",
            "duckdb_sequences", "duckdb_types", "duckdb_dependencies", "duckdb_table_sample", "duckdb_logs",
            "duckdb_logs_parsed", "duckdb_log_contexts", "duckdb_prepared_statements", "duckdb_variables",
            "duckdb_approx_database_count",
            "pragma_database_list", "pragma_show_tables", "pragma_show_tables_expanded", "pragma_table_info",
            "pragma_storage_info", "pragma_metadata_info", "pragma_database_size", "pragma_show",
            "sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema",
            "pg_am", "pg_attrdef", "pg_attribute", "pg_class", "pg_constraint", "pg_database", "pg_depend",
            "pg_description", "pg_enum", "pg_index", "pg_indexes", "pg_namespace", "pg_prepared_statements",
            "pg_proc", "pg_sequence", "pg_sequences", "pg_settings", "pg_tables", "pg_tablespace", "pg_type",
            "pg_views", "pg_get_viewdef", "pg_get_constraintdef", "pg_get_expr", "obj_description",
            "col_description", "shobj_description", "pg_table_is_visible", "has_table_privilege",
            "has_schema_privilege", "has_database_privilege", "has_column_privilege",
            "has_any_column_privilege", "has_sequence_privilege", "current_schemas");
    private static final Set<String> LISTING_SCHEMAS = Set.of("information_schema", "pg_catalog");
    private static final Set<String> LISTING_PRAGMAS = Set.of("database_list", "show_tables",
            "show_tables_expanded", "table_info", "storage_info", "metadata_info", "database_size", "show",
            "functions", "collations", "show_databases");
    private static final Set<String> DEFAULT_SETTINGS = Set.of("search_path", "schema");
    private static final Set<String> OBJECT_TYPES = Set.of("table", "view", "macro", "function", "sequence",
            "schema", "type", "index", "database");
    private static final Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "temp", "temporary", "persistent",
            "unique", "materialized", "local", "global");

    /** What a changed name names: a table, view, macro, sequence or index; a schema; a whole catalog. */
    public enum TargetKind { RELATION, SCHEMA, CATALOG }

    /** A name a statement changes: its parts as written (lower case), whether the statement made it TEMP. */
    public record Target(List<String> parts, boolean temporary, TargetKind kind) {
        public Target {
            parts = List.copyOf(parts);
        }
    }

    private ObjectNames() {
    }

    /** Every dotted identifier name of {@code sql} (each as its parts, lower case), function calls included. */
    public static List<List<String>> names(ParsedSql sql) {
        List<List<String>> names = new ArrayList<>();
        for (List<Token> tokens : sql.statements()) {
            for (int i = 0; i < tokens.size(); i++) {
                if (!tokens.get(i).isIdentifier() || i > 0 && tokens.get(i - 1).isPunct('.')) {
                    continue;
                }
                List<String> parts = chain(tokens, i);
                names.add(parts);
                i += 2 * (parts.size() - 1);
            }
        }
        return names;
    }

    /**
     * What the write statements of {@code sql} change, in order; empty for a statement that changes nothing
     * FedDuck recognises (its kind says whether it writes at all).
     */
    public static List<Target> writeTargets(ParsedSql sql) {
        List<Target> targets = new ArrayList<>();
        for (List<Token> tokens : sql.statements()) {
            for (int i = 0; i + 1 < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.isWord("into") || t.isWord("update") && !tokens.get(i + 1).isWord("set")
                        || t.isWord("truncate")) {
                    int at = skip(tokens, i + 1, "table");
                    addTarget(targets, tokens, at, false, TargetKind.RELATION);
                } else if (t.isWord("delete") && tokens.get(i + 1).isWord("from")) {
                    addTarget(targets, tokens, i + 2, false, TargetKind.RELATION);
                } else if (t.isWord("create") || t.isWord("drop") || t.isWord("alter") || t.isWord("comment")) {
                    definitionTarget(targets, tokens, i);
                } else if (t.isWord("copy") && i == 0 && tokens.get(1).isWord("from") && i + 4 < tokens.size()
                        && tokens.get(2).isWord("database")) {
                    // COPY FROM DATABASE a TO b: reads catalog a (a one-part name), writes catalog b
                    int to = 3 + 2 * (chain(tokens, 3).size() - 1) + 1;
                    if (to < tokens.size() && tokens.get(to).isWord("to")) {
                        addTarget(targets, tokens, to + 1, false, TargetKind.CATALOG);
                    }
                } else if (t.isWord("copy") && i == 0) {
                    addTarget(targets, tokens, 1, false, TargetKind.RELATION);
                }
            }
        }
        return targets;
    }

    /**
     * The names a statement of {@code sql} drops ({@code DROP VIEW v}) or replaces ({@code CREATE OR REPLACE
     * VIEW v}): what they were is not read. A rename ({@code ALTER VIEW v RENAME}) is not among them: the
     * object goes on, under a name the rules have not seen.
     */
    public static List<Target> replacedOrDropped(ParsedSql sql) {
        List<Target> targets = new ArrayList<>();
        for (List<Token> tokens : sql.statements()) {
            boolean drop = !tokens.isEmpty() && tokens.get(0).isWord("drop");
            boolean replace = tokens.size() > 2 && tokens.get(0).isWord("create") && tokens.get(1).isWord("or")
                    && tokens.get(2).isWord("replace");
            if (drop || replace) {
                definitionTarget(targets, tokens, 0);
            }
        }
        return targets;
    }

    private static void definitionTarget(List<Target> targets, List<Token> tokens, int at) {
        boolean temporary = false;
        int i = at + 1;
        if (tokens.get(at).isWord("comment")) {
            i = skip(tokens, i, "on");
        }
        while (i < tokens.size() && tokens.get(i).type() == Type.WORD && CREATE_MODIFIERS.contains(tokens.get(i).text())) {
            temporary |= tokens.get(i).isWord("temp") || tokens.get(i).isWord("temporary");
            i++;
        }
        if (i >= tokens.size() || tokens.get(i).type() != Type.WORD || !OBJECT_TYPES.contains(tokens.get(i).text())
                && !tokens.get(i).isWord("column")) {
            return;
        }
        TargetKind kind = tokens.get(i).isWord("schema") ? TargetKind.SCHEMA
                : tokens.get(i).isWord("database") ? TargetKind.CATALOG : TargetKind.RELATION;
        boolean index = tokens.get(i).isWord("index");
        boolean macro = tokens.get(i).isWord("macro") || tokens.get(i).isWord("function");
        i++;
        if (macro && i < tokens.size() && tokens.get(i).isWord("table")) {
            i++; // DROP MACRO TABLE name, COMMENT ON MACRO TABLE name
        }
        while (i < tokens.size() && (tokens.get(i).isWord("if") || tokens.get(i).isWord("not")
                || tokens.get(i).isWord("exists"))) {
            i++;
        }
        if (index && tokens.get(at).isWord("create")) {
            while (i < tokens.size() && !tokens.get(i).isWord("on")) {
                i++;
            }
            i++;
        }
        addTarget(targets, tokens, i, temporary, kind);
        if (tokens.get(at).isWord("drop")) { // DROP TABLE a, b
            for (int k = i; k + 1 < tokens.size(); k++) {
                if (tokens.get(k).isPunct(',')) {
                    addTarget(targets, tokens, k + 1, false, kind);
                }
            }
        }
    }

    private static void addTarget(List<Target> targets, List<Token> tokens, int at, boolean temporary,
                                  TargetKind kind) {
        if (at < tokens.size() && tokens.get(at).isIdentifier()) {
            targets.add(new Target(chain(tokens, at), temporary, kind));
        }
    }

    /**
     * The entries a statement of {@code sql} makes the default for names without a catalog, each as its
     * parts (lower case, unquoted): the name after {@code USE}, and every entry of a {@code SET search_path}
     * or {@code SET schema} value, written as a string or as names. DuckDB reads a one-part entry as a
     * catalog or as a schema, so its one part may be either.
     */
    public static List<List<String>> defaultEntries(ParsedSql sql) {
        List<List<String>> entries = new ArrayList<>();
        for (List<Token> tokens : sql.statements()) {
            if (tokens.isEmpty()) {
                continue;
            }
            if (tokens.get(0).isWord("use") && tokens.size() > 1 && tokens.get(1).isIdentifier()) {
                entries.add(chain(tokens, 1));
            }
            if (!changesDefault(tokens)) {
                continue;
            }
            for (int i = 2; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                boolean spelled = t.type() == Type.STRING
                        || t.type() == Type.QUOTED_WORD && (t.text().contains(",") || t.text().contains("."));
                if (spelled) { // 'a.b,c' and "a.b,c" alike: DuckDB splits the value it is given
                    for (String entry : t.text().split(",")) {
                        List<String> parts = new ArrayList<>();
                        for (String part : entry.trim().split("\\.")) {
                            parts.add(part.trim().replace("\"", "").toLowerCase(Locale.ROOT));
                        }
                        entries.add(parts);
                    }
                } else if (t.isIdentifier() && !t.isWord("to") && !tokens.get(i - 1).isPunct('.')
                        && !DEFAULT_SETTINGS.contains(t.text().toLowerCase(Locale.ROOT))) {
                    entries.add(chain(tokens, i));
                }
            }
        }
        return entries;
    }

    /**
     * True when a statement of {@code sql} is SQL's own PREPARE or EXECUTE: a statement prepared in SQL runs
     * later under another name, bound again against whatever the search path is then.
     */
    public static boolean preparesInSql(ParsedSql sql) {
        for (List<Token> tokens : sql.statements()) {
            if (!tokens.isEmpty() && (tokens.get(0).isWord("prepare") || tokens.get(0).isWord("execute"))) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code sql} changes the default catalog or search path, which access rules then check. */
    public static boolean changesDefaults(ParsedSql sql) {
        for (List<Token> tokens : sql.statements()) {
            if (!tokens.isEmpty() && (tokens.get(0).isWord("use") || changesDefault(tokens))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a statement sets the search path or schema to a value computed at run time (a function, a
     * variable, a parameter), which FedDuck cannot check before it runs.
     */
    public static boolean computesDefault(ParsedSql sql) {
        for (List<Token> tokens : sql.statements()) {
            if (!changesDefault(tokens)) {
                continue;
            }
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                boolean call = t.isIdentifier() && i + 1 < tokens.size() && tokens.get(i + 1).isPunct('(')
                        && !DEFAULT_SETTINGS.contains(t.text().toLowerCase(Locale.ROOT)); // PRAGMA schema('x')
                if (call || t.type() == Type.PARAMETER || t.isPunct('|')) {
                    return true;
                }
            }
        }
        return false;
    }

    // SET / RESET [SESSION|LOCAL|GLOBAL] search_path | schema ..., PRAGMA search_path ...
    private static boolean changesDefault(List<Token> tokens) {
        if (tokens.isEmpty() || !(tokens.get(0).isWord("set") || tokens.get(0).isWord("reset")
                || tokens.get(0).isWord("pragma"))) {
            return false;
        }
        for (int i = 1; i < Math.min(tokens.size(), 3); i++) {
            if (tokens.get(i).isIdentifier() && DEFAULT_SETTINGS.contains(tokens.get(i).text().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What in {@code sql} lists the objects of every attached catalog (DuckDB's catalog functions,
     * information_schema, pg_catalog, SHOW ALL TABLES, SHOW DATABASES, listing PRAGMAs), for messages;
     * empty when nothing does.
     */
    public static Optional<String> catalogListing(ParsedSql sql) {
        for (List<String> entry : defaultEntries(sql)) {
            for (String part : entry) {
                if (LISTING_SCHEMAS.contains(part)) {
                    return Optional.of(part); // on the search path, its views would answer without a qualifier
                }
            }
        }
        for (List<Token> tokens : sql.statements()) {
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (!t.isIdentifier()) {
                    continue;
                }
                String name = t.text().toLowerCase(Locale.ROOT);
                if (LISTING_NAMES.contains(name)) {
                    boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isPunct('(');
                    return Optional.of(call ? name + "()" : name);
                }
                if (LISTING_SCHEMAS.contains(name)) {
                    return Optional.of(name);
                }
                if (t.isWord("show") || t.isWord("describe") || t.isWord("desc")) {
                    // SHOW [ALL] TABLES [FROM x], SHOW DATABASES, SHOW and DESCRIBE alone: anywhere, also as
                    // a subquery (SELECT * FROM (SHOW ALL TABLES)); SHOW t and DESCRIBE t describe one table
                    Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                    if (next == null || next.isPunct(')') || next.isWord("all") || next.isWord("databases")
                            || next.isWord("tables")) {
                        return Optional.of((t.text() + (next == null || next.isPunct(')') ? "" : " " + next.text()))
                                .toUpperCase(Locale.ROOT));
                    }
                }
                if (i == 0 && t.isWord("pragma") && tokens.size() > 1
                        && LISTING_PRAGMAS.contains(tokens.get(1).text().toLowerCase(Locale.ROOT))) {
                    return Optional.of("PRAGMA " + tokens.get(1).text().toLowerCase(Locale.ROOT));
                }

            }
        }
        return Optional.empty();
    }

    private static int skip(List<Token> tokens, int at, String word) {
        return at < tokens.size() && tokens.get(at).isWord(word) ? at + 1 : at;
    }

    /** The dotted name starting at {@code start}: identifier (. identifier)*, lower case. */
    private static List<String> chain(List<Token> tokens, int start) {
        List<String> parts = new ArrayList<>();
        parts.add(tokens.get(start).text().toLowerCase(Locale.ROOT));
        int i = start + 1;
        while (i + 1 < tokens.size() && tokens.get(i).isPunct('.') && tokens.get(i + 1).isIdentifier()) {
            parts.add(tokens.get(i + 1).text().toLowerCase(Locale.ROOT));
            i += 2;
        }
        return parts;
    }
}
