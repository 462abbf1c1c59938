package io.fedduck.cli;

import io.fedduck.FedDuckDriver;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import sqlline.SqlLine;

/**
 * The interactive SQL shell: sqlline (bundled, relocated) connected to a FedDuck URL. sqlline does the
 * line editing, history, {@code !} commands and result formatting; this class only builds its command line.
 */
final class ShellCommand {
    /** sqlline's maxWidth when no terminal tells it one: wide enough that no table row is cut. */
    static final int WIDTH_WITHOUT_TERMINAL = 100_000;

    private final PrintStream out;
    private final PrintStream err;

    ShellCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs sqlline until the user quits (or a {@code -f} script ends); 0 when sqlline reports success. */
    int run(String url, List<String> sqllineOptions) throws IOException {
        SqlLine sqlLine = new SqlLine();
        sqlLine.setOutputStream(out);
        sqlLine.setErrorStream(err);
        SqlLine.Status status = sqlLine.begin(sqllineArguments(url, sqllineOptions, System.console() != null), null,
                true);
        return status == SqlLine.Status.OK ? 0 : 1;
    }

    /**
     * sqlline's own options: the URL, FedDuck's driver class, and an empty user and password (the source
     * credentials live in the connections file; without {@code -n} and {@code -p} sqlline would ask for them).
     * Without a terminal (output to a file or a pipe) sqlline's width would be 0 and its tables empty boxes,
     * so it gets a width then; the user's own options come last and win.
     */
    static String[] sqllineArguments(String url, List<String> sqllineOptions, boolean terminal) {
        List<String> args = new ArrayList<>(List.of("-d", FedDuckDriver.class.getName(), "-u", url, "-n", "", "-p", ""));
        if (!terminal) {
            args.add("--maxWidth=" + WIDTH_WITHOUT_TERMINAL);
        }
        args.addAll(sqllineOptions);
        return args.toArray(String[]::new);
    }
}
