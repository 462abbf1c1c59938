package io.fedduck.procedures;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The result sets a statement gives after its first one ({@code Statement.getMoreResults}), prepared one
 * at a time as the caller asks for them, so each is as fresh as the moment it is read.
 */
@FunctionalInterface
public interface FollowingResults {
    FollowingResults NONE = () -> null;

    /** The query of the next result set, prepared with its values bound; null when none is left. */
    PreparedStatement next() throws SQLException;
}
