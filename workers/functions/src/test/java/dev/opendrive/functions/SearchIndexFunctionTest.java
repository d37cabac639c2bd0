package dev.opendrive.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.EventCodec;
import dev.opendrive.model.events.EventData;
import dev.opendrive.model.events.EventType;
import dev.opendrive.model.events.FileRef;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.model.search.SearchIndexDocument;
import dev.opendrive.model.search.SearchIndexRepository;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.storage.StoredBlob;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.google.cloud.functions.test.FunctionType;
import io.quarkus.google.cloud.functions.test.WithFunction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** The searchIndex function behind Eventarc: pushed file events keep a file's index entry current. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@WithFunction(value = FunctionType.FUNQY_CLOUD_EVENTS, functionName = "searchIndex")
@TestProfile(FunctionsOnGcs.class)
class SearchIndexFunctionTest {

    @Inject
    FileRepository files;
    @Inject
    SearchIndexRepository index;
    @Inject
    StorageProvider storage;
    @Inject
    ObjectMapper json;

    @Test
    void aPushedUploadIndexesTheContentAndAPushedPermanentDeleteRemovesIt() throws Exception {
        FileDocument doc = storeText("meeting-notes.txt", "Minutes: the aquarium budget was approved.");

        String record = json.writeValueAsString(Map.of("topic", "file-events", "partition", 1, "offset", 7,
                "value", b64(EventCodec.encode(event(EventType.FILE_UPLOADED, doc, null)))));
        push("google.cloud.apachekafka.v1.kafkaRecord", record).then().statusCode(200);

        SearchIndexDocument entry = index.findById(doc.id);
        assertThat(entry).isNotNull();
        assertThat(entry.contentTokens).contains("aquarium", "budget", "approved");
        assertThat(entry.nameTokens).contains("meeting", "notes");

        files.delete(doc);
        // the same record value relayed through Pub/Sub push: {message: {data: base64}}
        String relayed = json.writeValueAsString(Map.of("subscription", "projects/p/subscriptions/s", "message",
                Map.of("messageId", "1", "data", b64(EventCodec.encode(event(EventType.FILE_DELETED, doc, true))))));
        push("google.cloud.pubsub.topic.v1.messagePublished", relayed).then().statusCode(200);

        assertThat(index.findById(doc.id)).isNull();
    }

    @Test
    void aGcsFinalizedEventIndexesTheUploadedFile() throws Exception {
        FileDocument doc = storeText("harbour-plan.txt", "The lighthouse renovation starts in spring.");

        push(StorageObjectEvents.FINALIZED, json.writeValueAsString(Map.of("bucket", "opendrive-files",
                "name", doc.storageKey, "contentType", "text/plain"))).then().statusCode(200);

        assertThat(index.findById(doc.id).contentTokens).contains("lighthouse", "renovation", "spring");
    }

    private Response push(String type, String body) {
        return given().port(Integer.getInteger("quarkus.http.test-port"))
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", type)
                .header("ce-source", "//test/opendrive")
                .header("ce-time", Instant.now().toString())
                .contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/");
    }

    private FileDocument storeText(String name, String text) throws Exception {
        FileDocument doc = FileDocument.create(new ObjectId(), null);
        StoredBlob blob = storage.save(doc.storageKey,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1_000_000);
        doc.named(name).holding(blob.size(), blob.sha256(), storage.name(), "text/plain");
        doc.createdAt = Instant.now();
        files.persist(doc);
        return doc;
    }

    private static FileEvent event(EventType type, FileDocument doc, Boolean permanent) {
        return FileEvent.of(EventData.forFile(type, new FileRef(doc.id.toHexString(), doc.storageKey, doc.mimeType, doc.ownerId.toHexString(), doc.size, null, doc.originalName), Boolean.TRUE.equals(permanent)), "test");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
