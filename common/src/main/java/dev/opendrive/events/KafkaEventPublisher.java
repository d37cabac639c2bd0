package dev.opendrive.events;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.config.OpenDriveConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

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
        CompletableFuture<Void> done = new CompletableFuture<>();
        String value;
        try {
            value = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            done.completeExceptionally(e);
            return done;
        }
        try {
            producer().send(new ProducerRecord<>(config.topic(), null, event.key(), value,
                    TraceHeaders.kafkaHeaders(TraceHeaders.capture())), (metadata, error) -> {
                if (error != null) {
                    LOG.errorf("event=kafka.publish_failed eventId=%s event=%s key=%s error=%s", event.id(),
                            event.event(), event.key(), error.toString());
                    done.completeExceptionally(error);
                } else {
                    LOG.debugf("event=kafka.published eventId=%s partition=%d offset=%d", event.id(),
                            metadata.partition(), metadata.offset());
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf("event=kafka.publish_failed eventId=%s error=%s", event.id(), e.toString());
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
                    p = new KafkaProducer<>(KafkaClientProperties.producer(config, app.serviceName()));
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
