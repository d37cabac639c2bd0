package dev.opendrive.api.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.KafkaRecords;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The Kafka-down drill in miniature: the API starts while the broker cannot be reached, uploads
 * still answer 201 and their events wait in the outbox; once Kafka is reachable the relay
 * delivers each of them byte for byte as stored, and the outbox empties.
 */
@QuarkusTest
@TestProfile(KafkaDownOutboxTest.FastRelay.class)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = SwitchableKafkaTestResource.class, restrictToAnnotatedClass = true)
class KafkaDownOutboxTest {

    public static class FastRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opendrive.kafka.enabled", "true",
                    "opendrive.kafka.outbox.poll-interval", "200ms",
                    "opendrive.kafka.outbox.max-backoff", "500ms",
                    "opendrive.kafka.outbox.send-timeout", "2s");
        }
    }

    @SwitchableKafkaTestResource.Gate
    SwitchableKafka kafka;
    @Inject
    Instance<MongoClient> mongo;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /** /q/metrics, on the management interface. */
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void uploadsSucceedWhileKafkaIsDownAndTheirEventsArriveOnceItIsBack() {
        Api.User u = Api.newUser();
        List<String> fileIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fileIds.add(u.upload(null, "down-" + i + ".txt", ("kafka is down " + i).getBytes()));
        }
        u.as().contentType(ContentType.JSON).body(Map.of("name", "renamed-while-down.txt"))
                .put("/api/files/" + fileIds.get(0)).then().statusCode(200);

        MongoCollection<Document> outbox = mongo.get().getDatabase(database).getCollection("event_outbox");
        // eventId -> envelope exactly as the API stored it at publish time
        Map<String, String> stored = new HashMap<>();
        outbox.find(Filters.in("key", fileIds)).forEach(d -> stored.put(d.getString("eventId"), d.getString("payload")));
        assertThat(stored).as("4 uploads and a rename wait in the outbox").hasSize(5);
        // the relay keeps trying (and failing) in the background: nothing may leave the outbox meanwhile
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> outbox.countDocuments(Filters.in("key", fileIds)) == 5);

        open();
        try (KafkaConsumer<String, String> consumer = KafkaRecords.fromStart("127.0.0.1:" + kafka.port(), "file-events")) {
            Map<String, String> received = new HashMap<>();
            List<String> renameOrder = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (fileIds.contains(r.key())) {
                        String eventId = r.value().replaceAll("^.*\"id\":\"([^\"]+)\".*$", "$1");
                        received.merge(eventId, r.value(), (a, b) -> a);
                        if (r.key().equals(fileIds.get(0))) {
                            renameOrder.add(r.value().contains("file.renamed") ? "renamed" : "uploaded");
                        }
                    }
                });
                return received.keySet().containsAll(stored.keySet());
            });
            assertThat(received).as("every stored event delivered exactly as published").isEqualTo(stored);
            assertThat(renameOrder).as("one file's events keep their order").startsWith("uploaded", "renamed");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.countDocuments(Filters.in("key", fileIds)) == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> given().get(metrics).asString()
                .contains("opendrive_events_outbox_pending 0.0"));
        assertThat(given().get(metrics).asString()).containsPattern("opendrive_events_outbox_sent_total [5-9]");
    }

    private void open() {
        try {
            kafka.open();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
