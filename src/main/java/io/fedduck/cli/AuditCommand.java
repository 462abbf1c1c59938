package io.fedduck.cli;

import io.fedduck.audit.JsonLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code audit FILE [filters]}: the records of an audit log (JSON Lines), and of the files rotated out of
 * it, that match every filter given, printed as they are, so nobody writes jq by hand to answer "what did
 * alice run since yesterday".
 */
final class AuditCommand {
    static final int OK = 0;
    static final int FAILED = 2;
    static final String USAGE = "usage: audit FILE [--user U] [--role R] [--since T] [--until T] [--outcome O] [--kind K]"
            + " [--catalog C] [--connection ID]   (T: 2026-12-06T10:00:00Z, 2026-12-06, or 15m / 2h / 7d ago)";
    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    AuditCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    int run(String... args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println("error: " + USAGE);
            return FAILED;
        }
        Path file = Path.of(args[1]);
        List<Predicate<Map<String, Object>>> filters = new ArrayList<>();
        try {
            for (int i = 2; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                filters.add(filter(args[i], args[i + 1]));
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + "\n" + USAGE);
            return FAILED;
        }
        int matched = 0;
        int read = 0;
        int unreadable = 0;
        List<Path> files;
        try {
            files = withRotated(file);
        } catch (IOException e) {
            err.println("error: the audit log " + file + " cannot be read: " + e.getClass().getSimpleName());
            return FAILED;
        }
        for (Path each : files) {
            try (BufferedReader in = Files.newBufferedReader(each, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    read++;
                    Map<String, Object> record;
                    try {
                        record = JsonLine.parse(line);
                    } catch (IllegalArgumentException e) {
                        unreadable++;
                        continue;
                    }
                    if (filters.stream().allMatch(f -> f.test(record))) {
                        out.println(line);
                        matched++;
                    }
                }
            } catch (IOException e) {
                err.println("error: the audit log " + each + " cannot be read: " + e.getClass().getSimpleName());
                return FAILED;
            }
        }
        err.println(matched + " of " + read + " records" + (unreadable == 0 ? ""
                : "; " + unreadable + " lines are not audit records and were skipped"));
        return OK;
    }

    /**
     * The files rotated out of {@code file} ({@code <file>.<UTC time>}, oldest first: the names sort by
     * time), then {@code file} itself when it exists.
     */
    static List<Path> withRotated(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".";
        List<Path> files = new ArrayList<>();
        try (var listing = Files.list(folder)) {
            listing.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && ROTATED_SUFFIX.matcher(p.getFileName().toString().substring(prefix.length())).matches())
                    .sorted().forEach(files::add);
        }
        if (Files.exists(file) || files.isEmpty()) {
            files.add(file); // a missing file with nothing rotated is reported as unreadable
        }
        return files;
    }

    private static final Pattern ROTATED_SUFFIX = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z(-\\d+)?");

    private Predicate<Map<String, Object>> filter(String option, String value) {
        return switch (option) {
            // as the access rules compare users: ignoring case (a login as KIM is kim)
            case "--user" -> r -> r.get("user") instanceof String user
                    && user.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
            case "--role" -> r -> value.equalsIgnoreCase(String.valueOf(r.get("role")));
            case "--outcome" -> r -> value.equalsIgnoreCase(String.valueOf(r.get("outcome")));
            case "--kind" -> r -> value.equalsIgnoreCase(String.valueOf(r.get("kind")));
            case "--connection" -> r -> value.equals(r.get("connection_id"));
            case "--catalog" -> r -> r.get("catalogs") instanceof List<?> catalogs
                    && catalogs.contains(value.toLowerCase(Locale.ROOT));
            case "--since" -> {
                Instant since = instant(value);
                yield r -> time(r) != null && !time(r).isBefore(since);
            }
            case "--until" -> {
                Instant until = instant(value);
                yield r -> time(r) != null && time(r).isBefore(until);
            }
            default -> throw new IllegalArgumentException("unknown option '" + (option.matches("[-a-z]{1,20}")
                    ? option : "(not shown)") + "'");
        };
    }

    private static Instant time(Map<String, Object> record) {
        try {
            return record.get("time") instanceof String t ? Instant.parse(t) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An instant, a date (its start, UTC), or a time ago: 90s, 15m, 2h, 7d. */
    private Instant instant(String value) {
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("not a time: give 2026-12-06T10:00:00Z, 2026-12-06 or 15m / 2h / 7d");
            }
        }
    }
}
