package io.fedduck.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar fedduck-jdbc.jar}: the interactive SQL shell, or {@code check}. Parses the command line
 * and hands over to one class per command.
 */
public final class Main {
    /** Held so the level set below stays (java.util.logging keeps loggers only weakly). */
    private static final Logger FEDDUCK_LOG = Logger.getLogger("io.fedduck");

    static final String USAGE = """
            usage: java -jar fedduck-jdbc.jar [--config FILE] [URL | LOCAL_DB] [-- SQLLINE_OPTIONS]
                   java -jar fedduck-jdbc.jar check [--config FILE] [URL | LOCAL_DB]
                   java -jar fedduck-jdbc.jar keygen FILE | encrypt --for ... | rotate ... | hash-password
                   java -jar fedduck-jdbc.jar audit FILE [--user U] [--since T] ...

              (no command)   an interactive SQL shell (sqlline) on FedDuck; type !help for its commands,
                             !quit to leave. After --, options for sqlline, e.g. -- -f script.sql
              check          validate the connections file and attach every source; prints each source's
                             status, attach time and table count. Exit 0 when all sources are connected,
                             1 when one is not, 2 when the command line or the file is wrong.
              keygen FILE    write a new random master key to FILE (owner-only)
              encrypt --for TYPE://USER@HOST:PORT [--key-file FILE]
                             read a secret without echo and print its ENC(...) value for that connection
                             of the connections file, under the key in FILE or in $FEDDUCK_MASTER_KEY
              rotate --config FILE --new-key-file NEW [--key-file OLD]
                             re-encrypt every ENC(...) value of a connections file under a new key
              hash-password  read a user's login password without echo and print its Argon2id hash for
                             the access: section's users (password: '$argon2id$...')
              audit FILE [--user U] [--role R] [--since T] [--until T] [--outcome O] [--kind K]
                         [--catalog C] [--connection ID]
                             print the records of an audit log (and of the files rotated out of it) that
                             match every filter (T: an instant, a date, or 15m / 2h / 7d ago)
              --config FILE  the connections file (default: $FEDDUCK_CONFIG, else ./connections.yaml)
              URL            a jdbc:fedduck: URL with any driver property, e.g.
                             'jdbc:fedduck:local.duckdb?extension_directory=/opt/duckdb-ext'
              LOCAL_DB       a local DuckDB file for your own tables (default: in memory)
            """;

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length > 0 && args[0].equals("audit")) {
            return new AuditCommand(out, err, java.time.Clock.systemUTC()).run(args);
        }
        if (args.length > 0 && CredentialsCommand.handles(args[0])) {
            return new CredentialsCommand(new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)), System.console(), out, err, System.getenv()).run(args);
        }
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (Arguments.UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return CheckCommand.INVALID;
        }
        // The commands report source failures themselves (check's table, the shell's warnings): the
        // driver's log lines would say the same again on the terminal.
        FEDDUCK_LOG.setLevel(Level.SEVERE);
        return switch (arguments.command()) {
            case HELP -> {
                out.print(USAGE);
                yield 0;
            }
            case CHECK -> new CheckCommand(out, System.getenv()).run(arguments.url());
            case SHELL -> new ShellCommand(out, err).run(arguments.url(), arguments.shellOptions());
        };
    }
}
