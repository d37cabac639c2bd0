package dev.opendrive.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.EventCodec;
import dev.opendrive.platform.delivery.EventDelivery;
import dev.opendrive.model.events.EventData;
import dev.opendrive.model.events.EventType;
import dev.opendrive.model.events.FileRef;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.model.files.StorageKeys;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.storage.StoredBlob;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.google.cloud.functions.test.FunctionType;
import io.quarkus.google.cloud.functions.test.WithFunction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * The thumbnail function as Cloud Run runs it: the Functions Framework invoker serves the packaged
 * Funqy entry point over HTTP and the tests push CloudEvents at it the way Eventarc does (binary
 * content mode: ce-* headers, data in the body). A 2xx acknowledges the event; anything else makes
 * Eventarc redeliver it.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@WithFunction(value = FunctionType.FUNQY_CLOUD_EVENTS, functionName = "thumbnail")
@TestProfile(FunctionsOnGcs.class)
class ThumbnailFunctionTest {

    @Inject
    FileRepository files;
    @Inject
    StorageProvider storage;
    @Inject
    ObjectMapper json;

    private final LogCapture log = new LogCapture(EventDelivery.class);

    @BeforeEach
    void captureLog() {
        log.start();
    }

    @AfterEach
    void releaseLog() {
        log.stop();
    }

    @Test
    void aPushedKafkaRecordWithABase64ValueProducesAThumbnailAndARepeatChangesNothing() throws Exception {
        FileDocument doc = storeJpeg("sunset.jpg");
        String value = EventCodec.encode(uploaded(doc));
        String record = json.writeValueAsString(java.util.Map.of(
                "topic", "file-events", "partition", 0, "offset", 42,
                "key", b64(doc.id.toHexString()), "value", b64(value)));

        push("kafka-1", "google.cloud.apachekafka.v1.kafkaRecord", record).then().statusCode(200);

        FileDocument updated = files.findById(doc.id);
        assertThat(updated.hasThumbnail).isTrue();
        assertThat(updated.thumbnailPath).isEqualTo(StorageKeys.thumbnail(doc.id));
        byte[] first = thumbnailOf(doc);
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(first));
        assertThat(thumb.getWidth()).isEqualTo(200);
        assertThat(thumb.getHeight()).isEqualTo(200);

