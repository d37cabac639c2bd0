package dev.opendrive.worker;

import java.util.Map;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import dev.opendrive.platform.kafka.KafkaClientProperties;
import dev.opendrive.platform.kafka.KafkaConfig;

/**
 * Connection settings for the workers' SmallRye Kafka channels, from the same KAFKA_* variables as
 * the API's producer (SASL_SSL + PLAIN when an API key is given). Channels refer to it with
 * kafka-configuration=opendrive-kafka.
 */
@ApplicationScoped
public class KafkaClientConfigProducer {

    @Produces
    @Identifier("opendrive-kafka")
    Map<String, Object> kafkaConfiguration(KafkaConfig config) {
        return KafkaClientProperties.connection(config);
    }
}
