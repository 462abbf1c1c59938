package io.fedduck.jdbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.ResultSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells whether the next {@code next()} of a duckdb_jdbc result set fetches a new chunk from DuckDB (the
 * call that can wait on a source for as long as its link stalls) or only moves within the rows it holds (a
 * few nanoseconds). FedDuck bounds the first kind and calls the second directly, so a streamed result pays
 * for the bound once per chunk (up to 2,048 rows), not once per row.
 *
 * <p>duckdb_jdbc has no API for this; the answer comes from the private fields of its result set, read
 * through {@link VarHandle}s, for the version FedDuck ships (1.4.4.0: {@code currentChunk}, {@code chunkIdx},
 * {@code finished}, and the vectors' {@code length}). With any other layout it answers "cannot tell", and
 * the caller reads without the bound, as before.
 */
final class ChunkBoundary {
    private static final Logger LOG = Logger.getLogger(ChunkBoundary.class.getName());
    private static final Handles HANDLES = Handles.find();

    private ChunkBoundary() {
    }

    /** True when {@code rows.next()} will fetch from DuckDB; false when it will not, or when this cannot tell. */
    static boolean nextFetches(ResultSet rows) {
        Handles h = HANDLES;
        if (h == null || !h.resultSet.isInstance(rows)) {
            return false;
        }
        if ((boolean) h.finished.get(rows)) {
            return false;
        }
        Object[] chunk = (Object[]) h.currentChunk.get(rows);
        if (chunk == null || chunk.length == 0) {
            return true;
        }
        // next() first advances the index, then fetches when it has passed the chunk's rows
        return (int) h.chunkIdx.get(rows) + 1 > (int) h.vectorLength.get(chunk[0]);
    }

    /** True when this duckdb_jdbc's result set is one ChunkBoundary can read. */
    static boolean understood() {
        return HANDLES != null;
    }

    private record Handles(Class<?> resultSet, VarHandle currentChunk, VarHandle chunkIdx, VarHandle finished,
                           VarHandle vectorLength) {
        static Handles find() {
            try {
                Class<?> resultSet = Class.forName("org.duckdb.DuckDBResultSet");
                Class<?> vector = Class.forName("org.duckdb.DuckDBVector");
                MethodHandles.Lookup inResult = MethodHandles.privateLookupIn(resultSet, MethodHandles.lookup());
                MethodHandles.Lookup inVector = MethodHandles.privateLookupIn(vector, MethodHandles.lookup());
                Class<?> chunkType = java.lang.reflect.Array.newInstance(vector, 0).getClass();
                return new Handles(resultSet,
                        inResult.findVarHandle(resultSet, "currentChunk", chunkType),
                        inResult.findVarHandle(resultSet, "chunkIdx", int.class),
                        inResult.findVarHandle(resultSet, "finished", boolean.class),
                        inVector.findVarHandle(vector, "length", int.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "this duckdb_jdbc's result set is not the one FedDuck knows: reading a"
                        + " streamed result is not bounded by the query timeout on a stalled link", e);
                return null;
            }
        }
    }
}
