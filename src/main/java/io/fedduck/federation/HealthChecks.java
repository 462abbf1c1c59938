package io.fedduck.federation;

import io.fedduck.federation.dialect.SourceDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Health checks of attached sources, run in parallel and waited for a bounded time: the dialect's own probe
 * where it has one (PostgreSQL's startup message, around the extension's pool), else one round trip through
 * the source's extension on a DuckDB connection of its own. A check that gets no answer (a stalled link: no
 * client library FedDuck reaches can be made to give up) counts as stalled once the bound is over and is
 * left to finish on its own; while it waits, that source gets no second check, so a dead link ties up at
 * most one thread (and one DuckDB connection).
 */
final class HealthChecks {
    private final Supplier<Connection> connections;
    private final SecretRedactor redactor;
    private final ExecutorService checks = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fedduck-health-check");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, SourceHealth> latest = new ConcurrentHashMap<>();
    /** Background checks, when a connection asked for them (guarded by this). */
    private ScheduledExecutorService background;
    private Duration backgroundInterval;
    private ScheduledFuture<?> backgroundRun;
    private final Map<String, InFlight> waiting = new ConcurrentHashMap<>();
    /** Bumped when a source is attached or detached: a check of its earlier attachment records nothing. */
    private final Map<String, Long> generations = new ConcurrentHashMap<>();

    /** A check under way, and when it started (System.nanoTime()). */
    private record InFlight(Future<?> future, long startedAt) {
    }

    /** @param connections opens a new DuckDB connection to the federation's instance (it may throw unchecked) */
    HealthChecks(Supplier<Connection> connections, SecretRedactor redactor) {
        this.connections = connections;
        this.redactor = redactor;
    }

    /** Checks every attached source of {@code sources}, waiting for the answers at most {@code bound} in all. */
    void check(List<SourceState> sources, Duration bound) {
        List<Map.Entry<SourceState, Future<?>>> started = new ArrayList<>();
        for (SourceState state : sources) {
            if (state.status() != SourceStatus.CONNECTED) {
                continue;
            }
            String key = key(state.name());
            long generation = generations.getOrDefault(key, 0L);
            // One check per source at a time. One that has waited longer than a whole bound already is on a
            // dead link: it is not waited for again, the source stays stalled at once.
            InFlight check = waiting.compute(key, (k, running) -> running != null && !running.future().isDone()
                    ? running : new InFlight(checks.submit(() -> checkNow(state, generation, bound)), System.nanoTime()));
            if (System.nanoTime() - check.startedAt() > bound.toNanos()) {
                noteStall(state.name(), bound);
                continue;
            }
            started.add(Map.entry(state, check.future()));
        }
        long deadline = System.nanoTime() + bound.toNanos();
        for (Map.Entry<SourceState, Future<?>> entry : started) {
            try {
                entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                noteStall(entry.getKey().name(), bound);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                noteFailure(entry.getKey().name(), "the check failed: " + e.getCause());
            }
        }
    }

    /** How often a check meets a pooled connection that a server restart closed before it counts as failed. */
    private static final int STALE_CONNECTION_ATTEMPTS = 65;

    private void checkNow(SourceState state, long generation, Duration bound) {
        String key = key(state.name());
        long probeStart = System.nanoTime();
        try {
            if (SourceDialect.of(state.config().type()).probe(state.config(), bound)) {
                if (generations.getOrDefault(key, 0L) == generation) {
                    latest.put(key, SourceHealth.answered(Instant.now(), Duration.ofNanos(System.nanoTime() - probeStart)));
                }
                return;
            }
        } catch (java.net.SocketTimeoutException e) {
            if (generations.getOrDefault(key, 0L) == generation) {
                noteStall(state.name(), bound);
            }
            return;
        } catch (java.io.IOException e) {
            if (generations.getOrDefault(key, 0L) == generation) {
                noteFailure(state.name(), "cannot reach " + state.config().host() + ":" + state.config().port()
                        + ": " + e.getMessage());
            }
            return;
        }
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try (Connection c = connections.get();
                 PreparedStatement ps = c.prepareStatement(SourceDialect.of(state.config().type()).healthQuery())) {
                ps.setString(1, state.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                if (generations.getOrDefault(key, 0L) == generation) {
                    latest.put(key, SourceHealth.answered(Instant.now(), Duration.ofNanos(System.nanoTime() - start)));
                }
                return;
            } catch (SQLException e) {
                if (SourceReadRetry.isStaleConnection(e) && attempt < STALE_CONNECTION_ATTEMPTS) {
                    continue;
                }
                if (generations.getOrDefault(key, 0L) == generation) {
                    noteFailure(state.name(), e.getMessage());
                }
                return;
            } catch (RuntimeException e) {
                noteFailure(state.name(), e.getMessage());
                return;
            }
        }
    }

    /** Records that source {@code name} answered with an error (a check, or a statement that failed on the link). */
    void noteFailure(String name, String why) {
        note(name, why, false);
    }

    private void noteStall(String name, Duration bound) {
        note(name, "no answer from the source within " + bound.toMillis() + " ms (the link may be stalled;"
                + " FedDuck is still waiting for that check)", true);
    }

    private void note(String name, String why, boolean stalled) {
        Instant now = Instant.now();
        String error = redactor.redact(why == null ? "unknown error" : why.strip());
        latest.compute(key(name), (k, old) -> old == null ? SourceHealth.neverReached(error, now, stalled)
                : old.failed(error, now, stalled));
    }

    /** Records a round trip that worked outside a check (a statement's). */
    void noteAnswer(String name) {
        latest.computeIfPresent(key(name), (k, old) -> old.reachable() ? old
                : SourceHealth.answered(Instant.now(), old.latency()));
    }

    Optional<SourceHealth> latest(String name) {
        return Optional.ofNullable(latest.get(key(name)));
    }

    /** Forgets a source (detached, or attached anew). */
    void forget(String name) {
        String key = key(name);
        generations.merge(key, 1L, Long::sum);
        latest.remove(key);
        waiting.remove(key);
    }

    /**
     * Checks every source returned by {@code sources} every {@code interval} in the background, from now on;
     * a shorter interval asked for later replaces a longer one.
     */
    synchronized void checkEvery(Duration interval, Supplier<List<SourceState>> sources, Duration bound) {
        if (backgroundInterval != null && backgroundInterval.compareTo(interval) <= 0) {
            return;
        }
        if (background == null) {
            background = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "fedduck-health-background");
                thread.setDaemon(true);
                return thread;
            });
        }
        if (backgroundRun != null) {
            backgroundRun.cancel(false);
        }
        backgroundInterval = interval;
        backgroundRun = background.scheduleWithFixedDelay(() -> check(sources.get(), bound),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void close() {
        if (background != null) {
            background.shutdownNow();
        }
        checks.shutdownNow();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
