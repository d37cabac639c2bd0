package dev.opendrive.api.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.model.db.MongoClientCreated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import dev.opendrive.platform.kafka.KafkaConfig;

/**
 * Drains the outbox to Kafka on one background thread: oldest entries first, in bounded batches,
 * each batch sent in order and then awaited, acknowledged entries deleted. A publish wakes it at
 * once; otherwise it looks every poll-interval for entries left behind (a failed send, another
 * instance that crashed after storing an event). While Kafka or the database fails it backs off,
 * doubling up to max-backoff, and ignores wake-ups: one warning when the outage starts, one line
 * when it is over with the number of events drained.
 * <p>
 * It starts on first use, never at boot: the first publish, or the first time this process creates
 * its database client (so an instance that only serves reads still delivers what a crashed one left).
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EventOutbox outbox;
    private final KafkaEventPublisher kafka;
    private final KafkaConfig.Outbox config;
    private final Duration lease;
    private final AtomicLong pending = new AtomicLong();
    private final Counter sent;
    private final Object signal = new Object();
    private boolean wakeRequested;
    private volatile boolean running;
    private Thread thread;

    // relay-thread state (outageStartedNanos is also read by await, under the same thread)
    private boolean indexed;
    private long outageStartedNanos;
    private long drainedSinceOutage;

    public OutboxRelay(EventOutbox outbox, KafkaEventPublisher kafka, KafkaConfig kafkaConfig, MeterRegistry registry) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.config = kafkaConfig.outbox();
        // The lease outlives the producer's own timeout, so no other relay takes an entry still in flight.
        Duration twiceSendTimeout = config.sendTimeout().multipliedBy(2);
        this.lease = config.lease().compareTo(twiceSendTimeout) > 0 ? config.lease() : twiceSendTimeout;
        Gauge.builder("opendrive.events.outbox.pending", pending, AtomicLong::get)
                .description("Events stored in the outbox and not yet acknowledged by Kafka (as last seen by this instance)")
                .register(registry);
        this.sent = Counter.builder("opendrive.events.outbox.sent")
                .description("Outbox events the broker acknowledged").register(registry);
    }

    /** A new entry is waiting: send it now unless Kafka is known to be down. */
    public void wake() {
        pending.incrementAndGet();
        start();
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    // Static, so the monolith never even creates the relay.
    static void onDatabase(@Observes MongoClientCreated created, OpenDriveConfig app, KafkaConfig kafka,
            Instance<OutboxRelay> relay) {
        if (kafka.outbox().enabled() && (!app.deploymentMode().isMonolith() || kafka.enabled())) {
            relay.get().start();
        }
    }

    private void start() {
        synchronized (signal) {
            if (thread != null) {
                return;
            }
            running = true;
            thread = new Thread(this::run, "opendrive-outbox-relay");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        long backoff = config.pollInterval().toMillis();
        while (running) {
            long pause;
            try {
                int sentNow = drainOnce();
                backoff = config.pollInterval().toMillis();
                pause = sentNow >= config.batchSize() ? 0 : backoff;
                if (outageStartedNanos != 0) {
                    if (pause > 0) {
                        LOG.infof("event=outbox.recovered drained=%d outageSeconds=%d", drainedSinceOutage,
                                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStartedNanos));
                        outageStartedNanos = 0;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return; // shutting down: the database client may already be closed
                }
                if (outageStartedNanos == 0) {
                    outageStartedNanos = System.nanoTime();
                    drainedSinceOutage = 0;
                    LOG.warnf("event=outbox.outage pending=%d error=%s: events stay in the outbox and are sent "
                            + "when Kafka answers again (no further warning until then)", pending.get(), e.toString());
                }
                backoff = Math.min(config.maxBackoff().toMillis(), Math.max(backoff * 2, 100));
                pause = backoff;
                LOG.debugf("event=outbox.retry inMs=%d error=%s", pause, e.toString());
            }
            if (!await(pause)) {
                return;
            }
        }
    }

    /** Waits for {@code millis} or a wake-up; wake-ups are ignored while the outage lasts. */
    private boolean await(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (signal) {
            try {
                while (running) {
                    // during an outage the relay keeps its own pace, not one attempt per upload
                    if (wakeRequested && outageStartedNanos == 0) {
                        break;
                    }
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0) {
                        break;
                    }
                    signal.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            wakeRequested = false;
            return running;
        }
    }

    /** One round: claim, send in order, await acknowledgements, delete what was acknowledged. */
    private int drainOnce() throws Exception {
        if (!indexed) {
            outbox.ensureIndex();
            indexed = true;
        }
        List<EventOutbox.Entry> batch = outbox.claim(config.batchSize(), lease);
        if (batch.isEmpty()) {
            pending.set(0);
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        for (EventOutbox.Entry e : batch) {
            CompletableFuture<Void> ack = kafka.send(e.eventId(), e.key(), e.payload(), e.headers());
            acks.add(ack);
            // Refused before reaching the producer's buffer (no metadata: Kafka unreachable): sending
            // the rest would let a later event of the same file overtake this one.
            if (ack.isCompletedExceptionally()) {
                break;
            }
        }
        long deadline = System.nanoTime() + config.sendTimeout().plusSeconds(5).toNanos();
        List<ObjectId> done = new ArrayList<>();
        List<ObjectId> failed = new ArrayList<>();
        Throwable firstError = null;
        for (int i = 0; i < batch.size(); i++) {
            if (i >= acks.size()) {
                failed.add(batch.get(i).id());
                continue;
            }
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                done.add(batch.get(i).id());
            } catch (ExecutionException | TimeoutException e) {
                failed.add(batch.get(i).id());
                firstError = firstError == null ? (e.getCause() == null ? e : e.getCause()) : firstError;
            }
        }
        outbox.delete(done);
        sent.increment(done.size());
        if (outageStartedNanos != 0) {
            drainedSinceOutage += done.size();
        }
        if (!failed.isEmpty()) {
            outbox.release(failed, String.valueOf(firstError));
        }
        pending.set(outbox.pending());
        if (firstError != null) {
            throw new IllegalStateException("Kafka did not acknowledge " + failed.size() + " of " + batch.size()
                    + " events: " + firstError, firstError);
        }
        return done.size();
    }

    // IF_EXISTS: shutting down must not create a relay that never ran.
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        Thread t;
        synchronized (signal) {
            running = false;
            signal.notifyAll();
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
