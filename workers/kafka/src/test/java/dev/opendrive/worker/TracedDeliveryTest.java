package dev.opendrive.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.opendrive.testing.KafkaTestResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** A record carrying a traceparent is handled, retries included, inside that trace. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class TracedDeliveryTest {

    @Inject
    ScriptedHandler handler;
    @Inject
    InMemorySpanExporter spans;
    @ConfigProperty(name = "opendrive.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void everyAttemptIsASpanInThePublishersTrace() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String parentSpanId = "00f067aa0ba902b7";
        String fileId = UUID.randomUUID().toString();
        handler.script.put(fileId, ScriptedHandler.Behaviour.FAIL_ONCE);
        String value = "{\"id\":\"e-" + fileId + "\",\"event\":\"file.uploaded\",\"data\":{\"fileId\":\"" + fileId
                + "\",\"mimetype\":\"image/png\"},\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"service\":\"test\"}";
        ProducerRecord<String, String> record = new ProducerRecord<>("file-events", fileId, value);
        record.headers().add("traceparent",
                ("00-" + traceId + "-" + parentSpanId + "-01").getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            raw.send(record).get(10, TimeUnit.SECONDS);
        }

        List<SpanData> attempts = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (attempts.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            attempts = spans.getFinishedSpanItems().stream()
                    .filter(s -> fileId.equals(s.getAttributes().get(AttributeKey.stringKey("opendrive.file_id"))))
                    .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                    .toList();
        }
        assertThat(handler.succeeded).contains(fileId);
        assertThat(attempts).hasSize(2);
        assertThat(attempts).allSatisfy(s -> {
            assertThat(s.getName()).isEqualTo("scripted file.uploaded");
            assertThat(s.getTraceId()).isEqualTo(traceId);
            assertThat(s.getAttributes().get(AttributeKey.stringKey("opendrive.event_id"))).isEqualTo("e-" + fileId);
        });
        assertThat(attempts.get(0).getAttributes().get(AttributeKey.longKey("opendrive.attempt"))).isEqualTo(1L);
        assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attempts.get(1).getAttributes().get(AttributeKey.longKey("opendrive.attempt"))).isEqualTo(2L);
        assertThat(attempts.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        // the attempts hang under the connector's consumer span, itself a child of the publisher's span
        String consumerSpanId = attempts.get(0).getParentSpanId();
        assertThat(attempts.get(1).getParentSpanId()).isEqualTo(consumerSpanId);
        SpanData consumer = spans.getFinishedSpanItems().stream().filter(s -> s.getSpanId().equals(consumerSpanId))
                .findFirst().orElseThrow(() -> new AssertionError("no consumer span " + consumerSpanId));
        assertThat(consumer.getParentSpanId()).isEqualTo(parentSpanId);
    }
}
