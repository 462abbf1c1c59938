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
    /** Catalog functions and schemas that list the objects of every attached catalog. */
    private static final Set<String> LISTING_FUNCTIONS = Set.of("duckdb_tables", "duckdb_views", "duckdb_columns",
            "duckdb_databases", "duckdb_schemas", "duckdb_constraints", "duckdb_indexes", "duckdb_functions",
            "duckdb_sequences", "duckdb_types", "duckdb_dependencies", "duckdb_table_sample",
            "pragma_database_list", "pragma_show_tables", "pragma_show_tables_expanded", "pragma_table_info",
            "pragma_storage_info", "pragma_metadata_info", "pragma_database_size", "pragma_show", "duckdb_log");
    private static final Set<String> LISTING_SCHEMAS = Set.of("information_schema", "pg_catalog");
    private static final Set<String> LISTING_PRAGMAS = Set.of("database_list", "show_tables",
            "show_tables_expanded", "table_info", "storage_info", "metadata_info", "database_size", "show",
            "functions", "collations");
    private static final Set<String> OBJECT_TYPES = Set.of("table", "view", "macro", "function", "sequence",
            "schema", "type", "index", "database");
    private static final Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "temp", "temporary", "persistent",
            "unique", "materialized", "local", "global");

    /** A name a statement changes: its parts as written (lower case), and whether the statement made it TEMP. */
    public record Target(List<String> parts, boolean temporary, boolean schema) {
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
                    addTarget(targets, tokens, at, false, false);
                } else if (t.isWord("delete") && tokens.get(i + 1).isWord("from")) {
                    addTarget(targets, tokens, i + 2, false, false);
                } else if (t.isWord("create") || t.isWord("drop") || t.isWord("alter") || t.isWord("comment")) {
                    definitionTarget(targets, tokens, i);
                } else if (t.isWord("copy") && i == 0) {
                    addTarget(targets, tokens, 1, false, false);
                }
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
        boolean schema = tokens.get(i).isWord("schema") || tokens.get(i).isWord("database");
        boolean index = tokens.get(i).isWord("index");
        i++;
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
        addTarget(targets, tokens, i, temporary, schema);
        if (tokens.get(at).isWord("drop")) { // DROP TABLE a, b
            for (int k = i; k + 1 < tokens.size(); k++) {
                if (tokens.get(k).isPunct(',')) {
                    addTarget(targets, tokens, k + 1, false, schema);
                }
            }
        }
    }

    private static void addTarget(List<Target> targets, List<Token> tokens, int at, boolean temporary, boolean schema) {
        if (at < tokens.size() && tokens.get(at).isIdentifier()) {
            targets.add(new Target(chain(tokens, at), temporary, schema));
        }
    }

    /**
     * The catalogs a statement of {@code sql} makes the default for names without one: the name after
     * {@code USE}, and the catalog part of every entry of a {@code SET search_path} or {@code SET schema}
     * value (lower case; a one-part entry is a schema of the current catalog and gives none).
     */
    public static Set<String> defaultCatalogs(ParsedSql sql) {
        Set<String> catalogs = new LinkedHashSet<>();
        for (List<Token> tokens : sql.statements()) {
            if (tokens.isEmpty()) {
                continue;
            }
            if (tokens.get(0).isWord("use") && tokens.size() > 1 && tokens.get(1).isIdentifier()) {
                catalogs.add(tokens.get(1).text().toLowerCase(Locale.ROOT));
            }
            boolean sets = tokens.get(0).isWord("set") || tokens.get(0).isWord("reset");
            boolean path = tokens.stream().anyMatch(t -> t.isIdentifier() && Set.of("search_path", "schema")
                    .contains(t.text().toLowerCase(Locale.ROOT)));
            if (sets && path) {
                for (Token t : tokens) {
                    if (t.type() == Type.STRING) {
                        for (String entry : t.text().split(",")) {
                            String[] parts = entry.trim().replace("\"", "").split("\\.");
                            if (parts.length > 1) {
                                catalogs.add(parts[0].toLowerCase(Locale.ROOT));
                            }
                        }
                    }
                }
            }
        }
        return catalogs;
    }

    /** True when {@code sql} changes the default catalog or search path, which access rules then check. */
    public static boolean changesDefaults(ParsedSql sql) {
        for (List<Token> tokens : sql.statements()) {
            if (!tokens.isEmpty() && (tokens.get(0).isWord("use") || (tokens.get(0).isWord("set")
                    || tokens.get(0).isWord("reset")) && tokens.stream().anyMatch(t -> t.isIdentifier()
                    && Set.of("search_path", "schema").contains(t.text().toLowerCase(Locale.ROOT))))) {
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
        for (List<Token> tokens : sql.statements()) {
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (!t.isIdentifier()) {
                    continue;
                }
                String name = t.text().toLowerCase(Locale.ROOT);
                boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isPunct('(');
                if (call && LISTING_FUNCTIONS.contains(name)) {
                    return Optional.of(name + "()");
                }
                if (LISTING_SCHEMAS.contains(name)) {
                    return Optional.of(name);
                }
                if (i == 0 && t.isWord("show") && tokens.size() > 1 && (tokens.get(1).isWord("all")
                        || tokens.get(1).isWord("databases"))) {
                    return Optional.of("SHOW " + tokens.get(1).text().toUpperCase(Locale.ROOT));
                }
                if (i == 0 && t.isWord("pragma") && tokens.size() > 1
                        && LISTING_PRAGMAS.contains(tokens.get(1).text().toLowerCase(Locale.ROOT))) {
                    return Optional.of("PRAGMA " + tokens.get(1).text().toLowerCase(Locale.ROOT));
                }
                if (i == 0 && (t.isWord("show") || t.isWord("describe")) && tokens.size() == 1) {
                    return Optional.of(t.text().toUpperCase(Locale.ROOT)); // SHOW alone lists all tables
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
