package dev.opendrive.api.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** Monolith mode: the embedded thumbnail worker runs on the in-process bus after an upload. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class ThumbnailPipelineTest {

    @Inject
    OpenDriveConfig config;

    @Test
    void anUploadedImageGetsA200x200JpegThumbnailThatGoesAwayWithTheFile() throws Exception {
        Api.User u = Api.newUser();
        String id = u.upload(null, "wide.png", SampleFiles.png(1200, 600));
        assertThat(u.awaitThumbnail(id)).as("thumbnail generated").isTrue();

        Response thumb = u.as().get("/api/files/" + id + "/thumbnail");
        thumb.then().statusCode(200).contentType("image/jpeg").header("Cache-Control", containsString("max-age"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumb.asByteArray()));
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(200);
        // cover crop of a red|green image keeps both halves around the centre
        assertThat(new Color(image.getRGB(20, 100)).getRed()).isGreaterThan(200);
        assertThat(new Color(image.getRGB(180, 100)).getGreen()).isGreaterThan(200);
        String etag = thumb.header("ETag");
        u.as().header("If-None-Match", etag).get("/api/files/" + id + "/thumbnail").then().statusCode(304);
        Api.newUser().as().get("/api/files/" + id + "/thumbnail").then().statusCode(404);

        // public shares show thumbnails too, and only within the share
        String fileShare = u.as().post("/api/files/" + id + "/share").path("shareId");
        io.restassured.RestAssured.given().get("/api/public/" + fileShare + "/thumbnail").then().statusCode(200)
                .contentType("image/jpeg");
        String folder = u.folder("Album", null);
        String inAlbum = u.upload(folder, "inside.png", SampleFiles.png(400, 400));
        assertThat(u.awaitThumbnail(inAlbum)).isTrue();
        String folderShare = u.as().post("/api/folders/" + folder + "/share").path("shareId");
        io.restassured.RestAssured.given().get("/api/public/" + folderShare + "/file/" + inAlbum + "/thumbnail").then()
                .statusCode(200).contentType("image/jpeg");
        io.restassured.RestAssured.given().get("/api/public/" + folderShare + "/file/" + id + "/thumbnail").then()
                .statusCode(403);

        String key = u.as().get("/api/files/" + id).path("thumbnailPath");
        Path stored = config.localStoragePath().resolve(key);
        assertThat(stored).exists();
        u.as().delete("/api/files/" + id + "/permanent").then().statusCode(200);
        assertThat(Files.exists(stored)).as("thumbnail deleted with the file").isFalse();
    }

    @Test
    void nonImagesGetNoThumbnail() throws Exception {
        Api.User u = Api.newUser();
        String id = u.upload(null, "notes.txt", "just text".getBytes());
        Thread.sleep(500);
        u.as().get("/api/files/" + id).then().statusCode(200)
                .body("hasThumbnail", org.hamcrest.Matchers.equalTo(false));
        u.as().get("/api/files/" + id + "/thumbnail").then().statusCode(404);
    }
}
