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
        SqlLine.Status status = sqlLine.begin(sqllineArguments(url, sqllineOptions), null, true);
        return status == SqlLine.Status.OK ? 0 : 1;
    }

    /**
     * sqlline's own options: the URL, FedDuck's driver class, and an empty user and password (the source
     * credentials live in the connections file; without {@code -n} and {@code -p} sqlline would ask for them).
     */
    static String[] sqllineArguments(String url, List<String> sqllineOptions) {
        List<String> args = new ArrayList<>(List.of("-d", FedDuckDriver.class.getName(), "-u", url, "-n", "", "-p", ""));
        args.addAll(sqllineOptions);
        return args.toArray(String[]::new);
    }
}
