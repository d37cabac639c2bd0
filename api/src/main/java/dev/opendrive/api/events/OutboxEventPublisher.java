package dev.opendrive.api.events;

import java.util.Map;

import org.jboss.logging.Logger;

import dev.opendrive.model.events.EventCodec;
import dev.opendrive.model.events.EventPublisher;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.platform.kafka.KafkaConfig;
import dev.opendrive.platform.kafka.TraceHeaders;
import dev.opendrive.platform.logging.LogEvent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * Kafka publishing that survives a broker outage: the event is first stored in the outbox (so the
 * request that caused it is acknowledged only once the event is durable), then the relay sends it
 * at once and deletes it when the broker acknowledged it, and the request waits for that (at most
 * {@code opendrive.kafka.outbox.ack-wait}): the worker has the event when the client has its
 * answer, even where the instance gets no CPU after the response (Cloud Run's request-based
 * billing). Kafka being down never fails the request, and once the relay knows it is down the
 * request does not wait; the database refusing the outbox entry fails it, with the database's own
 * exception.
 * <p>
 * Delivery is at least once: a crash between the broker's ack and the delete, or a lease running
 * out mid-send, sends the event again with the same id; handlers are idempotent.
 */
@Singleton
@Typed(OutboxEventPublisher.class)
public class OutboxEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxEventPublisher.class);

    private final EventOutbox outbox;
    private final OutboxRelay relay;
    private final KafkaConfig.Outbox config;

    public OutboxEventPublisher(EventOutbox outbox, OutboxRelay relay, KafkaConfig kafka) {
        this.outbox = outbox;
        this.relay = relay;
        this.config = kafka.outbox();
    }

    @Override
    public void publish(FileEvent event) {
        outbox.add(event, EventCodec.encode(event), recordHeaders());
        LogEvent.of("outbox.stored").with("eventId", event.id()).with("eventType", event.type().wire())
                .with("key", event.key()).debug(LOG);
        boolean acknowledged = relay.deliver(event.id(), config.ackWait());
        LogEvent.of(acknowledged ? "outbox.acknowledged" : "outbox.deferred").with("eventId", event.id()).debug(LOG);
    }

    /**
     * Kafka record headers captured now, on the request's thread, and sent with the record whenever
     * the relay gets it out: the trace of the request that published the event.
     */
    Map<String, String> recordHeaders() {
        return TraceHeaders.capture();
    }
}
