package dev.opendrive.api.events;

import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.opendrive.model.events.EventPublisher;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.platform.delivery.EventDelivery;
import dev.opendrive.platform.delivery.EventDelivery.Where;
import dev.opendrive.platform.delivery.Outcome;
import dev.opendrive.platform.logging.LogEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;

/**
 * The monolith's bus: hands each event to every embedded handler through the delivery core, on a
 * small pool of its own, so the request that published it never waits and a slow thumbnail never
 * takes a request thread. A failed attempt is tried again after the policy's backoff (like a
 * redelivery on Kafka) until the core dead-letters it; it never fails the upload.
 */
@ApplicationScoped
@Typed(InProcessEventBus.class)
public class InProcessEventBus implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(InProcessEventBus.class);
    private static final int THREADS = 2;

    private final List<FileEventHandler> handlers;
    private final EventDelivery delivery;
    // created with the bus, on its first event (the bean is created on first use); threads start
    // with the first task
    private final ScheduledThreadPoolExecutor pool;

    public InProcessEventBus(Instance<FileEventHandler> handlers, EventDelivery delivery) {
        this.handlers = handlers.stream().toList();
        this.delivery = delivery;
        this.pool = new ScheduledThreadPoolExecutor(THREADS, r -> {
            Thread t = new Thread(r, "opendrive-events");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void publish(FileEvent event) {
        LogEvent.of("event.published").with("eventId", event.id()).with("eventType", event.type().wire())
                .with("key", event.key()).info(LOG);
        // captured here, on the request's thread: the handlers' spans continue the request's trace
        Where where = Where.of("in-process");
        for (FileEventHandler handler : handlers) {
            pool.execute(() -> deliver(handler, event, 1, where));
        }
    }

    private void deliver(FileEventHandler handler, FileEvent event, int attempt, Where where) {
        if (delivery.attempt(handler, event, attempt, where) instanceof Outcome.Retry retry) {
            pool.schedule(() -> deliver(handler, event, attempt + 1, where), retry.after().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
