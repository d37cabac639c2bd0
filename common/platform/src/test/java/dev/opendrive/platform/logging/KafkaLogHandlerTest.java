package dev.opendrive.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.platform.kafka.KafkaConfig;
import dev.opendrive.testing.KafkaTestResource;

class KafkaLogHandlerTest {

    private static final KafkaTestResource KAFKA = new KafkaTestResource();
    private static String bootstrap;

    @BeforeAll
    static void startKafka() {
        bootstrap = KAFKA.start().get("opendrive.kafka.bootstrap-servers");
    }

    @AfterAll
    static void stopKafka() {
        KAFKA.stop();
    }

    private static KafkaConfig kafka(String servers) {
        return new KafkaConfig() {
            public boolean enabled() {
                return true;
            }

            public String bootstrapServers() {
                return servers;
            }

            public Optional<String> apiKey() {
                return Optional.empty();
            }

            public Optional<String> apiSecret() {
                return Optional.empty();
            }

            public String topic() {
                return "file-events";
            }

            public String dlqTopic() {
                return "file-events-dlq";
            }

            public Outbox outbox() {
                return null; // the log handler never reads the outbox settings
            }
        };
    }

    @Test
    void sendsJsonLinesToATopicPerSeverityAndNothingOfTheKafkaClient() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        KafkaLogHandler.Topics topics = new KafkaLogHandler.Topics("crit-" + run, "info-" + run, "debug-" + run);
        KafkaLogHandler handler = new KafkaLogHandler(
                CloudLoggingInstaller.producerProperties(kafka(bootstrap), "logs-test"), topics, 100,
                new CloudLoggingFormatter("proj", "opendrive-test", null), "opendrive-test");
        String category = "dev.opendrive.logging.kafka." + run;
        org.jboss.logmanager.Logger target = LogContext.getLogContext().getLogger(category);
        target.setLevel(org.jboss.logmanager.Level.DEBUG);
        target.setUseParentHandlers(false);
        target.addHandler(handler);
        try {
            Logger log = Logger.getLogger(category);
            log.warn("disk almost full");
            LogEvent.of("delivery.dead_letter").with("fileId", "f1").outcome("dead_letter").error(log,
                    new IllegalStateException("boom"));
            LogEvent.of("file.uploaded").with("fileId", "f2").with("userId", "u2").outcome("success").info(log);
            log.debug("cache miss");
            ExtLogRecord own = new ExtLogRecord(org.jboss.logmanager.Level.WARN, "from the client",
                    ExtLogRecord.FormatStyle.NO_FORMAT, getClass().getName());
            own.setLoggerName("org.apache.kafka.clients.NetworkClient");
            handler.publish(own);

            Map<String, List<JsonNode>> received = consume(List.of(topics.critical(), topics.info(), topics.debug()), 4);

            assertThat(received.get(topics.critical())).as("sent %d, failed %d, dropped %d", handler.sent(),
                    handler.failed(), handler.dropped()).extracting(j -> j.get("severity").asText())
                    .containsExactly("WARNING", "ERROR");
            JsonNode deadLetter = received.get(topics.critical()).get(1);
            assertThat(deadLetter.get("event").asText()).isEqualTo("delivery.dead_letter");
            assertThat(deadLetter.get("message").asText()).contains("java.lang.IllegalStateException: boom");
            assertThat(received.get(topics.info())).hasSize(1);
            JsonNode uploaded = received.get(topics.info()).get(0);
            assertThat(uploaded.get("event").asText()).isEqualTo("file.uploaded");
            assertThat(uploaded.get("userId").asText()).isEqualTo("u2");
            assertThat(uploaded.get("logging.googleapis.com/labels").get("service").asText())
                    .isEqualTo("opendrive-test");
            assertThat(received.get(topics.debug())).extracting(j -> j.get("message").asText())
                    .containsExactly("cache miss");
            assertThat(received.values().stream().flatMap(List::stream))
                    .noneMatch(j -> j.get("message").asText().contains("from the client"));
            assertThat(handler.dropped()).isZero();
        } finally {
            target.removeHandler(handler);
            handler.close();
        }
    }

    @Test
    void dropsAndCountsInsteadOfBlockingWhenKafkaIsAway() {
        Map<String, Object> props = new HashMap<>(CloudLoggingInstaller.producerProperties(kafka("127.0.0.1:1"), "t"));
        props.put("max.block.ms", 300);
        KafkaLogHandler handler = new KafkaLogHandler(props, new KafkaLogHandler.Topics("c", "i", "d"), 2,
                new CloudLoggingFormatter(null, null, null), "t");
        try {
            for (int i = 0; i < 50; i++) {
                ExtLogRecord r = new ExtLogRecord(org.jboss.logmanager.Level.ERROR, "line " + i,
                        ExtLogRecord.FormatStyle.NO_FORMAT, getClass().getName());
                r.setLoggerName("dev.opendrive.test");
                handler.publish(r);
            }
            // at most one record on its way plus two queued: the rest were dropped, and counted
            assertThat(handler.dropped()).isGreaterThanOrEqualTo(47);
        } finally {
            handler.close();
        }
    }

    private static Map<String, List<JsonNode>> consume(List<String> topics, int expected) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "logs-test-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        Map<String, List<JsonNode>> received = new HashMap<>();
        topics.forEach(t -> received.put(t, new ArrayList<>()));
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int count = 0;
            while (count < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    received.get(r.topic()).add(json.readTree(r.value()));
                    count++;
                }
            }
            // a little longer, so that a record that should not be there has the chance to show up
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                received.get(r.topic()).add(json.readTree(r.value()));
            }
        }
        return received;
    }
}
