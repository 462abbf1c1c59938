package io.fedduck.procedures;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds a PreparedStatement's parameters (in the same positions) to another prepared statement. */
@FunctionalInterface
public interface ParameterBinder {
    ParameterBinder NONE = statement -> {
    };

    void bindTo(PreparedStatement statement) throws SQLException;
}
