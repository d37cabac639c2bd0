package dev.opendrive.api.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.opendrive.platform.logging.LogEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import dev.opendrive.model.events.EventPublisher;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;
import dev.opendrive.platform.delivery.EventMetrics;

/**
 * The monolith's bus: delivers each event to every embedded handler on a small background pool,
 * so the request that published it never waits. A failing handler is retried with exponential
 * backoff (like a redelivery on Kafka) and finally logged as dead; it never fails the upload.
 */
@ApplicationScoped
@Typed(InProcessEventBus.class)
public class InProcessEventBus implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(InProcessEventBus.class);
    static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Instance<FileEventHandler> handlers;
    private final EventMetrics metrics;
    private volatile ScheduledExecutorService executor;

    public InProcessEventBus(Instance<FileEventHandler> handlers, EventMetrics metrics) {
        this.handlers = handlers;
        this.metrics = metrics;
    }

    @Override
    public void publish(FileEvent event) {
        LOG.infof("event=%s id=%s key=%s", event.event(), event.id(), event.key());
        List<FileEventHandler> targets = handlers.stream().filter(h -> h.accepts(event)).toList();
        for (FileEventHandler handler : targets) {
            executor().execute(() -> deliver(handler, event, 1));
        }
    }

    private void deliver(FileEventHandler handler, FileEvent event, int attempt) {
        long started = System.nanoTime();
        try {
            handler.handle(event);
            metrics.record(handler.name(), event.event(), EventMetrics.Outcome.SUCCESS, started);
        } catch (Exception | LinkageError e) {
            if (attempt >= MAX_ATTEMPTS || e instanceof UnprocessableEventException) {
                metrics.record(handler.name(), event.event(), EventMetrics.Outcome.DEAD_LETTER, started);
                LogEvent.of("handler.dead_letter").with("handler", handler.name()).with("eventId", event.id())
                        .with("eventType", event.event())
                        .with("fileId", event.data() == null ? null : event.data().fileId())
                        .with("userId", event.data() == null ? null : event.data().userId()).outcome("dead_letter").with("attempts", attempt)
                        .durationSince(started).error(LOG, e);
                return;
            }
            metrics.record(handler.name(), event.event(), EventMetrics.Outcome.RETRY, started);
            long delay = FIRST_BACKOFF.toMillis() << (attempt - 1);
            LOG.warnf("event=handler.retry handler=%s eventId=%s attempt=%d retryInMs=%d error=%s", handler.name(),
                    event.id(), attempt, delay, e.toString());
            executor().schedule(() -> deliver(handler, event, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    private ScheduledExecutorService executor() {
        ScheduledExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
                        Thread t = new Thread(r, "opendrive-events");
                        t.setDaemon(true);
                        return t;
                    });
                    pool.setRemoveOnCancelPolicy(true);
                    executor = e = pool;
                }
            }
        }
        return e;
    }

    void onStop(@Observes ShutdownEvent event) {
        ScheduledExecutorService e = executor;
        if (e != null) {
            e.shutdown();
            try {
                e.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
