package dev.opendrive.api.files;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class FileResourceTest {

    static final byte[] PNG = HexFormat.of().parseHex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    + "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082");

    @Inject
    OpenDriveConfig config;

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void uploadStoresSeveralFilesWithSniffedTypesAndHashes() throws Exception {
        Api.User u = Api.newUser();
        String folder = u.folder("Docs", null);
        byte[] text = "plain text, whatever the browser claims\n".getBytes(StandardCharsets.UTF_8);
        Response r = u.as()
                .multiPart("files", "notes.txt", text, "image/png")
                .multiPart("files", "pixel.dat", PNG, "text/plain")
                .multiPart("folderId", folder)
                .post("/api/files");
        r.then().statusCode(201).body("success", equalTo(2)).body("failed", equalTo(0))
                .body("errors", nullValue())
                .body("files[0].originalName", equalTo("notes.txt"))
                .body("files[0].mimeType", equalTo("text/plain"))
                .body("files[0].size", equalTo(text.length))
                .body("files[0].sha256", equalTo(sha256(text)))
                .body("files[0].folderId", equalTo(folder))
                .body("files[0].ownerId", equalTo(u.id()))
                .body("files[0].storageProvider", equalTo("local"))
                .body("files[0].name", org.hamcrest.Matchers.endsWith("-notes.txt"))
                .body("files[0].hasThumbnail", equalTo(false))
                .body("files[1].mimeType", equalTo("image/png"));
        u.as().get("/api/files/folder/" + folder).then().statusCode(200).body("originalName", contains("pixel.dat", "notes.txt"));
    }

    @Test
    void downloadReturnsTheSameBytesForAFileLargerThanAnyBuffer() throws Exception {
        Api.User u = Api.newUser();
        byte[] content = random(3 * 1024 * 1024 + 17);
        String id = u.upload(null, "big.bin", content);
        Response r = u.as().get("/api/files/" + id + "/download");
        r.then().statusCode(200)
                .header("Content-Length", String.valueOf(content.length))
                .header("Content-Type", "application/octet-stream")
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .header("ETag", "\"" + sha256(content) + "\"")
                .header("Content-Disposition", "inline; filename=\"big.bin\"; filename*=UTF-8''big.bin");
        assertThat(r.asByteArray()).isEqualTo(content);
    }

    @Test
    void rangesAndConditionalRequests() {
        Api.User u = Api.newUser();
        byte[] content = random(10_000);
        String id = u.upload(null, "r.bin", content);
        String url = "/api/files/" + id + "/download";
        Response first = u.as().header("Range", "bytes=100-199").get(url);
        first.then().statusCode(206).header("Content-Range", "bytes 100-199/10000").header("Content-Length", "100");
        assertThat(first.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 200));
        Response suffix = u.as().header("Range", "bytes=-10").get(url);
        suffix.then().statusCode(206).header("Content-Range", "bytes 9990-9999/10000");
        assertThat(suffix.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 9990, 10000));
        Response open = u.as().header("Range", "bytes=9000-").get(url);
        open.then().statusCode(206).header("Content-Range", "bytes 9000-9999/10000");
        assertThat(open.asByteArray()).hasSize(1000);
        u.as().header("Range", "bytes=20000-").get(url).then().statusCode(416)
                .header("Content-Range", "bytes */10000").body("code", equalTo("RANGE_NOT_SATISFIABLE"));
        u.as().header("Range", "bytes=0-1,5-6").get(url).then().statusCode(200);

        String etag = u.as().get(url).header("ETag");
        u.as().header("If-None-Match", etag).get(url).then().statusCode(304).header("ETag", etag);
        u.as().header("If-None-Match", "\"other\"").get(url).then().statusCode(200);
        u.as().header("Range", "bytes=0-9").header("If-Range", "\"stale\"").get(url).then().statusCode(200)
                .header("Content-Length", "10000");
        u.as().header("Range", "bytes=0-9").header("If-Range", etag).get(url).then().statusCode(206);
    }

    @Test
    void namesAreEncodedSafelyAndActiveContentIsNeverInline() {
        Api.User u = Api.newUser();
        String id = u.uploadRaw("résumé (final) v2 ✓.txt", "hi".getBytes()).then().statusCode(201)
                .body("files[0].originalName", equalTo("résumé (final) v2 ✓.txt")).extract().path("files[0]._id");
        u.as().get("/api/files/" + id + "/download").then().statusCode(200).header("Content-Disposition",
                "inline; filename=\"r_sum_ (final) v2 _.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%28final%29%20v2%20%E2%9C%93.txt");
        String html = u.upload(null, "page.html", "<html><script>alert(1)</script></html>".getBytes());
        u.as().get("/api/files/" + html + "/download").then().statusCode(200)
                .header("Content-Type", startsWith("text/html"))
                .header("Content-Disposition", startsWith("attachment;"))
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("sandbox"));
        String svg = u.upload(null, "logo.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes());
        u.as().get("/api/files/" + svg + "/download").then().header("Content-Disposition", startsWith("attachment;"));
        // path parts of a client file name never reach storage or the display name
        u.as().multiPart("files", "../../etc/passwd", "x".getBytes()).post("/api/files").then().statusCode(201)
                .body("files[0].originalName", equalTo("passwd"))
                .body("files[0].storageKey", startsWith("files/" + u.id() + "/"));
    }

    @Test
    void tooLargeIsRejectedWholeAndLeavesNothingBehind() throws IOException {
        Api.User u = Api.newUser();
        long limit = config.storage().maxFileSize();
        u.as().multiPart("files", "small.txt", "fine".getBytes())
                .multiPart("files", "huge.bin", new byte[(int) limit + 1])
                .post("/api/files").then().statusCode(413).body("code", equalTo("FILE_TOO_LARGE"))
                .body("error", notNullValue());
        u.as().get("/api/files/folder/root").then().body("$", empty());
        u.as().get("/api/folders/stats/summary").then().body("totalFiles", equalTo(0));
        Path userBlobs = config.localStoragePath().resolve("files").resolve(u.id());
        try (Stream<Path> left = Files.exists(userBlobs) ? Files.list(userBlobs) : Stream.empty()) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void advertisedLimitIsTheEnforcedOne() {
        long advertised = given().get("/api/config").then().statusCode(200)
                .header("Cache-Control", containsString("max-age=300"))
                .body("maxFilesPerUpload", equalTo(10)).body("allowedTypes", contains("*/*"))
                .extract().jsonPath().getLong("maxFileSize");
        assertThat(advertised).isEqualTo(config.storage().maxFileSize());
        Api.User u = Api.newUser();
        u.as().multiPart("files", "exactly-the-limit.bin", new byte[(int) advertised]).post("/api/files")
                .then().statusCode(201);
        u.as().multiPart("files", "one-byte-over.bin", new byte[(int) advertised + 1]).post("/api/files")
                .then().statusCode(413);
    }

    @Test
    void multipartMistakesAreExplained() {
        Api.User u = Api.newUser();
        var eleven = u.as();
        for (int i = 0; i < 11; i++) {
            eleven = eleven.multiPart("files", "f" + i + ".txt", ("n" + i).getBytes());
        }
        eleven.post("/api/files").then().statusCode(400).body("code", equalTo("TOO_MANY_FILES"));
        u.as().multiPart("file", "a.txt", "a".getBytes()).post("/api/files").then().statusCode(400)
                .body("code", equalTo("UNEXPECTED_FIELD"));
        u.as().multiPart("folderId", "null").post("/api/files").then().statusCode(400).body("code", equalTo("NO_FILES"));
        u.as().contentType(ContentType.JSON).body("{}").post("/api/files").then().statusCode(415)
                .body("error", notNullValue());
        u.as().get("/api/files/folder/root").then().body("$", empty());
    }

    @Test
    void uploadTargetMustBeTheCallersLiveFolder() {
        Api.User u = Api.newUser();
        Api.User other = Api.newUser();
        String theirs = other.folder("Theirs", null);
        u.as().multiPart("files", "a.txt", "a".getBytes()).multiPart("folderId", theirs).post("/api/files")
                .then().statusCode(404).body("error", equalTo("Folder not found"));
        u.as().multiPart("files", "a.txt", "a".getBytes()).multiPart("folderId", "xyz").post("/api/files")
                .then().statusCode(400).body("code", equalTo("INVALID_FOLDER_ID"));
        String mine = u.folder("Mine", null);
        u.as().delete("/api/folders/" + mine).then().statusCode(200);
        u.as().multiPart("files", "a.txt", "a".getBytes()).multiPart("folderId", mine).post("/api/files")
                .then().statusCode(404);
        given().multiPart("files", "a.txt", "a".getBytes()).post("/api/files").then().statusCode(401);
    }

    @Test
    void otherUsersFilesAreNotFoundOnEveryRoute() {
        Api.User owner = Api.newUser();
        Api.User stranger = Api.newUser();
        String id = owner.upload(null, "secret.txt", "secret".getBytes());
        stranger.as().get("/api/files/" + id).then().statusCode(404).body("error", equalTo("File not found"));
        stranger.as().get("/api/files/" + id + "/download").then().statusCode(404);
        stranger.as().get("/api/files/" + id + "/thumbnail").then().statusCode(404);
        stranger.as().contentType(ContentType.JSON).body(Map.of("name", "mine.txt")).put("/api/files/" + id).then().statusCode(404);
        stranger.as().delete("/api/files/" + id).then().statusCode(404);
        stranger.as().post("/api/files/" + id + "/share").then().statusCode(404);
        stranger.as().delete("/api/files/" + id + "/share").then().statusCode(404);
        stranger.as().post("/api/files/" + id + "/restore").then().statusCode(404);
        stranger.as().delete("/api/files/" + id + "/permanent").then().statusCode(404);
        stranger.as().get("/api/files/not-an-object-id").then().statusCode(404);
        String strangerFolder = stranger.folder("S", null);
        owner.as().contentType(ContentType.JSON).body(Map.of("folderId", strangerFolder)).put("/api/files/" + id)
                .then().statusCode(404);
        owner.as().get("/api/files/" + id + "/download").then().statusCode(200);
    }

    @Test
    void renameMoveAndNameConflicts() {
        Api.User u = Api.newUser();
        String a = u.folder("A", null);
        String b = u.folder("B", null);
        String report = u.upload(a, "report.pdf", "one".getBytes());
        String second = u.upload(a, "Report.pdf", "two".getBytes());
        u.as().get("/api/files/" + second).then().body("originalName", equalTo("Report (1).pdf"));
        u.as().contentType(ContentType.JSON).body(Map.of("name", "REPORT.PDF")).put("/api/files/" + second)
                .then().statusCode(409).body("code", equalTo("NAME_CONFLICT"));
        u.as().contentType(ContentType.JSON).body(Map.of("name", "summary.pdf")).put("/api/files/" + second)
                .then().statusCode(200).body("originalName", equalTo("summary.pdf"));
        u.as().contentType(ContentType.JSON).body(Map.of("name", "")).put("/api/files/" + second).then().statusCode(400);
        u.as().contentType(ContentType.JSON).body(Map.of("name", 7)).put("/api/files/" + second).then().statusCode(400);
        u.upload(b, "report.pdf", "three".getBytes());
        u.as().contentType(ContentType.JSON).body(Map.of("folderId", b)).put("/api/files/" + report)
                .then().statusCode(200).body("folderId", equalTo(b)).body("originalName", equalTo("report (1).pdf"));
        u.as().get("/api/files/folder/" + a).then().body("_id", contains(second));
        u.as().contentType(ContentType.JSON).body(Map.of("folderId", "null")).put("/api/files/" + report)
                .then().statusCode(200).body("folderId", nullValue());
        u.as().get("/api/files/folder/root").then().body("_id", contains(report));
    }

    @Test
    void trashRestorePermanentDeleteAndEmptyTrash() throws IOException {
        Api.User u = Api.newUser();
        String folder = u.folder("F", null);
        String f1 = u.upload(folder, "one.txt", "1".getBytes());
        String f2 = u.upload(null, "two.txt", "2".getBytes());
        String f3 = u.upload(null, "three.txt", "3".getBytes());
        u.as().delete("/api/files/" + f1).then().statusCode(200).body("message", equalTo("File moved to trash"));
        u.as().get("/api/files/" + f1 + "/download").then().statusCode(404);
        u.as().get("/api/files/trash/list").then().body("_id", contains(f1)).body("[0].deletedAt", notNullValue());
        // its folder goes away meanwhile: the file comes back at the root
        u.as().delete("/api/folders/" + folder).then().statusCode(200);
        u.as().post("/api/files/" + f1 + "/restore").then().statusCode(200)
                .body("message", equalTo("File restored successfully"))
                .body("file._id", equalTo(f1)).body("file.folderId", nullValue()).body("file.deletedAt", nullValue());
        u.as().post("/api/files/" + f1 + "/restore").then().statusCode(404);

        String key = u.as().get("/api/files/" + f2).path("storageKey");
        u.as().delete("/api/files/" + f2 + "/permanent").then().statusCode(200)
                .body("message", equalTo("File permanently deleted"));
        u.as().get("/api/files/" + f2).then().statusCode(404);
        assertThat(config.localStoragePath().resolve(key)).doesNotExist();

        u.as().delete("/api/files/" + f3).then().statusCode(200);
        u.as().delete("/api/files/" + f1).then().statusCode(200);
        u.as().post("/api/files/trash/empty").then().statusCode(200)
                .body("message", equalTo("Trash emptied successfully")).body("deletedCount", equalTo(2));
        u.as().get("/api/files/trash/list").then().body("$", empty());
    }

    @Test
    void shareAFileAndDownloadItPublicly() {
        Api.User u = Api.newUser();
        byte[] content = "shared content".getBytes();
        String id = u.upload(null, "shared.txt", content);
        String shareId = u.as().post("/api/files/" + id + "/share").then().statusCode(200)
                .body("shareUrl", startsWith("/public/")).extract().path("shareId");
        given().get("/api/public/" + shareId).then().statusCode(200).body("type", equalTo("file"))
                .body("file.originalName", equalTo("shared.txt")).body("file.size", equalTo(content.length))
                .body("file.storageKey", nullValue()).body("file.ownerId", nullValue());
        Response r = given().get("/api/public/" + shareId + "/download");
        r.then().statusCode(200).header("Content-Disposition", startsWith("attachment;"));
        assertThat(r.asByteArray()).isEqualTo(content);
        u.as().delete("/api/files/" + id).then().statusCode(200);
        given().get("/api/public/" + shareId).then().statusCode(404);
        given().get("/api/public/" + shareId + "/download").then().statusCode(404);
    }

    @Test
    void metadataAndMissingThumbnail() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "photo.png", PNG);
        u.as().get("/api/files/" + id).then().statusCode(200).body("_id", equalTo(id)).body("mimeType", equalTo("image/png"))
                .body("updatedAt", notNullValue());
        u.as().get("/api/files/" + id + "/thumbnail").then().statusCode(404).body("code", equalTo("THUMBNAIL_NOT_FOUND"));
        u.as().get("/api/files/folder/root").then().body("$", hasSize(1)).body("[0]._id", not(equalTo(null)));
    }
}
