package dev.opendrive.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters per key, in memory. Enough for one instance; behind several instances each
 * counts on its own, which only makes the limit looser, never locks anyone out wrongly.
 */
public class RateLimiter {

    /** The state of one key after a check, for the RateLimit-* headers. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private static final class Window {
        final long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    public RateLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Whether another attempt is allowed now, without counting one. */
    public Decision peek(String key) {
        long now = clock.millis();
        sweep(now);
        Window w = windows.get(key);
        if (w == null || now - w.start >= windowMillis) {
            return new Decision(true, limit, limit, windowMillis / 1000);
        }
        synchronized (w) {
            return decision(w, now);
        }
    }

    /** Counts one attempt and tells whether it was within the limit. */
    public Decision record(String key) {
        long now = clock.millis();
        sweep(now);
        Window w = windows.compute(key, (k, old) -> old == null || now - old.start >= windowMillis ? new Window(now) : old);
        synchronized (w) {
            w.count++;
            Decision d = decision(w, now);
            return new Decision(w.count <= limit, d.limit(), d.remaining(), d.resetSeconds());
        }
    }

    public void reset(String key) {
        windows.remove(key);
    }

    private Decision decision(Window w, long now) {
        long reset = Math.max(1, (w.start + windowMillis - now + 999) / 1000);
        return new Decision(w.count < limit, limit, Math.max(0, limit - w.count), reset);
    }

    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + windowMillis;
        windows.entrySet().removeIf(e -> now - e.getValue().start >= windowMillis);
    }
}
