package io.fedduck.cli;

import io.fedduck.ConnectionSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code java -jar fedduck-jdbc.jar}, parsed:
 * {@code [check] [--config FILE] [jdbc:fedduck:URL | LOCAL_DB] [-- SQLLINE_OPTION...]}.
 *
 * @param command what to run
 * @param config the connections file given with {@code --config}, or null (the driver's default applies)
 * @param target a {@code jdbc:fedduck:} URL, a local DuckDB file, or null for an in-memory local database
 * @param shellOptions what follows {@code --}, handed to sqlline as is (the shell only)
 */
record Arguments(Command command, Path config, String target, List<String> shellOptions) {

    /** The commands of the jar. */
    enum Command { SHELL, CHECK, HELP }

    Arguments {
        shellOptions = List.copyOf(shellOptions);
    }

    static Arguments parse(String... args) throws UsageException {
        int i = 0;
        Command command = Command.SHELL;
        if (args.length > 0) {
            switch (args[0]) {
                case "check" -> {
                    command = Command.CHECK;
                    i++;
                }
                case "help", "--help", "-h" -> {
                    return new Arguments(Command.HELP, null, null, List.of());
                }
                default -> {
                }
            }
        }
        Path config = null;
        String target = null;
        List<String> shellOptions = new ArrayList<>();
        for (; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                if (command != Command.SHELL) {
                    throw new UsageException("'--' (options for sqlline) belongs to the shell, not to " + name(command));
                }
                shellOptions.addAll(List.of(args).subList(i + 1, args.length));
                break;
            } else if (arg.equals("--config") || arg.startsWith("--config=")) {
                String value = arg.equals("--config") ? (i + 1 < args.length ? args[++i] : "") : arg.substring(9);
                if (value.isBlank()) {
                    throw new UsageException("--config needs the path of a connections file");
                }
                if (config != null) {
                    throw new UsageException("--config is given twice");
                }
                config = Path.of(value);
            } else if (arg.startsWith("-")) {
                throw new UsageException("unknown option " + (arg.matches("[-A-Za-z0-9_=.]{1,40}") ? "'" + arg + "'"
                        : "(not shown)") + (command == Command.SHELL ? "; options for sqlline go after '--'" : ""));
            } else if (target != null) {
                throw new UsageException("more than one URL or local database given");
            } else {
                target = arg;
            }
        }
        if (target != null && target.startsWith("jdbc:") && !target.startsWith(ConnectionSettings.URL_PREFIX)) {
            throw new UsageException("not a FedDuck URL (it must start with " + ConnectionSettings.URL_PREFIX + ")");
        }
        if (config != null && target != null && target.startsWith(ConnectionSettings.URL_PREFIX)
                && hasQueryKey(target, "config")) {
            throw new UsageException("the connections file is given twice, with --config and in the URL; keep one");
        }
        return new Arguments(command, config, target, shellOptions);
    }

    /**
     * The FedDuck URL to open: the target URL (or one for the local file, or for an in-memory database) with
     * the {@code --config} file added. Paths are percent-encoded, so the URL has no space (sqlline splits
     * its connect command on spaces).
     */
    String url() {
        String url;
        if (target == null) {
            url = ConnectionSettings.URL_PREFIX;
        } else if (target.startsWith(ConnectionSettings.URL_PREFIX)) {
            url = target;
        } else {
            url = ConnectionSettings.URL_PREFIX + encode(target);
        }
        if (config == null) {
            return url;
        }
        String separator = url.indexOf('?') < 0 ? "?" : url.endsWith("?") || url.endsWith("&") ? "" : "&";
        return url + separator + "config=" + encode(config.toAbsolutePath().normalize().toString());
    }

    private static String encode(String text) {
        // URLEncoder writes a space as '+', which FedDuck's URL parser keeps as a plus.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/")
                .replace("%3A", ":");
    }

    private static boolean hasQueryKey(String url, String key) {
        int q = url.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String name(Command command) {
        return command.name().toLowerCase(Locale.ROOT);
    }

    /** A command line that cannot be run; the message says why, and never repeats an unknown argument's text. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
