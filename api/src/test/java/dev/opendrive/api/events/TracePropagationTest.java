package dev.opendrive.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.KafkaRecords;
import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.MongoTestResource;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The trace of an upload request continues into its Kafka record: the record's traceparent names
 * the request's trace and the API's server span. Same profile and resources as
 * KafkaPublishingTest, so both run in one application start.
 */
@QuarkusTest
@TestProfile(KafkaPublishingTest.KafkaEnabled.class)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class TracePropagationTest {

    @ConfigProperty(name = "opendrive.kafka.bootstrap-servers")
    String bootstrap;
    @Inject
    InMemorySpanExporter spans;

    KafkaConsumer<String, String> consumer;

    @BeforeEach
    void subscribe() {
        consumer = KafkaRecords.fromStart(bootstrap, "file-events");
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    private static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private ConsumerRecord<String, String> recordOf(String fileId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (fileId.equals(r.key())) {
                    return r;
                }
            }
        }
        throw new AssertionError("no record for " + fileId);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private SpanData serverSpan(String traceId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (SpanData s : spans.getFinishedSpanItems()) {
                if (s.getTraceId().equals(traceId) && s.getName().startsWith("POST")) {
                    return s;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no server span in trace " + traceId);
    }

    private static String upload(Api.User u, String header, String value) {
        Response r = u.as().header(header, value).multiPart("files", "traced.txt", "hello".getBytes(),
                "application/octet-stream").post("/api/files");
        r.then().statusCode(201);
        return r.path("files[0]._id");
    }

    @Test
    void anUploadWithATraceparentPublishesItsRecordInThatTrace() throws Exception {
        String traceId = newTraceId();
        String callerSpan = "b7ad6b7169203331";
        String id = upload(Api.newUser(), "traceparent", "00-" + traceId + "-" + callerSpan + "-01");

        String traceparent = header(recordOf(id), "traceparent");
        assertThat(traceparent).as("traceparent header on the record").isNotNull();
        String[] parts = traceparent.split("-");
        assertThat(parts[1]).isEqualTo(traceId);
        SpanData server = serverSpan(traceId);
        assertThat(server.getParentSpanId()).isEqualTo(callerSpan);
        assertThat(parts[2]).as("the record's parent is the API's server span").isEqualTo(server.getSpanId());
        assertThat(parts[3]).isEqualTo("01");
    }

    @Test
    void cloudRunsTraceHeaderIsFollowedWhenThereIsNoTraceparent() throws Exception {
        String traceId = newTraceId();
        String id = upload(Api.newUser(), "X-Cloud-Trace-Context", traceId + "/1234567890123;o=1");

        String traceparent = header(recordOf(id), "traceparent");
        assertThat(traceparent).as("traceparent header on the record").isNotNull();
        assertThat(traceparent.split("-")[1]).isEqualTo(traceId);
        assertThat(serverSpan(traceId).getParentSpanId()).isEqualTo(SpanId.fromLong(1234567890123L));
    }
}
