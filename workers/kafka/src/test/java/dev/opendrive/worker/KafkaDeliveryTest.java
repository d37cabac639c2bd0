package dev.opendrive.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.QuarkusTestResource;
import dev.opendrive.testing.KafkaRecords;
import dev.opendrive.testing.KafkaTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.EventCodec;
import dev.opendrive.model.events.EventData;
import dev.opendrive.model.events.EventType;
import dev.opendrive.model.events.FileRef;

/** Delivery from a real Kafka broker: retries, commits only after success, dead-letter topic. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaDeliveryTest {

    @Inject
    ScriptedHandler handler;
    @ConfigProperty(name = "opendrive.kafka.bootstrap-servers")
    String bootstrap;

    Admin admin;
    KafkaConsumer<String, String> dlq;

    @BeforeAll
    void clients() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(p);
        dlq = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        dlq.subscribe(List.of("file-events-dlq"));
    }

    @AfterAll
    void close() {
        admin.close();
        dlq.close();
    }

    private String publish(ScriptedHandler.Behaviour behaviour) throws Exception {
        String fileId = UUID.randomUUID().toString();
        handler.script.put(fileId, behaviour);
        publish(FileEvent.of(EventData.forFile(EventType.FILE_UPLOADED, new FileRef(fileId, "files/u/" + fileId, "image/png", "u", 10L, null, "a.png"), false), "test"));
        return fileId;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private long committed(TopicPartition partition) {
        try {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets("test-workers").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ConsumerRecord<String, String>> dlqRecords(String fileId) throws InterruptedException {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : dlq.poll(Duration.ofMillis(200))) {
                if (r.value() != null && r.value().contains(fileId)) {
                    found.add(r);
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void anEventIsHandledOnceAndItsOffsetCommitted() throws Exception {
        String id = publish(ScriptedHandler.Behaviour.OK);
        await("handled", () -> handler.succeeded.contains(id));
        Thread.sleep(300);
        assertThat(handler.attemptsOf(id)).isEqualTo(1);
    }

    @Test
    void aFailureIsRetriedAndTheOffsetIsNotCommittedBeforeSuccess() throws Exception {
        String id = UUID.randomUUID().toString();
        handler.script.put(id, ScriptedHandler.Behaviour.BLOCK_SECOND_ATTEMPT);
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            String value = "{\"id\":\"e-" + id + "\",\"event\":\"file.uploaded\",\"data\":{\"fileId\":\"" + id
                    + "\",\"mimetype\":\"image/png\"},\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"service\":\"test\"}";
            RecordMetadata sent = raw.send(new ProducerRecord<>("file-events", id, value)).get(10, TimeUnit.SECONDS);
            TopicPartition tp = new TopicPartition(sent.topic(), sent.partition());
            assertThat(handler.blocked.await(30, TimeUnit.SECONDS)).as("second attempt running").isTrue();
            // first attempt failed, second is in flight: its offset must not be committed yet
            Thread.sleep(1500);
            assertThat(committed(tp)).isLessThanOrEqualTo(sent.offset());
            handler.release.countDown();
            await("handled after retry", () -> handler.succeeded.contains(id));
            await("offset committed", () -> committed(tp) > sent.offset());
            assertThat(handler.attemptsOf(id)).isEqualTo(2);
        }
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAtOnceWithItsHeaders() throws Exception {
        String poison = publish(ScriptedHandler.Behaviour.POISON);
        String after = publish(ScriptedHandler.Behaviour.OK);
        List<ConsumerRecord<String, String>> dead = dlqRecords(poison);
        assertThat(dead).hasSize(1);
        ConsumerRecord<String, String> r = dead.get(0);
        assertThat(r.key()).isEqualTo(poison);
        assertThat(header(r, "dead-letter-reason")).contains("cannot be processed");
        assertThat(header(r, "dead-letter-topic")).isEqualTo("file-events");
        assertThat(header(r, "dead-letter-partition")).isNotNull();
        assertThat(header(r, "dead-letter-offset")).isNotNull();
        assertThat(header(r, KafkaDelivery.ATTEMPTS_HEADER)).isEqualTo("1");
        assertThat(handler.attemptsOf(poison)).isEqualTo(1);
        await("the consumer moved on", () -> handler.succeeded.contains(after));
    }

    @Test
    void aHandlerThatKeepsFailingIsDeadLetteredAfterTheLastAttempt() throws Exception {
        String failing = publish(ScriptedHandler.Behaviour.ALWAYS_FAIL);
        List<ConsumerRecord<String, String>> dead = dlqRecords(failing);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), KafkaDelivery.ATTEMPTS_HEADER)).isEqualTo("3");
        assertThat(header(dead.get(0), "dead-letter-reason")).contains("always failing");
        assertThat(handler.attemptsOf(failing)).isEqualTo(3);
    }

    @Test
    void aTransientFailureSucceedsOnRetryWithoutDeadLettering() throws Exception {
        String id = publish(ScriptedHandler.Behaviour.FAIL_ONCE);
        await("handled after one retry", () -> handler.succeeded.contains(id));
        assertThat(handler.attemptsOf(id)).isEqualTo(2);
    }

    @Test
    void aMalformedRecordIsDeadLetteredAndSkipped() throws Exception {
        String marker = "garbage-" + UUID.randomUUID();
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>("file-events", marker, "{not json " + marker)).get(10, TimeUnit.SECONDS);
        }
        String after = publish(ScriptedHandler.Behaviour.OK);
        List<ConsumerRecord<String, String>> dead = dlqRecords(marker);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), KafkaDelivery.ATTEMPTS_HEADER)).isEqualTo("0");
        await("the consumer moved on", () -> handler.succeeded.contains(after));
    }

    private void publish(FileEvent event) {
        KafkaRecords.send(bootstrap, "file-events", event.key(), EventCodec.encode(event));
    }
}
