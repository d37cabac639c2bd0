package dev.opendrive.platform.kafka;

import java.time.Duration;
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

    /** The API's outbox: events wait in MongoDB until the broker acknowledged them. */
    Outbox outbox();

    interface Outbox {

        /** Off: events go straight to the producer and are lost if Kafka stays down past send-timeout. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("event_outbox")
        String collection();

        /** Entries claimed and sent per round; the relay goes on at once while rounds are full. */
        @WithName("batch-size")
        @WithDefault("100")
        int batchSize();

        /** How often the relay looks for entries left behind (another instance's, a failed send's). */
        @WithName("poll-interval")
        @WithDefault("5s")
        Duration pollInterval();

        /** Cap of the doubling pause between attempts while Kafka (or the database) is down. */
        @WithName("max-backoff")
        @WithDefault("30s")
        Duration maxBackoff();

        /** How long a claimed entry is reserved for the claiming instance before others may send it. */
        @WithDefault("2m")
        Duration lease();

        /**
         * How long a request that published an event waits for the broker's acknowledgement before it
         * answers (the event stays in the outbox if it was not acknowledged by then). Waiting makes
         * delivery independent of CPU after the response (Cloud Run's request-based billing throttles
         * it); 0 answers at once and leaves the send to the relay.
         */
        @WithName("ack-wait")
        @WithDefault("5s")
        Duration ackWait();

        /** Time the broker gets to acknowledge a record (the producer's delivery.timeout.ms). */
        @WithName("send-timeout")
        @WithDefault("30s")
        Duration sendTimeout();
    }
}
