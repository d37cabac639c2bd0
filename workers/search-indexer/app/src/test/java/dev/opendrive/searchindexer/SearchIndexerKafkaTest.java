package dev.opendrive.searchindexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.opendrive.events.FileEvent;
import dev.opendrive.events.FileEventData;
import dev.opendrive.events.KafkaEventPublisher;
import dev.opendrive.files.FileDocument;
import dev.opendrive.files.FileRepository;
import dev.opendrive.search.SearchIndexDocument;
import dev.opendrive.search.SearchIndexRepository;
import dev.opendrive.storage.StorageKeys;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.storage.StoredBlob;
import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The worker as deployed: file events on Kafka keep the search index of a file current. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SearchIndexerKafkaTest {

    @Inject
    FileRepository files;
    @Inject
    SearchIndexRepository index;
    @Inject
    StorageProvider storage;
    @Inject
    KafkaEventPublisher publisher;

    @Test
    void uploadIndexesTheContentAndPermanentDeleteRemovesIt() throws Exception {
        byte[] text = "Minutes: the aquarium budget was approved.".getBytes(StandardCharsets.UTF_8);
        FileDocument doc = new FileDocument();
        doc.id = new ObjectId();
        doc.ownerId = new ObjectId();
        doc.storageKey = StorageKeys.file(doc.ownerId, doc.id);
        StoredBlob blob = storage.save(doc.storageKey, new ByteArrayInputStream(text), 1_000_000);
        doc.originalName = "meeting-notes.txt";
        doc.nameKey = doc.originalName;
        doc.mimeType = "text/plain";
        doc.size = blob.size();
        doc.sha256 = blob.sha256();
        doc.storageProvider = storage.name();
        doc.createdAt = Instant.now();
        files.persist(doc);

        publish(FileEvent.FILE_UPLOADED, doc, null);
        SearchIndexDocument entry = awaitEntry(doc.id, true);
        assertThat(entry.ownerId).isEqualTo(doc.ownerId);
        assertThat(entry.contentTokens).contains("aquarium", "budget", "approved");
        assertThat(entry.nameTokens).contains("meeting", "notes");

        files.delete(doc);
        publish(FileEvent.FILE_DELETED, doc, true);
        awaitEntry(doc.id, false);
    }

    private void publish(String type, FileDocument doc, Boolean permanent) throws Exception {
        publisher.send(FileEvent.of(type, new FileEventData(doc.id.toHexString(), doc.storageKey, doc.mimeType,
                doc.ownerId.toHexString(), doc.size, null, doc.originalName, permanent), "test")).get(10, TimeUnit.SECONDS);
    }

    private SearchIndexDocument awaitEntry(ObjectId id, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            SearchIndexDocument entry = index.findById(id);
            if ((entry != null) == present) {
                return entry;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("index entry " + (present ? "never appeared" : "never removed"));
    }
}
