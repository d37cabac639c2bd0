package dev.opendrive.searchworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

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
import dev.opendrive.testing.KafkaRecords;
import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.MongoTestResource;
import dev.opendrive.testing.CloudRunWorkerProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The worker as deployed: file events on Kafka keep the search index of a file current. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(SearchIndexerKafkaTest.SearchWorkerPool.class)
class SearchIndexerKafkaTest {

    /** The environment cloudrun/search-worker-pool.yaml gives the worker: GCS, topics, JSON logs. */
    public static class SearchWorkerPool extends CloudRunWorkerProfile {
        @Override
        protected String manifest() {
            return "cloudrun/search-worker-pool.yaml";
        }
    }

    @Inject
    FileRepository files;
    @Inject
    SearchIndexRepository index;
    @Inject
    StorageProvider storage;
    @ConfigProperty(name = "opendrive.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void uploadIndexesTheContentAndPermanentDeleteRemovesIt() throws Exception {
        assertThat(storage.name()).as("the worker pool's STORAGE_PROVIDER").isEqualTo("gcs");
        byte[] text = "Minutes: the aquarium budget was approved.".getBytes(StandardCharsets.UTF_8);
        FileDocument doc = FileDocument.create(new ObjectId(), null);
        StoredBlob blob = storage.save(doc.storageKey, new ByteArrayInputStream(text), 1_000_000);
        doc.named("meeting-notes.txt").holding(blob.size(), blob.sha256(), storage.name(), "text/plain");
        doc.createdAt = Instant.now();
        files.persist(doc);

        publish(EventType.FILE_UPLOADED, doc, null);
        SearchIndexDocument entry = awaitEntry(doc.id, true);
        assertThat(entry.ownerId).isEqualTo(doc.ownerId);
        assertThat(entry.contentTokens).contains("aquarium", "budget", "approved");
        assertThat(entry.nameTokens).contains("meeting", "notes");

        files.delete(doc);
        publish(EventType.FILE_DELETED, doc, true);
        awaitEntry(doc.id, false);
    }

    private void publish(EventType type, FileDocument doc, Boolean permanent) throws Exception {
        publish(FileEvent.of(EventData.forFile(type, new FileRef(doc.id.toHexString(), doc.storageKey, doc.mimeType, doc.ownerId.toHexString(), doc.size, null, doc.originalName), Boolean.TRUE.equals(permanent)), "test"));
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

    private void publish(FileEvent event) {
        KafkaRecords.send(bootstrapServers, "file-events", event.key(), EventCodec.encode(event));
    }
}
