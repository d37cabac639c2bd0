package dev.opendrive.thumbnailworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The worker as deployed: a file.uploaded record on Kafka turns into a stored 200x200 thumbnail. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ThumbnailWorkerKafkaTest {

    @Inject
    FileRepository files;
    @Inject
    StorageProvider storage;
    @ConfigProperty(name = "opendrive.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void anUploadedImageGetsAThumbnailAndTheDocumentSaysSo() throws Exception {
        BufferedImage photo = new BufferedImage(1600, 900, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 1600, 900, Color.BLUE));
        g.fillRect(0, 0, 1600, 900);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(photo, "jpg", jpeg);

        FileDocument doc = new FileDocument();
        doc.id = new ObjectId();
        doc.ownerId = new ObjectId();
        doc.storageKey = StorageKeys.file(doc.ownerId, doc.id);
        StoredBlob blob = storage.save(doc.storageKey, new ByteArrayInputStream(jpeg.toByteArray()), 10_000_000);
        doc.originalName = "sunset.jpg";
        doc.nameKey = "sunset.jpg";
        doc.mimeType = "image/jpeg";
        doc.size = blob.size();
        doc.sha256 = blob.sha256();
        doc.storageProvider = storage.name();
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
