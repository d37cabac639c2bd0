package dev.opendrive.functions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.opendrive.model.events.EventCodec;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;
import dev.opendrive.platform.delivery.EventDelivery;
import dev.opendrive.platform.delivery.EventDelivery.Where;
import dev.opendrive.platform.delivery.Outcome;
import dev.opendrive.platform.delivery.RetryPolicy;
import dev.opendrive.platform.logging.LogEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;

/**
 * The push transport of the delivery core, with the contract of Eventarc: returning acknowledges,
 * throwing fails the delivery and Eventarc retries it (with its own backoff, up to its retention).
 * So a failure that a retry may cure (storage, database) propagates, while an event that can never
 * succeed (malformed data, a decompression bomb) is dead-lettered by the core: logged and
 * acknowledged, since a poison event must not be redelivered forever. Handlers are idempotent, so
 * a redelivery is harmless.
 */
@Singleton
public class PushDelivery {

    private static final Logger LOG = Logger.getLogger(PushDelivery.class);

    private final KafkaRecordDecoder records;
    private final StorageObjectEvents objects;
    private final EventDelivery delivery;

    public PushDelivery(KafkaRecordDecoder records, StorageObjectEvents objects, EventDelivery delivery) {
        this.records = records;
        this.objects = objects;
        this.delivery = delivery;
    }

    public void deliver(FileEventHandler handler, CloudEvent pushed) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ceId", pushed.getId());
        fields.put("ceType", pushed.getType());
        fields.put("ceSource", pushed.getSource());
        Where where = new Where("push", fields, Context.current());
        Optional<FileEvent> event;
        try {
            event = decode(pushed, handler, where);
        } catch (UnprocessableEventException e) {
            return; // dead-lettered (logged) by the core: acknowledged, not retried
        }
        if (event.isEmpty()) {
            return;
        }
        if (delivery.attempt(handler, event.get(), 1, where, RetryPolicy.BY_SENDER) instanceof Outcome.Retry retry) {
            throw retry.cause();
        }
    }

    private Optional<FileEvent> decode(CloudEvent pushed, FileEventHandler handler, Where where)
            throws UnprocessableEventException {
        CloudEventData data = pushed.getData();
        byte[] bytes = data == null ? null : data.toBytes();
        if (!StorageObjectEvents.FINALIZED.equals(pushed.getType())) {
            return delivery.decode(handler, where, () -> EventCodec.decode(records.envelope(bytes)));
        }
        Instant time = pushed.getTime() != null ? pushed.getTime().toInstant() : Instant.now();
        try {
            return delivery.decode(handler, where, () -> objects.toFileEvent(pushed.getId(), time, bytes));
        } catch (StorageObjectEvents.FileNotRecordedYetException e) {
            LogEvent.of("delivery.retry").with("transport", "push").with("ceId", pushed.getId())
                    .with("retry", "by the sender").with("reason", e.getMessage()).info(LOG);
            throw e;
        }
    }
}
