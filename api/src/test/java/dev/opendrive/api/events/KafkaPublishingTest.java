package dev.opendrive.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.KafkaRecords;
import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** With KAFKA_ENABLED the API publishes its events to the topic (through the outbox), keyed by file id. */
@QuarkusTest
@TestProfile(KafkaPublishingTest.KafkaEnabled.class)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class KafkaPublishingTest {

    public static class KafkaEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opendrive.kafka.enabled", "true");
        }
    }

    @ConfigProperty(name = "opendrive.kafka.bootstrap-servers")
    String bootstrap;
    @Inject
    ObjectMapper json;
    @Inject
    Instance<MongoClient> mongo;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void uploadAndRenamePublishKeyedEventsInOrder() throws Exception {
        try (KafkaConsumer<String, String> consumer = KafkaRecords.fromStart(bootstrap, "file-events")) {
            Api.User u = Api.newUser();
            String folder = u.folder("Docs", null);
            String id = u.upload(folder, "notes.txt", "hello kafka".getBytes());
            u.as().contentType(ContentType.JSON).body(Map.of("name", "renamed.txt")).put("/api/files/" + id)
                    .then().statusCode(200);

            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.equals(r.key())) {
                        mine.add(r);
                    }
                });
            }
            assertThat(mine).hasSize(2);
            JsonNode uploaded = json.readTree(mine.get(0).value());
            assertThat(uploaded.path("event").asText()).isEqualTo("file.uploaded");
            assertThat(uploaded.path("id").asText()).isNotBlank();
            assertThat(uploaded.path("service").asText()).isEqualTo("opendrive-api");
            assertThat(uploaded.path("timestamp").asText()).isNotBlank();
            JsonNode data = uploaded.path("data");
            assertThat(data.path("fileId").asText()).isEqualTo(id);
            assertThat(data.path("userId").asText()).isEqualTo(u.id());
            assertThat(data.path("folderId").asText()).isEqualTo(folder);
            assertThat(data.path("mimetype").asText()).isEqualTo("text/plain");
            assertThat(data.path("size").asLong()).isEqualTo(11);
            assertThat(data.path("path").asText()).startsWith("files/" + u.id() + "/");
            JsonNode renamed = json.readTree(mine.get(1).value());
            assertThat(renamed.path("event").asText()).isEqualTo("file.renamed");
            assertThat(renamed.path("data").path("name").asText()).isEqualTo("renamed.txt");
            assertThat(mine.get(1).partition()).isEqualTo(mine.get(0).partition());
            // both events were acknowledged, so nothing of this file is left in the outbox
            var outbox = mongo.get().getDatabase(database).getCollection("event_outbox");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> outbox.countDocuments(com.mongodb.client.model.Filters.eq("key", id)) == 0);
        }
    }

    /**
     * On Cloud Run an instance may get no CPU once it answered (request-based billing): the event
     * must have left the outbox, acknowledged by the broker, when the upload's answer arrives.
     */
    @Test
    void theUploadIsAnsweredOnceKafkaHasItsEvent() throws Exception {
        var outbox = mongo.get().getDatabase(database).getCollection("event_outbox");
        Api.User u = Api.newUser();
        for (int i = 0; i < 5; i++) {
            String id = u.upload(null, "answered-" + i + ".txt", ("acknowledged " + i).getBytes());

            assertThat(outbox.countDocuments(com.mongodb.client.model.Filters.eq("key", id)))
                    .as("upload %d: its event still waits in the outbox after the 201", i).isZero();
        }
    }
}
