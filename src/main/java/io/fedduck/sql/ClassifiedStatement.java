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
 * @param forbiddenFunctions in order of appearance, the names from {@link StatementClassifier#FORBIDDEN_FUNCTIONS}
 *     it calls, and {@link StatementClassifier#QUERY_FUNCTION} for a {@code query(...)} it cannot check
 * @param writeCapableFunctions in order of appearance, the names from {@link StatementClassifier#WRITE_CAPABLE_FUNCTIONS} it calls
 * @param settingName for a change of a setting (SET, RESET, PRAGMA name = value, the progress-bar PRAGMAs),
 *     the setting's name lower-cased (user text: see {@link SessionSettings#forMessage}); otherwise null
 * @param managedReason for {@link StatementKind#MANAGED}, why no connection may run it, for messages (it
 *     names known keywords and setting names only); otherwise null
 */
public record ClassifiedStatement(StatementKind kind, String keyword, String calledProcedureName,
                                  Set<String> forbiddenFunctions, Set<String> writeCapableFunctions,
                                  String settingName, String managedReason) {

    public ClassifiedStatement {
        forbiddenFunctions = Collections.unmodifiableSet(new LinkedHashSet<>(forbiddenFunctions));
        writeCapableFunctions = Collections.unmodifiableSet(new LinkedHashSet<>(writeCapableFunctions));
    }

    /** For a CALL, the called name lower-cased and without its catalog/schema qualifier. */
    public Optional<String> calledProcedure() {
        return Optional.ofNullable(calledProcedureName);
    }

    /** True when a read-only connection must refuse this statement. */
    public boolean writes() {
        return kind == StatementKind.WRITE || kind == StatementKind.MANAGED || !writeCapableFunctions.isEmpty();
    }
}
