package dev.opendrive.platform.delivery;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Metrics of event handling, recorded by the delivery core for every handler and transport alike:
 * opendrive_events_handled_seconds{handler,event,outcome} with outcome success | retry |
 * dead_letter, so thumbnail durations, failures and dead-lettered records are visible at /q/metrics.
 * A deployable without a metrics registry (the push functions) records nothing.
 */
@ApplicationScoped
public class EventMetrics {

    public enum Kind {
        SUCCESS, RETRY, DEAD_LETTER;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    @Inject
    public EventMetrics(Instance<MeterRegistry> registry) {
        this(registry.isResolvable() ? registry.get() : null);
    }

    /** Recording into {@code registry}; null records nothing. */
    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String handler, String event, Kind kind, long startedNanos) {
        if (registry == null) {
            return;
        }
        Timer.builder("opendrive.events.handled")
                .description("Event handling attempts by handler, event type and outcome")
                .tag("handler", handler).tag("event", event == null ? "unknown" : event).tag("outcome", kind.tag())
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
