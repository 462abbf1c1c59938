package io.fedduck.sync;

import java.util.ArrayList;
import java.util.List;

/** How the source's columns differ from those the last sync copied. */
record SchemaDiff(List<Column> added, List<Column> removed, List<Changed> changed) {

    /** A column whose DuckDB type changed. */
    record Changed(String name, String before, String after) {
    }

    static SchemaDiff between(List<Column> before, List<Column> after) {
        List<Column> added = new ArrayList<>();
        List<Column> removed = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (Column now : after) {
            Column then = Column.named(before, now.name());
            if (then == null) {
                added.add(now);
            } else if (!then.type().equals(now.type())) {
                changed.add(new Changed(now.name(), then.type(), now.type()));
            }
        }
        for (Column then : before) {
            if (Column.named(after, then.name()) == null) {
                removed.add(then);
            }
        }
        return new SchemaDiff(List.copyOf(added), List.copyOf(removed), List.copyOf(changed));
    }

    boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** For example {@code added: note VARCHAR; removed: legacy INTEGER; changed: qty INTEGER -> BIGINT}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added: " + String.join(", ", added.stream().map(c -> c.name() + " " + c.type()).toList()));
        }
        if (!removed.isEmpty()) {
            parts.add("removed: " + String.join(", ", removed.stream().map(c -> c.name() + " " + c.type()).toList()));
        }
        if (!changed.isEmpty()) {
            parts.add("changed: " + String.join(", ", changed.stream()
                    .map(c -> c.name() + " " + c.before() + " -> " + c.after()).toList()));
        }
        return String.join("; ", parts);
    }
}
