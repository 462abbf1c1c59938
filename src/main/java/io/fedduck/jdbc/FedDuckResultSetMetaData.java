package io.fedduck.jdbc;

import io.fedduck.internal.SqlStates;
import io.fedduck.jdbc.metadata.ResultColumnOrigins.Origin;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A result's column metadata as FedDuck hands it out: for a simple select (one table, plain columns and
 * {@code *}) each column's table, schema and catalog, and the table column's name as getColumnName (the
 * label stays the alias); "" for table, schema and catalog otherwise, as JDBC asks when they do not apply
 * (duckdb_jdbc always answers ""). Looked up the first time one of these four is asked, never before, so a
 * statement that nobody asks about pays nothing.
 */
public final class FedDuckResultSetMetaData extends ForwardingResultSetMetaData {
    private static final Logger LOG = Logger.getLogger(FedDuckResultSetMetaData.class.getName());

    /** Looks up where the result columns come from; empty when not known. */
    interface Origins {
        Origins NONE = List::of;

        List<Origin> lookUp() throws SQLException;
    }

    private final ResultSetMetaData raw;
    private final Origins origins;
    private List<Origin> known;

    FedDuckResultSetMetaData(ResultSetMetaData raw, Origins origins) {
        this.raw = raw;
        this.origins = origins;
    }

    @Override
    protected ResultSetMetaData delegate() {
        return raw;
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        Origin origin = origin(column);
        return origin == null ? raw.getColumnName(column) : origin.column();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        Origin origin = origin(column);
        return origin == null ? "" : origin.table();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        Origin origin = origin(column);
        return origin == null ? "" : origin.schema();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        Origin origin = origin(column);
        return origin == null ? "" : origin.catalog();
    }

    /** Where {@code column} comes from, or null when that is not known. */
    private Origin origin(int column) throws SQLException {
        int count = raw.getColumnCount();
        if (column < 1 || column > count) {
            throw new SQLException("column " + column + " does not exist: the result has " + count + " column(s)",
                    SqlStates.INVALID_DESCRIPTOR_INDEX);
        }
        List<Origin> all = origins(count);
        return all.isEmpty() ? null : all.get(column - 1);
    }

    private synchronized List<Origin> origins(int count) {
        if (known == null) {
            List<Origin> found;
            try {
                found = origins.lookUp();
            } catch (SQLException | RuntimeException e) {
                // Names are a courtesy to tools: a failed lookup leaves them empty, the result stays usable.
                LOG.log(Level.FINE, "FedDuck could not look up the result's table names", e);
                found = List.of();
            }
            // the parse describes another shape than the result (a table changed since): claim nothing
            known = found.size() == count ? found : List.of();
        }
        return known;
    }
}
