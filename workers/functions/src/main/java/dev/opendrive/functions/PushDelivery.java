package dev.opendrive.functions;

import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import jakarta.inject.Singleton;

/**
 * Runs a handler on one pushed CloudEvent, with the push contract of Eventarc: returning
 * acknowledges, throwing fails the delivery and Eventarc retries it (with its own backoff, up to
 * its retention). So a failure that a retry may cure (storage, database) propagates, while an event
 * that can never succeed (malformed data, a decompression bomb) is logged and acknowledged: a
 * poison event must not be redelivered forever. This mirrors KafkaDelivery, where the same two
 * cases are retried or dead-lettered. Handlers are idempotent, so a redelivery is harmless.
 */
@Singleton
public class PushDelivery {

    private static final Logger LOG = Logger.getLogger(PushDelivery.class);

    private final KafkaRecordDecoder records;
    private final StorageObjectEvents objects;

    public PushDelivery(KafkaRecordDecoder records, StorageObjectEvents objects) {
        this.records = records;
        this.objects = objects;
    }

    public void deliver(FileEventHandler handler, CloudEvent pushed) throws Exception {
        String where = "ceId=" + pushed.getId() + " ceType=" + pushed.getType() + " ceSource=" + pushed.getSource();
        FileEvent event;
        try {
            Optional<FileEvent> decoded = decode(pushed);
            if (decoded.isEmpty()) {
                return;
            }
            event = decoded.get();
        } catch (UnprocessableEventException e) {
            LOG.errorf("event=push.unprocessable handler=%s %s reason=\"%s\" (acknowledged, not retried)",
                    handler.name(), where, e.getMessage());
            return;
        }
        if (!handler.accepts(event)) {
            LOG.debugf("event=push.skipped handler=%s %s event=%s", handler.name(), where, event.event());
            return;
        }
        long started = System.nanoTime();
        try {
            handler.handle(event);
        } catch (UnprocessableEventException e) {
            LOG.errorf("event=push.unprocessable handler=%s %s eventId=%s reason=\"%s\" (acknowledged, not retried)",
                    handler.name(), where, event.id(), e.getMessage());
            return;
        } catch (Exception e) {
            LOG.warnf("event=push.failed handler=%s %s eventId=%s error=%s (failing the delivery: Eventarc retries)",
                    handler.name(), where, event.id(), e.toString());
            throw e;
        }
        LOG.debugf("event=push.done handler=%s %s eventId=%s ms=%d", handler.name(), where, event.id(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private Optional<FileEvent> decode(CloudEvent pushed) throws UnprocessableEventException {
        CloudEventData data = pushed.getData();
        byte[] bytes = data == null ? null : data.toBytes();
        if (StorageObjectEvents.FINALIZED.equals(pushed.getType())) {
            Instant time = pushed.getTime() != null ? pushed.getTime().toInstant() : Instant.now();
            try {
                return objects.toFileEvent(pushed.getId(), time, bytes);
            } catch (StorageObjectEvents.FileNotRecordedYetException e) {
                LOG.infof("event=push.retry ceId=%s reason=\"%s\"", pushed.getId(), e.getMessage());
                throw e;
            }
        }
        return Optional.of(records.decode(bytes));
    }
}
