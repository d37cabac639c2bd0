package dev.opendrive.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.KafkaRecords;
import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.LaunchedApp;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The API as deployed in the microservices topology: DEPLOYMENT_MODE=microservices against the test
 * MongoDB (the module's MongoTestResource) and Kafka broker. An upload's event reaches the topic,
 * keyed by the file, carrying the request's trace; the workers are not in this process.
 */
@QuarkusIntegrationTest
@TestProfile(MicroservicesIT.Microservices.class)
class MicroservicesIT {

    public static class Microservices implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("DEPLOYMENT_MODE", "microservices",
                    "JWT_SECRET", "integration-test-secret-of-at-least-32-bytes",
                    "quarkus.management.port", "0");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaTestResource.class));
        }
    }

    private KafkaConsumer<String, String> consumer;

    @BeforeEach
    void subscribe() {
        consumer = KafkaRecords.fromStart(LaunchedApp.handedTo("opendrive.kafka.bootstrap-servers"), "file-events");
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void readinessIncludesTheDatabase() {
        LaunchedApp.assertLive();
        LaunchedApp.awaitReady(Duration.ofSeconds(30));
        assertThat(LaunchedApp.check(LaunchedApp.readiness(), "database")).isEqualTo("UP");
    }

    @Test
    void anUploadPublishesItsEventKeyedByTheFile() {
        Api.User user = Api.newUser();
        String id = user.upload(null, "notes.txt", "published".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, String> record = recordOf(id);
        JsonPath event = new JsonPath(record.value());
        assertThat(event.getString("event")).isEqualTo("file.uploaded");
        assertThat(event.getString("data.fileId")).isEqualTo(id);
        assertThat(event.getString("data.userId")).isEqualTo(user.id());
        assertThat(event.getString("data.name")).isEqualTo("notes.txt");
    }

    /** Cloud Run's load balancer sends X-Cloud-Trace-Context; the event continues that trace. */
    @Test
    void theEventContinuesTheTraceOfTheRequest() {
        Api.User user = Api.newUser();
        String cloudTrace = UUID.randomUUID().toString().replace("-", "");
        String alone = upload(user, Map.of("X-Cloud-Trace-Context", cloudTrace + "/1234567890123;o=1"));
        assertThat(traceId(recordOf(alone))).isEqualTo(cloudTrace);

        String w3cTrace = UUID.randomUUID().toString().replace("-", "");
        String both = upload(user, Map.of("traceparent", "00-" + w3cTrace + "-b7ad6b7169203331-01",
                "X-Cloud-Trace-Context", cloudTrace + "/1234567890123;o=1"));
        assertThat(traceId(recordOf(both))).as("traceparent wins over X-Cloud-Trace-Context").isEqualTo(w3cTrace);
    }

    private static String upload(Api.User user, Map<String, String> headers) {
        Response r = user.as().headers(headers).multiPart("files", "traced.txt", "trace".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream").post("/api/files");
        r.then().statusCode(201);
        return r.path("files[0]._id");
    }

    private static String traceId(ConsumerRecord<String, String> record) {
        Header traceparent = record.headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent header on the record").isNotNull();
        return new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
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
        throw new AssertionError("no record keyed " + fileId + " on file-events");
    }
}
