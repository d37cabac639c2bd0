package dev.opendrive.api.events;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.model.config.OpenDriveConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import dev.opendrive.model.events.EventPublisher;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.platform.kafka.KafkaClientProperties;
import dev.opendrive.platform.kafka.KafkaConfig;
import dev.opendrive.platform.kafka.TraceHeaders;

/**
 * Publishes events to the Kafka topic, keyed by fileId so one file's events stay in order while
 * files spread over partitions. Idempotent producer with acks=all; created on the first event,
 * never at start-up.
 */
@ApplicationScoped
@Typed(KafkaEventPublisher.class)
public class KafkaEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(KafkaEventPublisher.class);

    private final KafkaConfig config;
    private final OpenDriveConfig app;
    private final ObjectMapper json;
    private volatile Producer<String, String> producer;

    public KafkaEventPublisher(KafkaConfig config, OpenDriveConfig app, ObjectMapper json) {
        this.config = config;
        this.app = app;
        this.json = json;
    }

    @Override
    public void publish(FileEvent event) {
        send(event);
    }

    /** Sends and completes once the broker acknowledged the record (or failed for good). */
    public CompletableFuture<Void> send(FileEvent event) {
        String value;
        try {
            value = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(event.id(), event.key(), value, TraceHeaders.capture()).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.errorf("event=kafka.publish_failed eventId=%s event=%s key=%s error=%s", event.id(),
                        event.event(), event.key(), error.toString());
            }
        });
    }

    /**
     * Sends an already serialized envelope with the given record headers; completes once the broker
     * acknowledged it or the producer gave up (send-timeout). Never blocks longer than that.
     */
    public CompletableFuture<Void> send(String eventId, String key, String value, Map<String, String> headers) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            // the headers carry the trace of the request that published the event (see TraceHeaders),
            // captured then, so a later relay send keeps it
            ProducerRecord<String, String> record = new ProducerRecord<>(config.topic(), null, key, value,
                    TraceHeaders.kafkaHeaders(headers));
            producer().send(record, (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    LOG.debugf("event=kafka.published eventId=%s partition=%d offset=%d", eventId,
                            metadata.partition(), metadata.offset());
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private Producer<String, String> producer() {
        Producer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    // gives up after the outbox's send-timeout: the record stays in the outbox, so a
                    // quick failure only means the relay's next round sends it again
                    p = new KafkaProducer<>(KafkaClientProperties.producer(config, app.serviceName(),
                            config.outbox().sendTimeout()));
                    producer = p;
                    LOG.infof("Kafka producer created for %s, topic %s", config.bootstrapServers(), config.topic());
                }
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        Producer<String, String> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
