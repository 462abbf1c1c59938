package io.fedduck.jdbc;

import io.fedduck.sql.ObjectNames;
import io.fedduck.sql.ParsedSql;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The catalogs a connection's names without a catalog may resolve in, as the access rules count them: the
 * first part of every search path entry the connection ever set (USE, SET search_path, SET schema,
 * setSchema; a one-part entry may be a catalog). It only grows: a RESET is not trusted to narrow it, so
 * a catalog once on the path is checked until the connection closes.
 */
final class SearchPathCatalogs {
    private volatile Set<String> entries = Set.of();

    /** The catalogs, with the session's current catalog. */
    Set<String> with(String currentCatalog) {
        Set<String> catalogs = new HashSet<>(entries);
        catalogs.add(currentCatalog.toLowerCase(Locale.ROOT));
        return catalogs;
    }

    /** After a statement ran: the entries it set, if it set any. */
    void afterStatement(ParsedSql parsed) {
        if (ObjectNames.changesDefaults(parsed)) {
            add(ObjectNames.defaultEntries(parsed).stream().map(entry -> entry.get(0)).toList());
        }
    }

    /** After setSchema: the catalog part of the schema given (or the schema, which may be a catalog). */
    void afterSetSchema(String firstPart) {
        add(List.of(firstPart.toLowerCase(Locale.ROOT)));
    }

    private synchronized void add(List<String> catalogs) {
        Set<String> grown = new HashSet<>(entries);
        grown.addAll(catalogs);
        entries = Set.copyOf(grown);
    }
}
