package dev.opendrive.platform.delivery;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Metrics of event handling, recorded by the bus (in-process or Kafka) for every handler alike:
 * opendrive_events_handled_seconds{handler,event,outcome} with outcome success | retry |
 * dead_letter, so thumbnail durations, failures and dead-lettered records are visible at /q/metrics.
 */
@ApplicationScoped
public class EventMetrics {

    public enum Outcome {
        SUCCESS, RETRY, DEAD_LETTER;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String handler, String event, Outcome outcome, long startedNanos) {
        Timer.builder("opendrive.events.handled")
                .description("Event handling attempts by handler, event type and outcome")
                .tag("handler", handler).tag("event", event == null ? "unknown" : event).tag("outcome", outcome.tag())
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
