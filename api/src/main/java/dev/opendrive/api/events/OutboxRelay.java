package dev.opendrive.api.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.model.db.MongoClientCreated;
import dev.opendrive.platform.kafka.KafkaConfig;
import dev.opendrive.platform.logging.LogEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Drains the outbox to Kafka: oldest entries first, in bounded batches, each batch sent in order
 * and then awaited, acknowledged entries deleted. A publish wakes it at once (a round on the
 * managed executor); otherwise a scheduler job looks every poll-interval for entries left behind
 * (a failed send, another instance that crashed after storing an event). While Kafka or the
 * database fails it backs off, doubling up to max-backoff, and ignores wake-ups: one warning when
 * the outage starts, one line when it is over with the number of events drained.
 * <p>
 * A request that published an event waits (at most {@code ack-wait}) until the broker acknowledged
 * it, see {@link #deliver}: on Cloud Run with request-based billing an instance gets CPU only while
 * it serves a request, so work left for after the response may not happen until the next request.
 * <p>
 * It starts on first use, never at boot: the first publish, or the first time this process creates
 * its database client (so an instance that only serves reads still delivers what a crashed one
 * left). Only then is its job scheduled.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String JOB = "opendrive-outbox-relay";

    private final EventOutbox outbox;
    private final KafkaEventPublisher kafka;
    private final KafkaConfig.Outbox config;
    private final Scheduler scheduler;
    private final ManagedExecutor executor;
    private final Duration lease;
    private final AtomicLong pending = new AtomicLong();
    private final Counter sent;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    /** Requests waiting for their event's acknowledgement, by event id: true = acknowledged. */
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();
    private final ReentrantLock draining = new ReentrantLock();
    private volatile boolean stopped;

    // written by the round in progress (under draining); the outage state is also read by wake-ups
    private boolean indexed;
    private long backoffMillis;
    private long drainedSinceOutage;
    private volatile long restUntilNanos;
    private volatile long outageStartedNanos;

    public OutboxRelay(EventOutbox outbox, KafkaEventPublisher kafka, KafkaConfig kafkaConfig, MeterRegistry registry,
            Scheduler scheduler, ManagedExecutor executor) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.config = kafkaConfig.outbox();
        this.scheduler = scheduler;
        this.executor = executor;
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
        wakeRequested.set(true);
        if (!inOutage()) {
            executor.execute(this::drain);
        }
    }

    /**
     * Sends the stored event now and waits up to {@code wait} for the broker's acknowledgement,
     * together with any older entries (the relay sends oldest first, so one file's events keep their
     * order). Returns whether this event was acknowledged in time; when not (Kafka down or slow,
     * another instance holds the entry), it stays in the outbox and is delivered later. While Kafka
     * is known to be down it does not wait at all.
     */
    public boolean deliver(String eventId, Duration wait) {
        // during an outage (from the first failure until a round succeeds again), not only while
        // resting between attempts: each request would otherwise wait for the producer to give up
        if (wait.isZero() || wait.isNegative() || outageStartedNanos != 0 || stopped) {
            wake();
            return false;
        }
        CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
        waiting.put(eventId, acknowledged);
        try {
            wake();
            return acknowledged.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.remove(eventId);
        }
    }

    private void settle(String eventId, boolean acknowledged) {
        CompletableFuture<Boolean> request = waiting.get(eventId);
        if (request != null) {
            request.complete(acknowledged);
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
        if (started.compareAndSet(false, true)) {
            scheduler.newJob(JOB).setInterval(config.pollInterval().toMillis() + "ms")
                    .setConcurrentExecution(ConcurrentExecution.SKIP).setTask(execution -> poll()).schedule();
        }
    }

    private void poll() {
        if (!inOutage()) {
            drain();
        }
    }

    /** Kafka failed lately and the pause before the next attempt is not over. */
    private boolean inOutage() {
        return outageStartedNanos != 0 && System.nanoTime() - restUntilNanos < 0;
    }

    /** Rounds until the outbox is empty or Kafka fails; one at a time (a wake during a round runs another). */
    private void drain() {
        do {
            if (stopped || !draining.tryLock()) {
                return;
            }
            try {
                wakeRequested.set(false);
                drainRounds();
            } finally {
                draining.unlock();
            }
        } while (wakeRequested.get() && !inOutage() && !stopped);
    }

    private void drainRounds() {
        while (!stopped) {
            int sentNow;
            try {
                sentNow = drainOnce();
            } catch (Exception e) {
                waiting.values().forEach(request -> request.complete(false));
                if (stopped) {
                    return; // shutting down: the database client may already be closed
                }
                if (outageStartedNanos == 0) {
                    outageStartedNanos = System.nanoTime();
                    drainedSinceOutage = 0;
                    LogEvent.of("outbox.outage").with("pending", pending.get()).with("error", e.toString())
                            .with("detail", "events stay in the outbox and are sent when Kafka answers again"
                                    + " (no further warning until then)")
                            .warn(LOG);
                }
                backoffMillis = Math.min(config.maxBackoff().toMillis(), Math.max(backoffMillis * 2, 100));
                restUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
                LogEvent.of("outbox.retry").with("inMs", backoffMillis).with("error", e.toString()).debug(LOG);
                return;
            }
            backoffMillis = 0;
            if (outageStartedNanos != 0 && sentNow < config.batchSize()) {
                LogEvent.of("outbox.recovered").with("drained", drainedSinceOutage)
                        .with("outageSeconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStartedNanos))
                        .info(LOG);
                outageStartedNanos = 0;
            }
            if (sentNow < config.batchSize()) {
                return;
            }
        }
    }

    /** One round: claim, send in order, await acknowledgements, delete what was acknowledged. */
    private int drainOnce() throws Exception {
        if (!indexed) {
            outbox.ensureIndex();
            indexed = true;
        }
        // entries of requests waiting now were stored before this claim: it sees them unless another
        // relay holds them
        Set<String> waitingBefore = Set.copyOf(waiting.keySet());
        List<EventOutbox.Entry> batch = outbox.claim(config.batchSize(), lease);
        if (batch.size() < config.batchSize()) {
            Set<String> claimed = new java.util.HashSet<>();
            batch.forEach(e -> claimed.add(e.eventId()));
            waitingBefore.stream().filter(id -> !claimed.contains(id)).forEach(id -> settle(id, false));
        }
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
        List<String> acknowledged = new ArrayList<>();
        Throwable firstError = null;
        for (int i = 0; i < batch.size(); i++) {
            if (i >= acks.size()) {
                failed.add(batch.get(i).id());
                continue;
            }
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                done.add(batch.get(i).id());
                acknowledged.add(batch.get(i).eventId());
            } catch (ExecutionException | TimeoutException e) {
                failed.add(batch.get(i).id());
                firstError = firstError == null ? (e.getCause() == null ? e : e.getCause()) : firstError;
            }
        }
        outbox.delete(done);
        acknowledged.forEach(id -> settle(id, true));
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
        stopped = true;
        if (started.get()) {
            scheduler.unscheduleJob(JOB);
        }
        // let a round in flight finish its sends (bounded by the send timeout) before the producer closes
        try {
            if (draining.tryLock(5, TimeUnit.SECONDS)) {
                draining.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
