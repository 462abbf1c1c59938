package io.fedduck.pushdown;

import java.util.Locale;

/**
 * DuckDB's session defaults for an ORDER BY key written without ASC/DESC or NULLS FIRST/LAST (settings
 * {@code default_order} and {@code default_null_order}), which a pushed ORDER BY spells out.
 */
public record OrderDefaults(boolean descending, String nullOrder) {
    /** DuckDB's own defaults: ascending, NULLs last. */
    static final OrderDefaults DUCKDB = new OrderDefaults(false, "nulls_last");

    /** From the values of default_order and default_null_order as {@code current_setting} gives them. */
    public static OrderDefaults of(String defaultOrder, String defaultNullOrder) {
        return new OrderDefaults(defaultOrder != null && defaultOrder.toLowerCase(Locale.ROOT).startsWith("desc"),
                defaultNullOrder == null ? "nulls_last" : defaultNullOrder);
    }

    /** Where NULLs go for a key sorted descending or not. */
    boolean nullsFirst(boolean descendingKey) {
        return switch (nullOrder.toLowerCase(Locale.ROOT)) {
            case "nulls_first", "nulls first" -> true;
            case "nulls_first_on_asc_last_on_desc" -> !descendingKey;
            case "nulls_last_on_asc_first_on_desc" -> descendingKey;
            default -> false;
        };
    }
}
