package dev.opendrive.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * PUT /api/files/content: one file as the raw request body. Sent with java.net.http so both a
 * declared Content-Length and a chunked body (no length known up front) are exercised.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class StreamingUploadTest {

    /** A ZIP local file header: sniffed as application/zip, which no background handler opens. */
    static final byte[] ZIP_HEADER = HexFormat.of().parseHex("504b0304140000000800");

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    OpenDriveConfig config;

    record Answer(int status, JsonPath json) {
    }

    static Answer put(Api.User user, String query, BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/files/content" + query))
                .header("Content-Type", "text/plain").PUT(body);
        if (user != null) {
            request.header("Authorization", "Bearer " + user.token());
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JsonPath.from(r.body()));
    }

    /** A body of unknown length: sent chunked, so the limit can only be enforced while reading. */
    static BodyPublisher chunked(byte[] bytes) {
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    static byte[] zipLike(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        System.arraycopy(ZIP_HEADER, 0, b, 0, ZIP_HEADER.length);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void streamedFileIsStoredExactlySniffedAndNamedLikeAMultipartOne() throws Exception {
        Api.User u = Api.newUser();
        String folder = u.folder("Photos", null);
        byte[] content = zipLike(3 * 1024 * 1024 + 17);

        Answer first = put(u, "?name=holiday.dat&folderId=" + folder, BodyPublishers.ofByteArray(content));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().getInt("success")).isEqualTo(1);
        assertThat(first.json().getInt("failed")).isEqualTo(0);
        assertThat(first.json().getString("files[0].originalName")).isEqualTo("holiday.dat");
        assertThat(first.json().getString("files[0].mimeType")).isEqualTo("application/zip");
        assertThat(first.json().getString("files[0].folderId")).isEqualTo(folder);
        assertThat(first.json().getLong("files[0].size")).isEqualTo(content.length);
        assertThat(first.json().getString("files[0].sha256")).isEqualTo(sha256(content));

        byte[] back = u.as().get("/api/files/" + first.json().getString("files[0]._id") + "/download").then()
                .statusCode(200).header("Content-Type", "application/zip").extract().asByteArray();
        assertThat(sha256(back)).isEqualTo(sha256(content));

        Answer second = put(u, "?name=HOLIDAY.dat&folderId=" + folder, chunked(content));
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().getString("files[0].originalName")).isEqualTo("HOLIDAY (1).dat");
        assertThat(second.json().getString("files[0].sha256")).isEqualTo(sha256(content));

        Answer root = put(u, "?name=%20notes.txt%20", BodyPublishers.ofString("just text\n"));
        assertThat(root.status()).isEqualTo(201);
        assertThat(root.json().getString("files[0].mimeType")).isEqualTo("text/plain");
        assertThat(root.json().getString("files[0].folderId")).isNull();
        assertThat(root.json().getString("files[0].originalName")).isEqualTo("notes.txt");

        u.as().get("/api/files/folder/" + folder).then().statusCode(200)
                .body("originalName", contains("HOLIDAY (1).dat", "holiday.dat"));
    }

    @Test
    void targetFolderMustBeTheCallersLiveFolder() throws Exception {
        Api.User u = Api.newUser();
        Api.User other = Api.newUser();
        String theirs = other.folder("Theirs", null);
        Answer r = put(u, "?name=a.txt&folderId=" + theirs, BodyPublishers.ofString("a"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().getString("error")).isEqualTo("Folder not found");
        assertThat(put(u, "?name=a.txt&folderId=xyz", BodyPublishers.ofString("a")).json().getString("code"))
                .isEqualTo("INVALID_FOLDER_ID");
        String mine = u.folder("Mine", null);
        u.as().delete("/api/folders/" + mine).then().statusCode(200);
        assertThat(put(u, "?name=a.txt&folderId=" + mine, BodyPublishers.ofString("a")).status()).isEqualTo(404);
        other.as().get("/api/files/folder/" + theirs).then().body("$", empty());
        u.as().get("/api/files/folder/root").then().body("$", empty());
    }

    @Test
    void overTheLimitIs413AndLeavesNothingBehind() throws Exception {
        Api.User u = Api.newUser();
        int limit = (int) config.storage().maxFileSize();
        byte[] over = zipLike(limit + 1);

        Answer declared = put(u, "?name=declared.bin", BodyPublishers.ofByteArray(over));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.json().getString("code")).isEqualTo("FILE_TOO_LARGE");

        Answer streamed = put(u, "?name=streamed.bin", chunked(over));
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.json().getString("code")).isEqualTo("FILE_TOO_LARGE");
        assertThat(streamed.json().getString("error")).contains("streamed.bin");

        u.as().get("/api/files/folder/root").then().body("$", empty());
        u.as().get("/api/folders/stats/summary").then().body("totalFiles", equalTo(0));
        assertNoFiles(config.localStoragePath().resolve("files").resolve(u.id()));
        assertNoFiles(config.localStoragePath().resolve(".tmp"));
        assertNoFiles(config.dataDir().resolve("uploads-tmp"));

        // the limit itself is allowed, also when only the stream tells the size
        Answer exactly = put(u, "?name=exactly.bin", chunked(zipLike(limit)));
        assertThat(exactly.status()).isEqualTo(201);
        assertThat(exactly.json().getLong("files[0].size")).isEqualTo(limit);
    }

    @Test
    void mistakesAreExplainedAsJson() throws Exception {
        Api.User u = Api.newUser();
        Answer missing = put(u, "", BodyPublishers.ofString("a"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().getString("code")).isEqualTo("NAME_REQUIRED");
        assertThat(put(u, "?name=%20%20", BodyPublishers.ofString("a")).status()).isEqualTo(400);

        Answer anonymous = put(null, "?name=a.txt", BodyPublishers.ofString("a"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().getString("error")).isEqualTo("Access denied. No token provided.");
        u.as().get("/api/files/folder/root").then().body("$", empty());
    }

    private static void assertNoFiles(Path dir) throws IOException {
        try (Stream<Path> left = Files.exists(dir) ? Files.walk(dir).filter(Files::isRegularFile) : Stream.empty()) {
            assertThat(left).isEmpty();
        }
    }
}
