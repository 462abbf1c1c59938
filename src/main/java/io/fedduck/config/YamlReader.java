package io.fedduck.config;

import java.io.StringReader;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/** Parses YAML text into SnakeYAML's node tree (no objects are constructed) with safe limits. */
final class YamlReader {
    private static final int MAX_ALIASES = 10;
    private static final int MAX_NESTING = 20;
    private static final String QUOTE_HINT =
            " (quote a value that starts with a special character such as * & ! % @ or `)";
    private static final String TAG = "a YAML tag (!...) is not allowed here" + QUOTE_HINT;
    private static final String DIRECTIVE = "a % directive is malformed or not supported" + QUOTE_HINT;
    private static final String BAD_CHARACTER = "a control character or another character YAML does not allow";
    /** SnakeYAML's token names ('<block end>', ':', ...): the only part of its text that is passed on. */
    private static final Pattern TOKEN_PROBLEM = Pattern.compile("expected (<block end>|'<document start>'|the node"
            + " content|',' or '[}\\]]'), but (found|got) '?(<[a-z ]+>|[-?:,\\[\\]{}])'?");

    /** A problem SnakeYAML reports (by the start of its fixed text) and how FedDuck says it. */
    private record Problem(String startsWith, String description) {
    }

    /**
     * SnakeYAML's problem texts append the offending input ("but found x", an alias's name, a bad escape),
     * so the message is never passed on: only these fixed descriptions are. Order matters where one
     * text starts like another.
     */
    private static final List<Problem> PROBLEMS = List.of(
            new Problem("mapping values are not allowed here", "mapping values are not allowed here"),
            new Problem("mapping keys are not allowed here", "mapping keys are not allowed here"),
            new Problem("sequence entries are not allowed here", "list entries (- ) are not allowed here"),
            new Problem("could not find expected ':'", "could not find the expected ':' (a line in a"
                    + " mapping must be key: value)"),
            new Problem("found unexpected end of stream", "the file ends inside a quoted value (a quote is not"
                    + " closed)"),
            new Problem("found unexpected document separator", "a document separator (--- or ...) inside a quoted"
                    + " value"),
            new Problem("found character", "found a character that cannot start a value" + QUOTE_HINT),
            new Problem("found undefined alias", "found an alias (*name) that is not defined" + QUOTE_HINT),
            new Problem("found undefined tag handle", TAG),
            new Problem("Global tag is not allowed", TAG),
            new Problem("expected URI", TAG),
            new Problem("expected '!'", TAG),
            new Problem("expected '>'", TAG),
            new Problem("expected alphabetic or numeric character", "an anchor (&name), alias (*name) or directive"
                    + " (%NAME) has no valid name" + QUOTE_HINT),
            new Problem("expected a comment or a line break", "unexpected text where a comment or the end of the"
                    + " line belongs" + QUOTE_HINT),
            new Problem("expected chomping or indentation indicators", "a block value (| or >) has an unknown"
                    + " indicator after | or >"),
            new Problem("expected indentation indicator in the range 1-9", "the indentation indicator of a block"
                    + " value (| or >) must be 1 to 9"),
            new Problem("found unknown escape character", "a double-quoted value holds an unknown escape (write \\\\"
                    + " for a backslash, or use single quotes)"),
            new Problem("expected escape sequence of", "a double-quoted value holds a malformed \\x, \\u or \\U"
                    + " escape (write \\\\ for a backslash, or use single quotes)"),
            new Problem("expected a digit", DIRECTIVE),
            new Problem("expected ' ', but found", DIRECTIVE),
            new Problem("found a number which cannot represent a valid version", DIRECTIVE),
            new Problem("found incompatible YAML document", DIRECTIVE),
            new Problem("found duplicate YAML directive", DIRECTIVE),
            new Problem("duplicate tag handle", DIRECTIVE),
            new Problem("unexpected character found", "unexpected character" + QUOTE_HINT),
            new Problem("but found another document", "the file holds more than one YAML document (a second ---)"),
            new Problem("Number of aliases for non-scalar nodes exceeds", "too many aliases (*name) of lists or"
                    + " mappings (at most " + MAX_ALIASES + ")"),
            new Problem("Nesting Depth exceeded", "nested more than " + MAX_NESTING + " levels deep"),
            new Problem("The incoming YAML document exceeds the limit", "the file is too large"),
            new Problem("special characters are not allowed", BAD_CHARACTER),
            new Problem("The last char is HighSurrogate", BAD_CHARACTER));

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
        // Never the exception's own message or cause: its snippet quotes the line, which may hold a password
        // (or be a line of /etc/shadow when config points at the wrong file).
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            ConfigLocation where = mark == null ? new ConfigLocation(label, 0)
                    : new ConfigLocation(label, mark.getLine() + 1, mark.getColumn() + 1);
            throw ConfigErrors.error(where, null, null, "not valid YAML: " + describe(e.getProblem()));
        } catch (ReaderException e) {
            throw ConfigErrors.error(locate(label, text, e.getPosition()), null, null,
                    "not valid YAML: " + describe(e.getMessage()));
        } catch (YAMLException e) {
            throw ConfigErrors.error(new ConfigLocation(label, 0), null, null,
                    "not valid YAML: " + describe(e.getMessage()));
        }
    }

    /** A fixed description of a SnakeYAML problem text that holds none of the input's characters. */
    static String describe(String problem) {
        if (problem == null) {
            return "syntax error";
        }
        String text = problem.strip();
        if (text.startsWith("found character") && text.contains("(TAB)")) {
            return "found a tab where YAML expects indentation or a value (indent with spaces)";
        }
        if (TOKEN_PROBLEM.matcher(text).matches()) {
            return text; // only SnakeYAML's own token names, e.g. expected <block end>, but found '<scalar>'
        }
        for (Problem p : PROBLEMS) {
            if (text.startsWith(p.startsWith())) {
                return p.description();
            }
        }
        return "syntax error";
    }

    /** The line and column of a code-point offset, counting line breaks as SnakeYAML does. */
    private static ConfigLocation locate(String label, String text, int position) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < position; seen++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean crlf = c == '\r' && i < text.length() && text.charAt(i) == '\n';
            if (c == '\n' || c == '\r' && !crlf || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new ConfigLocation(label, line, column);
    }
}
