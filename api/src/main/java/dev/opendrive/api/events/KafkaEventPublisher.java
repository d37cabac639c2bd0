package dev.opendrive.api.events;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.opendrive.model.events.EventCodec;
import dev.opendrive.model.events.EventPublisher;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.platform.kafka.KafkaConfig;
import dev.opendrive.platform.kafka.TraceHeaders;
import dev.opendrive.platform.logging.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * Publishes events to the Kafka topic, keyed by fileId so one file's events stay in order while
 * files spread over partitions. Idempotent producer with acks=all, created on the first event.
 */
@ApplicationScoped
@Typed(KafkaEventPublisher.class)
public class KafkaEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(KafkaEventPublisher.class);

    private final KafkaConfig config;
    private final KafkaProducerHolder producer;

    public KafkaEventPublisher(KafkaConfig config, KafkaProducerHolder producer) {
        this.config = config;
        this.producer = producer;
    }

    @Override
    public void publish(FileEvent event) {
        send(event);
    }

    /** Sends and completes once the broker acknowledged the record (or failed for good). */
    public CompletableFuture<Void> send(FileEvent event) {
        return send(event.id(), event.key(), EventCodec.encode(event), TraceHeaders.capture())
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LogEvent.of("kafka.publish_failed").with("eventId", event.id())
                                .with("eventType", event.type().wire()).with("key", event.key())
                                .with("error", error.toString()).error(LOG, null);
                    }
                });
    }

    /**
     * Sends an already encoded envelope with the given record headers; completes once the broker
     * acknowledged it or the producer gave up (send-timeout). Never blocks longer than that.
     */
    public CompletableFuture<Void> send(String eventId, String key, String value, Map<String, String> headers) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            // the headers carry the trace of the request that published the event (see TraceHeaders),
            // captured then, so a later relay send keeps it
            ProducerRecord<String, String> record = new ProducerRecord<>(config.topic(), null, key, value,
                    TraceHeaders.kafkaHeaders(headers));
            producer.producer().send(record, (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    LogEvent.of("kafka.published").with("eventId", eventId).with("partition", metadata.partition())
                            .with("offset", metadata.offset()).debug(LOG);
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }
}
