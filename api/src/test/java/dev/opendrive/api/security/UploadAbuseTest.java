package dev.opendrive.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.api.files.FilesConfig;
import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * A refused upload stores nothing anywhere (no document, no blob, no temporary file), and uploaded
 * HTML or SVG never runs in the browser on any of the three download paths.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class UploadAbuseTest {

    @Inject
    OpenDriveConfig config;

    @Inject
    FilesConfig files;

    @Test
    void refusedUploadsLeaveNoDocumentBlobOrTemporaryFile() throws Exception {
        Api.User u = Api.newUser();
        Set<Path> tempBefore = tempFiles();

        RequestSpecification tooLarge = u.as().multiPart("files", "ok.txt", "fine".getBytes())
                .multiPart("files", "huge.bin", new byte[(int) config.storage().maxFileSize() + 1]);
        assertJsonError(tooLarge.post("/api/files"), 413);

        RequestSpecification tooMany = u.as();
        for (int i = 0; i <= files.maxFilesPerUpload(); i++) {
            tooMany = tooMany.multiPart("files", "f" + i + ".txt", ("n" + i).getBytes());
        }
        Response many = tooMany.post("/api/files");
        assertThat(many.statusCode()).isBetween(400, 499);
        assertJsonError(many, many.statusCode());

        assertJsonError(u.as().multiPart("upload", "a.txt", "a".getBytes()).post("/api/files"), 400);

        u.as().get("/api/files/folder/root").then().statusCode(200).body("$", empty());
        u.as().get("/api/folders/stats/summary").then().body("totalFiles", equalTo(0)).body("storageUsed", equalTo(0));
        Path blobs = config.localStoragePath().resolve("files").resolve(u.id());
        try (Stream<Path> left = Files.exists(blobs) ? Files.list(blobs) : Stream.empty()) {
            assertThat(left).isEmpty();
        }
        // the multipart temporary files are deleted when the response ends, just after the client has it
        Set<Path> leftover = Set.of();
        for (int i = 0; i < 50; i++) {
            leftover = tempFiles().stream().filter(p -> !tempBefore.contains(p)).collect(Collectors.toSet());
            if (leftover.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(leftover).as("temporary upload files left behind").isEmpty();
    }

    @Test
    void htmlAndSvgAreNeverServedAsActiveContent() {
        Api.User u = Api.newUser();
        String folder = u.folder("Active", null);
        String html = u.upload(folder, "page.html", "<!doctype html><html><script>alert(1)</script></html>".getBytes());
        String svg = u.upload(folder, "logo.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes());
        String folderShare = u.as().post("/api/folders/" + folder + "/share").path("shareId");
        for (String id : List.of(html, svg)) {
            String fileShare = u.as().post("/api/files/" + id + "/share").path("shareId");
            URI link = URI.create(u.as().get("/api/files/" + id + "/link").path("url"));
            assertPassive("owner download", u.as().get("/api/files/" + id + "/download"));
            assertPassive("file share", given().get("/api/public/" + fileShare + "/download"));
            assertPassive("folder share", given().get("/api/public/" + folderShare + "/file/" + id + "/download"));
            assertPassive("signed link", given().urlEncodingEnabled(false).get(link.getPath() + "?" + link.getRawQuery()));
        }
    }

    private static void assertPassive(String what, Response r) {
        assertThat(r.statusCode()).as(what).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).as(what).startsWith("attachment;");
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(r.header("Content-Security-Policy")).as(what).contains("sandbox").contains("default-src 'none'");
    }

    private static void assertJsonError(Response r, int status) {
        r.then().statusCode(status).contentType(io.restassured.http.ContentType.JSON)
                .body("error", notNullValue()).body("code", notNullValue());
    }

    private Set<Path> tempFiles() throws IOException {
        Path dir = config.dataDir().resolve("uploads-tmp");
        if (!Files.exists(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }
}
