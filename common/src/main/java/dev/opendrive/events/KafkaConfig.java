package dev.opendrive.events;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** KAFKA_* settings of the microservices deployment (Confluent Cloud or any broker). */
@ConfigMapping(prefix = "opendrive.kafka")
public interface KafkaConfig {

    /** KAFKA_ENABLED; microservices mode always uses Kafka. */
    @WithDefault("false")
    boolean enabled();

    @WithName("bootstrap-servers")
    @WithDefault("localhost:9092")
    String bootstrapServers();

    /** KAFKA_API_KEY / KAFKA_API_SECRET switch on SASL_SSL with PLAIN (Confluent Cloud). */
    @WithName("api-key")
    Optional<String> apiKey();

    @WithName("api-secret")
    Optional<String> apiSecret();

    @WithDefault("file-events")
    String topic();

    @WithName("dlq-topic")
    @WithDefault("file-events-dlq")
    String dlqTopic();
}