        // Eventarc delivers at least once: the same record again leaves the same state
        push("kafka-1", "google.cloud.apachekafka.v1.kafkaRecord", record).then().statusCode(200);
        assertThat(thumbnailOf(doc)).isEqualTo(first);
        assertThat(files.findById(doc.id).thumbnailPath).isEqualTo(StorageKeys.thumbnail(doc.id));
    }

    @Test
    void aRecordValuePushedAsThePlainFileEventJsonWorksToo() throws Exception {
        FileDocument doc = storeJpeg("plain.jpg");

        push("kafka-2", "google.cloud.apachekafka.v1.kafkaRecord", EventCodec.encode(uploaded(doc)))
                .then().statusCode(200);

        assertThat(files.findById(doc.id).hasThumbnail).isTrue();
        assertThat(storage.exists(StorageKeys.thumbnail(doc.id))).isTrue();
    }

    @Test
    void aGcsFinalizedEventForAnUploadedBlobProducesItsThumbnail() throws Exception {
        FileDocument doc = storeJpeg("beach.jpg");

        push("gcs-1", StorageObjectEvents.FINALIZED, objectJson("opendrive-files", doc.storageKey))
                .then().statusCode(200);

        FileDocument updated = files.findById(doc.id);
        assertThat(updated.hasThumbnail).isTrue();
        assertThat(ImageIO.read(new ByteArrayInputStream(thumbnailOf(doc))).getWidth()).isEqualTo(200);
    }

    @Test
    void aReplacedContentsFinalizedEventRendersItButAVersionsKeyDoesNot() throws Exception {
        // a file whose content was replaced (file versions): the document names the new content's key
        FileDocument doc = storeJpeg("replaced.jpg");
        String versionKey = doc.storageKey;
        String contentKey = StorageKeys.content(doc.ownerId, doc.id, new ObjectId());
        StoredBlob blob = storage.save(contentKey, new ByteArrayInputStream(SampleFiles.jpeg(900, 600)), 10_000_000);
        doc.storageKey = contentKey;
        doc.holding(blob.size(), blob.sha256(), storage.name(), "image/jpeg");
        files.update(doc);

        push("gcs-v1", StorageObjectEvents.FINALIZED, objectJson("opendrive-files", versionKey)).then().statusCode(200);
        assertThat(files.findById(doc.id).hasThumbnail).as("an earlier content is not the file").isFalse();

        push("gcs-v2", StorageObjectEvents.FINALIZED, objectJson("opendrive-files", contentKey)).then().statusCode(200);
        assertThat(files.findById(doc.id).hasThumbnail).isTrue();
        assertThat(ImageIO.read(new ByteArrayInputStream(thumbnailOf(doc))).getWidth()).isEqualTo(200);
    }

    @Test
    void theThumbnailsOwnFinalizedEventIsIgnored() throws Exception {
        FileDocument doc = storeJpeg("loop.jpg");
        String thumbnailKey = StorageKeys.thumbnail(doc.id);

        push("gcs-2", StorageObjectEvents.FINALIZED, objectJson("opendrive-files", thumbnailKey))
                .then().statusCode(200);

        assertThat(storage.exists(thumbnailKey)).isFalse();
        assertThat(files.findById(doc.id).hasThumbnail).isFalse();
    }

    @Test
    void aBlobWhoseDocumentIsNotSavedYetIsRetriedWhileFreshAndAcknowledgedWhenStale() throws Exception {
        ObjectId owner = new ObjectId();
        ObjectId fileId = new ObjectId();
        String key = StorageKeys.file(owner, fileId);

        pushAt("gcs-3", StorageObjectEvents.FINALIZED, objectJson("opendrive-files", key), Instant.now())
                .then().statusCode(500);
        pushAt("gcs-4", StorageObjectEvents.FINALIZED, objectJson("opendrive-files", key),
                Instant.now().minus(2, ChronoUnit.HOURS)).then().statusCode(200);
    }

    @Test
    void aStorageFailureFailsTheDeliverySoEventarcRetries() throws Exception {
        FileDocument doc = storeJpeg("gone.jpg");
        storage.delete(doc.storageKey); // the document says the blob exists: transient, worth a retry

        push("kafka-3", "google.cloud.apachekafka.v1.kafkaRecord", EventCodec.encode(uploaded(doc)))
                .then().statusCode(500);

        assertThat(log.messages()).anyMatch(m -> m.contains("event=delivery.retry transport=push") && m.contains(doc.id.toHexString()));
    }

    @Test
    void garbageIsLoggedAndAcknowledgedNotRetried() {
        push("kafka-4", "google.cloud.apachekafka.v1.kafkaRecord", "this is not an event %%%").then().statusCode(200);
        push("kafka-5", "google.cloud.apachekafka.v1.kafkaRecord", "{\"value\": 17}").then().statusCode(200);
        push("gcs-5", StorageObjectEvents.FINALIZED, "[1,2,3]").then().statusCode(200);

        assertThat(log.messages().stream().filter(m -> m.contains("event=delivery.dead_letter transport=push")))
                .anyMatch(m -> m.contains("ceId=kafka-4"))
                .anyMatch(m -> m.contains("ceId=kafka-5"))
                .anyMatch(m -> m.contains("ceId=gcs-5"));
    }

    @Test
    void aCorruptImageIsAcknowledgedNotRetried() throws Exception {
        byte[] broken = new byte[4096];
        broken[0] = (byte) 0xFF;
        broken[1] = (byte) 0xD8;
        broken[2] = (byte) 0xFF;
        broken[3] = (byte) 0xE0;
        FileDocument doc = store("broken.jpg", broken);

        push("kafka-6", "google.cloud.apachekafka.v1.kafkaRecord", EventCodec.encode(uploaded(doc)))
                .then().statusCode(200);

        assertThat(storage.exists(StorageKeys.thumbnail(doc.id))).isFalse();
        assertThat(log.messages()).anyMatch(m -> m.contains("event=delivery.dead_letter transport=push") && m.contains("ceId=kafka-6"));
    }

    private io.restassured.response.Response push(String id, String type, String body) {
        return pushAt(id, type, body, Instant.now());
    }

    private io.restassured.response.Response pushAt(String id, String type, String body, Instant time) {
        RequestSpecification request = given().port(Integer.getInteger("quarkus.http.test-port"))
                .header("ce-specversion", "1.0")
                .header("ce-id", id + "-" + UUID.randomUUID())
                .header("ce-type", type)
                .header("ce-source", "//test/opendrive")
                .header("ce-time", time.toString())
                .contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8));
        return request.post("/");
    }

    private String objectJson(String bucket, String name) throws IOException {
        return json.writeValueAsString(java.util.Map.of("bucket", bucket, "name", name,
                "contentType", "image/jpeg", "size", "1234", "generation", "1700000000000000"));
    }

    private FileEvent uploaded(FileDocument doc) {
        return FileEvent.of(EventData.forFile(EventType.FILE_UPLOADED, new FileRef(doc.id.toHexString(), doc.storageKey, doc.mimeType, doc.ownerId.toHexString(), doc.size, null, doc.originalName), false), "test");
    }

    private byte[] thumbnailOf(FileDocument doc) throws IOException {
        try (InputStream in = storage.open(StorageKeys.thumbnail(doc.id))) {
            return in.readAllBytes();
        }
    }

    private FileDocument storeJpeg(String name) throws IOException {
        return store(name, SampleFiles.jpeg(1200, 800));
    }

    private FileDocument store(String name, byte[] bytes) throws IOException {
        FileDocument doc = FileDocument.create(new ObjectId(), null);
        StoredBlob blob = storage.save(doc.storageKey, new ByteArrayInputStream(bytes), 10_000_000);
        doc.named(name).holding(blob.size(), blob.sha256(), storage.name(), "image/jpeg");
        doc.createdAt = Instant.now();
        files.persist(doc);
        return doc;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

}
