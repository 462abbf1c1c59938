package io.fedduck.sql;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One statement of a SQL text as the classifier sees it.
 *
 * @param kind what the statement does
 * @param keyword the leading keyword(s) in upper case, for messages ({@code INSERT}, {@code SET GLOBAL},
 *     {@code PRAGMA}), and for a refused setting or PRAGMA its name when it looks like one
 *     ({@code SET max_expression_depth}); never other user text
 * @param calledProcedureName for a CALL, the called name lower-cased and without its catalog/schema
 *     qualifier; otherwise null
 * @param forbiddenFunctions in order of appearance, the names from {@link DuckDbFunctions#FORBIDDEN} it calls,
 *     {@code pragma_*} functions that are not informational, and {@link StatementClassifier#QUERY_FUNCTION}
 *     for a {@code query(...)} it cannot check
 * @param writeCapableFunctions in order of appearance, the names from {@link DuckDbFunctions#WRITE_CAPABLE} it calls
 * @param fileAccess in order of appearance, what in the statement itself reads or writes files: {@code COPY},
 *     {@code EXPORT DATABASE}, {@code IMPORT DATABASE}, or {@link StatementClassifier#FILE_AS_TABLE} (also
 *     inside a checked {@code query('...')}); the functions that do are in {@code forbiddenFunctions}
 * @param settingName for a change of a setting (SET, RESET, PRAGMA name = value, the progress-bar PRAGMAs),
 *     the setting's name lower-cased (user text: see {@link SessionSettings#forMessage}); otherwise null
 * @param managedReason for {@link StatementKind#MANAGED}, why no connection may run it, for messages (it
 *     names known keywords and setting names only); otherwise null
 */
public record ClassifiedStatement(StatementKind kind, String keyword, String calledProcedureName,
                                  Set<String> forbiddenFunctions, Set<String> writeCapableFunctions,
                                  Set<String> fileAccess, String settingName, String managedReason) {

    public ClassifiedStatement {
        forbiddenFunctions = Collections.unmodifiableSet(new LinkedHashSet<>(forbiddenFunctions));
        writeCapableFunctions = Collections.unmodifiableSet(new LinkedHashSet<>(writeCapableFunctions));
        fileAccess = Collections.unmodifiableSet(new LinkedHashSet<>(fileAccess));
    }

    /**
     * Everything in the statement that reads or writes files or opens a connection of its own: the functions
     * of {@link DuckDbFunctions#FILE_ACCESS} and {@link DuckDbFunctions#NETWORK_ACCESS} it calls, then
     * {@link #fileAccess()}. Refused on every connection.
     */
    public Set<String> fileOrNetworkAccess() {
        Set<String> all = new LinkedHashSet<>();
        forbiddenFunctions.stream().filter(DuckDbFunctions::touchesFilesOrNetwork).forEach(all::add);
        all.addAll(fileAccess);
        return Collections.unmodifiableSet(all);
    }

    /** For a CALL, the called name lower-cased and without its catalog/schema qualifier. */
    public Optional<String> calledProcedure() {
        return Optional.ofNullable(calledProcedureName);
    }

    /** True when a read-only connection must refuse this statement. */
    public boolean writes() {
        return kind == StatementKind.WRITE || kind == StatementKind.MANAGED || !writeCapableFunctions.isEmpty()
                || !fileAccess.isEmpty();
    }
}
