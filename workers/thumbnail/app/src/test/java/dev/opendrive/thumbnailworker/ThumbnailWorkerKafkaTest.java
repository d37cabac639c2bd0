package dev.opendrive.thumbnailworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

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
import dev.opendrive.model.files.StorageKeys;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.storage.StoredBlob;
import dev.opendrive.testing.KafkaRecords;
import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.testing.MongoTestResource;
import dev.opendrive.testing.CloudRunWorkerProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The worker as deployed: a file.uploaded record on Kafka turns into a stored 200x200 thumbnail. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(ThumbnailWorkerKafkaTest.ThumbnailWorkerPool.class)
class ThumbnailWorkerKafkaTest {

    /** The environment cloudrun/thumbnail-worker-pool.yaml gives the worker: GCS, topics, JSON logs. */
    public static class ThumbnailWorkerPool extends CloudRunWorkerProfile {
        @Override
        protected String manifest() {
            return "cloudrun/thumbnail-worker-pool.yaml";
        }
    }

    @Inject
    FileRepository files;
    @Inject
    StorageProvider storage;
    @ConfigProperty(name = "opendrive.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void anUploadedImageGetsAThumbnailAndTheDocumentSaysSo() throws Exception {
        assertThat(storage.name()).as("the worker pool's STORAGE_PROVIDER").isEqualTo("gcs");
        byte[] jpeg = SampleFiles.jpeg(1600, 900);

        FileDocument doc = FileDocument.create(new ObjectId(), null);
        StoredBlob blob = storage.save(doc.storageKey, new ByteArrayInputStream(jpeg), 10_000_000);
        doc.named("sunset.jpg").holding(blob.size(), blob.sha256(), storage.name(), "image/jpeg");
        doc.createdAt = Instant.now();
        files.persist(doc);

        publish(FileEvent.of(EventData.forFile(EventType.FILE_UPLOADED, new FileRef(doc.id.toHexString(), doc.storageKey, doc.mimeType, doc.ownerId.toHexString(), doc.size, null, doc.originalName), false), "test"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        FileDocument updated = files.findById(doc.id);
        while (!updated.hasThumbnail && System.nanoTime() < deadline) {
            Thread.sleep(100);
            updated = files.findById(doc.id);
        }
        assertThat(updated.hasThumbnail).as("thumbnail generated").isTrue();
        assertThat(updated.thumbnailPath).isEqualTo(StorageKeys.thumbnail(doc.id));
        assertThat(updated.thumbnailGeneratedAt).isNotNull();
        assertThat(updated.originalName).isEqualTo("sunset.jpg");
        try (InputStream in = storage.open(updated.thumbnailPath)) {
            BufferedImage thumb = ImageIO.read(in);
            assertThat(thumb.getWidth()).isEqualTo(200);
            assertThat(thumb.getHeight()).isEqualTo(200);
        }
    }

    private void publish(FileEvent event) {
        KafkaRecords.send(bootstrapServers, "file-events", event.key(), EventCodec.encode(event));
    }
}
