package dev.opendrive.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The connection settings shared by the producer and the workers' consumers. */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    public static Map<String, Object> connection(KafkaConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", config.bootstrapServers());
        var key = config.apiKey().filter(s -> !s.isBlank());
        var secret = config.apiSecret().filter(s -> !s.isBlank());
        if (key.isPresent() && secret.isPresent()) {
            props.put("security.protocol", "SASL_SSL");
            props.put("sasl.mechanism", "PLAIN");
            props.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + escape(key.get()) + "\" password=\"" + escape(secret.get()) + "\";");
            // Confluent Cloud recommends these for clients over the internet.
            props.put("client.dns.lookup", "use_all_dns_ips");
            props.put("session.timeout.ms", 45000);
        }
        return props;
    }

    private static final int LINGER_MS = 5;

    /**
     * Producer settings; the producer gives up on a record after {@code deliveryTimeout} (the
     * request and blocking timeouts are derived so that Kafka accepts the combination).
     */
    public static Map<String, Object> producer(KafkaConfig config, String clientId, Duration deliveryTimeout) {
        Map<String, Object> props = connection(config);
        props.put("client.id", clientId);
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("linger.ms", LINGER_MS);
        long delivery = Math.max(1000, deliveryTimeout.toMillis());
        props.put("delivery.timeout.ms", (int) delivery);
        props.put("request.timeout.ms", (int) Math.min(30000, delivery - LINGER_MS));
        props.put("max.block.ms", (int) Math.min(10000, delivery));
        return props;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
