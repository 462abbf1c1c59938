package io.fedduck.federation;

import io.fedduck.internal.SqlStates;
import io.fedduck.internal.SqlText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the DuckDB extensions a federation needs. Online, a missing extension is installed from DuckDB's
 * repository (or extension_repository); offline (extension_directory without extension_repository) it
 * must already be in the directory, and the error says how to put it there.
 */
final class ExtensionLoader {
    private static final Logger LOG = Logger.getLogger(ExtensionLoader.class.getName());

    private final FederationSpec spec;

    ExtensionLoader(FederationSpec spec) {
        this.spec = spec;
    }

    /** True when FedDuck may install a missing extension (it never downloads in offline mode). */
    boolean mayInstall() {
        return spec.extensionDirectory() == null || spec.extensionRepository() != null;
    }

    void load(Connection root, String extension, String neededBy) throws SQLException {
        try (Statement s = root.createStatement()) {
            s.execute("LOAD " + SqlText.identifier(extension));
            return;
        } catch (SQLException notInstalled) {
            if (!mayInstall()) {
                throw missing(extension, neededBy, notInstalled);
            }
            LOG.log(Level.FINE, "extension {0} not loadable yet, installing it", extension);
        }
        try (Statement s = root.createStatement()) {
            String from = spec.extensionRepository() == null ? "" : " FROM " + SqlText.literal(spec.extensionRepository());
            s.execute("INSTALL " + SqlText.identifier(extension) + from);
            s.execute("LOAD " + SqlText.identifier(extension));
        } catch (SQLException e) {
            throw missing(extension, neededBy, e);
        }
    }

    private SQLException missing(String extension, String neededBy, SQLException cause) {
        String where = spec.extensionDirectory() != null
                ? "extension_directory " + spec.extensionDirectory()
                : "DuckDB's default extension directory (~/.duckdb/extensions)";
        String fix = mayInstall()
                ? "Check that " + (spec.extensionRepository() != null ? "extension_repository " + spec.extensionRepository()
                        : "DuckDB's extension repository (extensions.duckdb.org)")
                        + " can be reached, or fill a directory with scripts/provision-extensions.sh DIR and set"
                        + " extension_directory=DIR."
                : "Fill it with scripts/provision-extensions.sh " + spec.extensionDirectory()
                        + ", or set extension_repository to a repository that has DuckDB " + DuckDbVersion.ENGINE
                        + " extensions.";
        SQLException e = new SQLException("DuckDB extension '" + extension + "' (needed by " + neededBy
                + ") could not be loaded from " + where + ": " + firstLine(cause.getMessage()) + ". " + fix,
                SqlStates.FEATURE_NOT_SUPPORTED, cause);
        return e;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
