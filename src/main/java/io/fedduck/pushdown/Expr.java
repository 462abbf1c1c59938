package io.fedduck.pushdown;

import java.math.BigDecimal;
import java.util.List;

/**
 * The expressions a pushed statement may hold, as DuckDB's parser read them: anything else is not read
 * into this model, and a statement holding it is not pushed.
 */
sealed interface Expr {

    /**
     * A column by the name as written, of the statement's {@code table}-th table (0-based, in FROM order) when
     * written with a qualifier, or -1 when unqualified (the planner then finds the one table that has it). A
     * qualified column is the table's even where a select-list alias has its name.
     */
    record Column(int table, String name) implements Expr {
        boolean qualified() {
            return table >= 0;
        }
    }

    /** A constant; {@code kind} is DuckDB's type id of the literal (INTEGER, DECIMAL, VARCHAR, ...), null for NULL. */
    record Constant(String kind, Object value, int scale) implements Expr {
        boolean isNull() {
            return kind == null;
        }

        boolean isNumber() {
            return value instanceof BigDecimal;
        }
    }

    /** A literal of a date or time type written as {@code DATE '...'} or {@code CAST('...' AS TIMESTAMP)}. */
    record TypedText(String type, String text) implements Expr {
    }

    /** {@code left op right} with op one of = <> < > <= >=. */
    record Comparison(String op, Expr left, Expr right) implements Expr {
    }

    /** AND / OR of two or more children. */
    record Junction(boolean and, List<Expr> children) implements Expr {
    }

    record Not(Expr child) implements Expr {
    }

    record IsNull(Expr child, boolean negated) implements Expr {
    }

    record In(Expr child, List<Expr> values, boolean negated) implements Expr {
    }

    record Between(Expr child, Expr low, Expr high) implements Expr {
    }

    /** count(*), count / sum / min / max / avg of one argument, optionally DISTINCT. */
    record Aggregate(String function, Expr argument, boolean distinct) implements Expr {
        boolean isCountStar() {
            return argument == null;
        }
    }
}
