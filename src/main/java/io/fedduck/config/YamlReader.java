package io.fedduck.config;

import java.io.StringReader;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Parses YAML text into SnakeYAML's node tree (no objects are constructed) with safe limits. */
final class YamlReader {
    private static final int MAX_ALIASES = 10;
    private static final int MAX_NESTING = 20;
    private static final int MAX_PROBLEM_LENGTH = 160;
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");
    private static final Pattern KEPT_QUOTES = Pattern.compile("'<[^']*>'|'[,:\\]}]'");
    private static final String QUOTE_HINT =
            " (quote a value that starts with a special character such as * & ! % @ or `)";

    private YamlReader() {
    }

    /** The document's root node, or null for an empty document. */
    static Node compose(String text, String label) throws SQLException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // compose itself does not look at keys: ConnectionsFile checks them
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMergeOnCompose(false);
        options.setTagInspector(tag -> false);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            ConfigLocation where = new ConfigLocation(label, mark == null ? 0 : mark.getLine() + 1);
            // Never the exception's own message or cause: its snippet quotes the line, which may hold a password.
            throw ConfigErrors.error(where, null, null, "not valid YAML: " + safeProblem(e.getProblem()));
        } catch (YAMLException e) {
            throw ConfigErrors.error(new ConfigLocation(label, 0), null, null,
                    "not valid YAML: " + safeProblem(e.getMessage()));
        }
    }

    /**
     * SnakeYAML's problem text without the pieces of input it sometimes quotes (an undefined alias
     * {@code *abc} is its whole name, a bad character is shown): a password may begin there.
     */
    static String safeProblem(String problem) {
        if (problem == null || problem.isBlank()) {
            return "syntax error";
        }
        if (problem.contains("undefined alias")) {
            return "found an alias (*name) that is not defined" + QUOTE_HINT;
        }
        if (problem.contains("tag handle") || problem.contains("Global tag")) {
            return "found a YAML tag that is not allowed" + QUOTE_HINT;
        }
        String safe = problem.replaceAll("(?s)(escape character|anchor|alias)\\s.*", "$1")
                .replaceAll("(?s)but found(?! '<)[:\\s].*", "but found something else")
                .replaceAll("\\(Do not use .* for indentation\\)", "")
                .replaceAll("\\s+", " ").trim();
        safe = masked(safe);
        if (safe.length() > MAX_PROBLEM_LENGTH) {
            safe = safe.substring(0, MAX_PROBLEM_LENGTH) + "...";
        }
        return safe.contains("...") ? safe + QUOTE_HINT : safe;
    }

    /** Keeps quoted token names ('<block end>'), syntax characters and tabs; masks other quoted text. */
    private static String masked(String problem) {
        Matcher quoted = QUOTED.matcher(problem);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            String text = quoted.group();
            boolean keep = KEPT_QUOTES.matcher(text).matches() || text.contains("TAB");
            quoted.appendReplacement(out, Matcher.quoteReplacement(keep ? text : "..."));
        }
        return quoted.appendTail(out).toString();
    }
}
