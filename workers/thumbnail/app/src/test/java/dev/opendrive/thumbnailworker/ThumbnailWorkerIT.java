package dev.opendrive.thumbnailworker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.opendrive.testing.LaunchedApp;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.testing.TestDatabase;
import dev.opendrive.testing.UploadedFile;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged thumbnail worker as deployed, against the module's test MongoDB and Kafka (its
 * global test resources) and a local blob directory shared with the test: a file.uploaded record
 * turns into a 200x200 JPEG next to the file and a document that says so. A JPEG and a WebP (only
 * the TwelveMonkeys plugins read it) prove the image decoders are in the packaged app.
 */
@QuarkusIntegrationTest
class ThumbnailWorkerIT {

    @Test
    void statusAndHealth() {
        given().get("/").then().statusCode(200).body("service", is("opendrive-thumbnail-worker"))
                .body("deploymentMode", is("microservices")).body("handler", is("thumbnail"));
        LaunchedApp.assertLive();
        LaunchedApp.awaitReady(Duration.ofSeconds(30));
    }

    @Test
    void aFileUploadedRecordGivesTheFileAThumbnail() throws Exception {
        try (TestDatabase db = TestDatabase.ofLaunchedApp()) {
            List<UploadedFile> images = List.of(
                    UploadedFile.put(db, "sunset.jpg", "image/jpeg", SampleFiles.jpeg(1600, 900)).publishUploaded(),
                    UploadedFile.put(db, "sticker.webp", "image/webp", SampleFiles.webp()).publishUploaded());

            for (UploadedFile image : images) {
                Document updated = await("thumbnail of " + image.id()).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> image.document(db), d -> d.getBoolean("hasThumbnail", false));
                assertThat(updated.getString("thumbnailPath")).isEqualTo("thumbnails/" + image.id().toHexString() + "_thumb.jpg");
                assertThat(updated.getDate("thumbnailGeneratedAt")).isNotNull();
                BufferedImage thumbnail = SampleFiles.image(
                        Files.readAllBytes(UploadedFile.storageDir().resolve(updated.getString("thumbnailPath"))));
                assertThat(thumbnail.getWidth()).isEqualTo(200);
                assertThat(thumbnail.getHeight()).isEqualTo(200);
            }
        }
    }
}
