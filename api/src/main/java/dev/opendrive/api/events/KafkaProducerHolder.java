package dev.opendrive.api.events;

import java.time.Duration;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.platform.kafka.KafkaClientProperties;
import dev.opendrive.platform.kafka.KafkaConfig;
import dev.opendrive.platform.logging.LogEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The API's one Kafka producer. An application-scoped bean is created by the container on its
 * first use, so the producer (and its connection to the brokers) exists only once an event is
 * sent, never at start-up, without a hand-written lazy singleton.
 */
@ApplicationScoped
class KafkaProducerHolder {

    private static final Logger LOG = Logger.getLogger(KafkaProducerHolder.class);

    private final Producer<String, String> producer;

    KafkaProducerHolder(KafkaConfig config, OpenDriveConfig app) {
        // gives up after the outbox's send-timeout: the record stays in the outbox, so a quick
        // failure only means the relay's next round sends it again
        this.producer = new KafkaProducer<>(KafkaClientProperties.producer(config, app.serviceName(),
                config.outbox().sendTimeout()));
        LogEvent.of("kafka.producer_created").with("bootstrapServers", config.bootstrapServers())
                .with("topic", config.topic()).info(LOG);
    }

    Producer<String, String> producer() {
        return producer;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
