package dev.opendrive.api.files;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Updates;

import dev.opendrive.api.testing.Api;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.model.files.FileVersion;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * File versions as a user meets them: an upload that opts in (onConflict=version) replaces the
 * content of the file with that name and keeps the old content, byte for byte, as a version of the
 * same file; versions can be listed, downloaded, restored and deleted, count toward the quota, are
 * pruned past MAX_VERSIONS (default 10) and VERSION_RETENTION (default 30d), go to the trash and
 * away with their file, and concurrent overwrites lose nothing and leave no blob behind.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class FileVersionsTest {

    static final String ADMIN = "test-admin-token";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    OpenDriveConfig config;

    @Inject
    FileRepository files;

    /** Random bytes the sniffer calls application/zip, which no background handler opens. */
    static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        byte[] zip = { 0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00 };
        System.arraycopy(zip, 0, b, 0, Math.min(size, zip.length));
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response put(Api.User u, String name, byte[] bytes, String onConflict) {
        var request = u.as().contentType("application/octet-stream").body(bytes).queryParam("name", name);
        if (onConflict != null) {
            request = request.queryParam("onConflict", onConflict);
        }
        return request.put("/api/files/content");
    }

    /** A new file (201), its id. */
    static String created(Api.User u, String name, byte[] bytes) {
        return put(u, name, bytes, null).then().statusCode(201).extract().path("files[0]._id");
    }

    /** An opt-in overwrite that replaced {@code id}. */
    static void overwrite(Api.User u, String name, byte[] bytes, String id) {
        put(u, name, bytes, "version").then().statusCode(200).body("files[0]._id", equalTo(id))
                .body("replaced", equalTo(List.of(id))).body("files[0].size", equalTo(bytes.length))
                .body("files[0].sha256", equalTo(sha256(bytes)));
    }

    static JsonPath versions(Api.User u, String id) {
        return u.as().get("/api/files/" + id + "/versions").then().statusCode(200).extract().jsonPath();
    }

    /** The ids of the earlier versions, newest first. */
    static List<String> versionIds(Api.User u, String id) {
        List<String> all = versions(u, id).getList("versions.versionId");
        assertThat(all.get(0)).isEqualTo("current");
        return all.subList(1, all.size());
    }

    static byte[] download(Api.User u, String path) {
        return u.as().get(path).then().statusCode(200).extract().asByteArray();
    }

    static long quotaUsed(Api.User u) {
        return u.as().get("/api/folders/stats/summary").then().statusCode(200).extract().jsonPath().getLong("quotaUsed");
    }

    static Map<String, Long> counters(Api.User u) {
        JsonPath s = u.as().get("/api/folders/stats/summary").then().statusCode(200).extract().jsonPath();
        return Map.of("files", s.getLong("totalFiles"), "storageUsed", s.getLong("storageUsed"), "quotaUsed",
                s.getLong("quotaUsed"));
    }

    /** The user's blobs on disk (thumbnails live elsewhere). */
    List<Path> blobs(Api.User u) throws IOException {
        Path dir = config.localStoragePath().resolve("files").resolve(u.id());
        try (Stream<Path> found = Files.exists(dir) ? Files.walk(dir).filter(Files::isRegularFile) : Stream.empty()) {
            return found.toList();
        }
    }

    List<Path> partialBlobs() throws IOException {
        Path tmp = config.localStoragePath().resolve(".tmp");
        try (Stream<Path> parts = Files.exists(tmp) ? Files.list(tmp) : Stream.empty()) {
            return parts.toList();
        }
    }

    static void setQuota(Api.User u, long bytes) {
        given().header("X-Admin-Token", ADMIN).contentType(ContentType.JSON).body(Map.of("bytes", bytes))
                .put("/api/admin/users/" + u.id() + "/quota").then().statusCode(200);
    }

    @Test
    void anOptInOverwriteKeepsTheOldContentByteForByteAsAVersionOfTheSameFile() throws IOException {
        Api.User u = Api.newUser();
        byte[] v1 = content(3_000, 1);
        byte[] v2 = content(5_000, 2);
        String id = created(u, "report.bin", v1);
        overwrite(u, "report.bin", v2, id);

        assertThat(download(u, "/api/files/" + id + "/download")).isEqualTo(v2);
        assertThat(u.as().get("/api/files/folder/root").then().extract().jsonPath().getList("_id")).containsExactly(id);
        JsonPath list = versions(u, id);
        assertThat(list.getString("fileId")).isEqualTo(id);
        assertThat(list.getList("versions.current")).containsExactly(true, false);
        assertThat(list.getList("versions.sha256")).containsExactly(sha256(v2), sha256(v1));
        assertThat(list.getList("versions.size", Long.class)).containsExactly(5_000L, 3_000L);
        assertThat(list.getString("versions[1].createdAt")).isNotNull();
        assertThat(list.getString("versions[1].replacedAt")).isNotNull();
        String old = list.getString("versions[1].versionId");

        assertThat(download(u, "/api/files/" + id + "/versions/" + old + "/download")).isEqualTo(v1);
        assertThat(download(u, "/api/files/" + id + "/versions/current/download")).isEqualTo(v2);
        // ranges and validators as for the file's own download
        Response part = u.as().header("Range", "bytes=10-19").get("/api/files/" + id + "/versions/" + old + "/download");
        part.then().statusCode(206).header("Content-Range", "bytes 10-19/3000").header("ETag", "\"" + sha256(v1) + "\"");
        assertThat(part.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(v1, 10, 20));
        u.as().header("If-None-Match", "\"" + sha256(v1) + "\"").get("/api/files/" + id + "/versions/" + old + "/download")
                .then().statusCode(304);

        // both contents are kept, so both count
        assertThat(quotaUsed(u)).isEqualTo(8_000);
        assertThat(blobs(u)).hasSize(2);
        // a rename afterwards keeps the new content and the version
        u.as().contentType(ContentType.JSON).body(Map.of("name", "final.bin")).put("/api/files/" + id).then().statusCode(200);
        assertThat(download(u, "/api/files/" + id + "/download")).isEqualTo(v2);
        assertThat(versionIds(u, id)).containsExactly(old);
    }

    @Test
    void withoutTheOptInASecondUploadOfTheSameNameIsStillANewFile() throws IOException {
        Api.User u = Api.newUser();
        String first = created(u, "same.bin", content(100, 1));
        String second = put(u, "same.bin", content(200, 2), "rename").then().statusCode(201)
                .body("files[0].originalName", equalTo("same (1).bin")).body("replaced", equalTo(null))
                .extract().path("files[0]._id");
        u.as().multiPart("files", "same.bin", content(300, 3)).post("/api/files").then().statusCode(201)
                .body("files[0].originalName", equalTo("same (2).bin")).body("replaced", equalTo(null));
        assertThat(second).isNotEqualTo(first);
        assertThat(versionIds(u, first)).isEmpty();
        assertThat(download(u, "/api/files/" + first + "/download")).isEqualTo(content(100, 1));
        assertThat(blobs(u)).hasSize(3);

        put(u, "same.bin", content(10, 4), "overwrite-please").then().statusCode(400)
                .body("code", equalTo("INVALID_ON_CONFLICT"));
        u.as().multiPart("files", "same.bin", content(10, 4)).multiPart("onConflict", "nope").post("/api/files").then()
                .statusCode(400).body("code", equalTo("INVALID_ON_CONFLICT"));
        assertThat(blobs(u)).hasSize(3);
    }

    @Test
    void multipartUploadsOptInByFormFieldOrQueryParameter() {
        Api.User u = Api.newUser();
        String folder = u.folder("docs", null);
        String id = u.upload(folder, "plan.bin", content(100, 1));
        // the form field, after the files (the form is read whole before anything is decided)
        u.as().multiPart("files", "plan.bin", content(200, 2)).multiPart("files", "new.bin", content(50, 9))
                .multiPart("folderId", folder).multiPart("onConflict", "version").post("/api/files").then()
                .statusCode(201).body("success", equalTo(2)).body("files[0]._id", equalTo(id))
                .body("replaced", equalTo(List.of(id))).body("files[1].originalName", equalTo("new.bin"));
        // the query parameter
        u.as().queryParam("onConflict", "version").multiPart("files", "PLAN.bin", content(300, 3))
                .multiPart("folderId", folder).post("/api/files").then().statusCode(201)
                .body("files[0]._id", equalTo(id));
        // same name in another folder: a new file there
        u.as().queryParam("onConflict", "version").multiPart("files", "plan.bin", content(400, 4)).post("/api/files")
                .then().statusCode(201).body("replaced", equalTo(null));

        assertThat(download(u, "/api/files/" + id + "/download")).isEqualTo(content(300, 3));
        assertThat(versions(u, id).getList("versions.sha256")).containsExactly(sha256(content(300, 3)),
                sha256(content(200, 2)), sha256(content(100, 1)));
    }

    @Test
    void restoringAVersionSwapsItWithTheCurrentContent() throws IOException {
        Api.User u = Api.newUser();
        byte[] v1 = content(1_000, 1);
        byte[] v2 = content(2_000, 2);
        byte[] v3 = content(3_000, 3);
        String id = created(u, "a.bin", v1);
        overwrite(u, "a.bin", v2, id);
        overwrite(u, "a.bin", v3, id);
        List<String> before = versionIds(u, id);
        String first = before.get(1); // v1: the oldest
        long used = quotaUsed(u);

        u.as().post("/api/files/" + id + "/versions/" + first + "/restore").then().statusCode(200)
                .body("file._id", equalTo(id)).body("file.sha256", equalTo(sha256(v1))).body("file.size", equalTo(1_000));
        assertThat(download(u, "/api/files/" + id + "/download")).isEqualTo(v1);
        JsonPath list = versions(u, id);
        assertThat(list.getList("versions.sha256")).containsExactly(sha256(v1), sha256(v3), sha256(v2));
        assertThat(list.getList("versions.versionId")).doesNotContain(first);
        String v3Version = list.getString("versions[1].versionId");
        assertThat(download(u, "/api/files/" + id + "/versions/" + v3Version + "/download")).isEqualTo(v3);
        // nothing new stored, nothing freed
        assertThat(quotaUsed(u)).isEqualTo(used);
        assertThat(blobs(u)).hasSize(3);

        u.as().post("/api/files/" + id + "/versions/current/restore").then().statusCode(409)
                .body("code", equalTo("VERSION_IS_CURRENT"));
        u.as().post("/api/files/" + id + "/versions/" + first + "/restore").then().statusCode(404)
                .body("code", equalTo("VERSION_NOT_FOUND"));
        u.as().post("/api/files/" + id + "/versions/not-an-id/restore").then().statusCode(404)
                .body("code", equalTo("VERSION_NOT_FOUND"));
    }

    @Test
    void deletingAVersionFreesItsBytesAndItsBlob() throws IOException {
        Api.User u = Api.newUser();
        String id = created(u, "a.bin", content(4_000, 1));
        overwrite(u, "a.bin", content(1_000, 2), id);
        assertThat(quotaUsed(u)).isEqualTo(5_000);
        String old = versionIds(u, id).get(0);

        u.as().delete("/api/files/" + id + "/versions/" + old).then().statusCode(200)
                .body("message", equalTo("Version deleted"));
        assertThat(counters(u)).isEqualTo(Map.of("files", 1L, "storageUsed", 1_000L, "quotaUsed", 1_000L));
        assertThat(blobs(u)).hasSize(1);
        assertThat(versionIds(u, id)).isEmpty();
        u.as().get("/api/files/" + id + "/versions/" + old + "/download").then().statusCode(404)
                .body("code", equalTo("VERSION_NOT_FOUND"));
        u.as().delete("/api/files/" + id + "/versions/" + old).then().statusCode(404);
        u.as().delete("/api/files/" + id + "/versions/current").then().statusCode(409);
        assertThat(download(u, "/api/files/" + id + "/download")).isEqualTo(content(1_000, 2));
        // the counters agree with a recount from the documents
        given().header("X-Admin-Token", ADMIN).post("/api/admin/usage/recount").then().statusCode(200);
        assertThat(quotaUsed(u)).isEqualTo(1_000);
    }

    @Test
    void pastMaxVersionsTheOldestVersionGoesWithItsBlob() throws IOException {
        Api.User u = Api.newUser();
        String id = created(u, "a.bin", content(100, 0));
        Path firstBlob = blobs(u).get(0);
        for (int i = 1; i <= 10; i++) {
            overwrite(u, "a.bin", content(100 + i, i), id);
        }
        assertThat(versionIds(u, id)).hasSize(10);
        assertThat(firstBlob).exists();

        overwrite(u, "a.bin", content(111, 11), id);
        JsonPath list = versions(u, id);
        assertThat(list.getInt("maxVersions")).isEqualTo(10);
        assertThat(list.getList("versions")).hasSize(11);
        assertThat(list.getList("versions.sha256")).doesNotContain(sha256(content(100, 0)))
                .contains(sha256(content(101, 1)));
        assertThat(firstBlob).doesNotExist();
        assertThat(blobs(u)).hasSize(11);
        long kept = 0;
        for (int i = 1; i <= 11; i++) {
            kept += 100 + i;
        }
        assertThat(quotaUsed(u)).isEqualTo(kept);
    }

    @Test
    void versionsOlderThanTheRetentionAreGoneTheNextTimeTheFileIsListedOrWritten() throws IOException {
        Api.User u = Api.newUser();
        String id = created(u, "a.bin", content(700, 1));
        overwrite(u, "a.bin", content(800, 2), id);
        overwrite(u, "a.bin", content(900, 3), id);
        assertThat(versionIds(u, id)).hasSize(2);
        // the oldest version was replaced 31 days ago (VERSION_RETENTION is 30d by default)
        FileDocument doc = files.findById(new ObjectId(id));
        List<FileVersion> aged = new ArrayList<>(doc.versions);
        aged.sort(java.util.Comparator.comparing((FileVersion v) -> v.replacedAt));
        aged.get(0).replacedAt = Instant.now().minus(Duration.ofDays(31));
        files.setFields(doc.id, Updates.set("versions", aged));
        String expiredKey = aged.get(0).storageKey;
        assertThat(config.localStoragePath().resolve(expiredKey)).exists();

        assertThat(versions(u, id).getList("versions.sha256")).containsExactly(sha256(content(900, 3)),
                sha256(content(800, 2)));
        assertThat(config.localStoragePath().resolve(expiredKey)).doesNotExist();
        assertThat(quotaUsed(u)).isEqualTo(1_700);
        assertThat(blobs(u)).hasSize(2);
    }

    @Test
    void anOverwriteThatDoesNotFitTheQuotaIsRefusedAndChangesNothing() throws Exception {
        Api.User u = Api.newUser();
        setQuota(u, 10_000);
        String id = created(u, "a.bin", content(4_000, 1));
        overwrite(u, "a.bin", content(5_000, 2), id);
        Map<String, Long> before = counters(u);
        List<Object> history = versions(u, id).getList("versions");

        // declared length: refused before reading
        put(u, "a.bin", content(2_000, 3), "version").then().statusCode(507).body("code", equalTo("QUOTA_EXCEEDED"));
        // chunked: cut off as the stream passes what is left
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/api/files/content?name=a.bin&onConflict=version")).header("Authorization", "Bearer " + u.token())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content(2_000, 3))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(507);
        assertThat(JsonPath.from(chunked.body()).getString("code")).isEqualTo("QUOTA_EXCEEDED");
        // multipart: the file's own error
        u.as().queryParam("onConflict", "version").multiPart("files", "a.bin", content(2_000, 3)).post("/api/files")
                .then().statusCode(507).body("errors[0].code", equalTo("QUOTA_EXCEEDED"));

        assertThat(download(u, "/api/files/" + id + "/download")).isEqualTo(content(5_000, 2));
        assertThat(versions(u, id).getList("versions")).isEqualTo(history);
        assertThat(counters(u)).isEqualTo(before);
        assertThat(blobs(u)).hasSize(2);
        assertThat(partialBlobs()).isEmpty();

        // once a version is deleted, the overwrite fits
        u.as().delete("/api/files/" + id + "/versions/" + versionIds(u, id).get(0)).then().statusCode(200);
        overwrite(u, "a.bin", content(2_000, 3), id);
        assertThat(quotaUsed(u)).isEqualTo(7_000);
    }

    @Test
    void anotherUsersFileAndItsVersionsAreNotFound() {
        Api.User owner = Api.newUser();
        Api.User stranger = Api.newUser();
        String id = created(owner, "secret.bin", content(100, 1));
        overwrite(owner, "secret.bin", content(200, 2), id);
        String old = versionIds(owner, id).get(0);

        stranger.as().get("/api/files/" + id + "/versions").then().statusCode(404).body("code", equalTo("FILE_NOT_FOUND"));
        stranger.as().get("/api/files/" + id + "/versions/" + old + "/download").then().statusCode(404)
                .body("code", equalTo("FILE_NOT_FOUND"));
        stranger.as().post("/api/files/" + id + "/versions/" + old + "/restore").then().statusCode(404)
                .body("code", equalTo("FILE_NOT_FOUND"));
        stranger.as().delete("/api/files/" + id + "/versions/" + old).then().statusCode(404)
                .body("code", equalTo("FILE_NOT_FOUND"));
        // the same name in the stranger's own drive is the stranger's own new file
        put(stranger, "secret.bin", content(300, 3), "version").then().statusCode(201);

        assertThat(download(owner, "/api/files/" + id + "/download")).isEqualTo(content(200, 2));
        assertThat(versionIds(owner, id)).containsExactly(old);
    }

    @Test
    void versionsGoToTheTrashWithTheirFileComeBackWithItAndArePurgedWithIt() throws IOException {
        Api.User u = Api.newUser();
        String id = created(u, "a.bin", content(1_000, 1));
        overwrite(u, "a.bin", content(2_000, 2), id);
        overwrite(u, "a.bin", content(3_000, 3), id);
        List<String> history = versionIds(u, id);

        u.as().delete("/api/files/" + id).then().statusCode(200);
        u.as().get("/api/files/" + id + "/versions").then().statusCode(404);
        assertThat(counters(u)).isEqualTo(Map.of("files", 0L, "storageUsed", 0L, "quotaUsed", 6_000L));
        u.as().post("/api/files/" + id + "/restore").then().statusCode(200);
        assertThat(versionIds(u, id)).isEqualTo(history);
        assertThat(counters(u)).isEqualTo(Map.of("files", 1L, "storageUsed", 6_000L, "quotaUsed", 6_000L));

        // in a trashed folder, then purged with the trash
        String folder = u.folder("box", null);
        String inFolder = u.upload(folder, "b.bin", content(500, 5));
        u.as().queryParam("onConflict", "version").multiPart("files", "b.bin", content(600, 6))
                .multiPart("folderId", folder).post("/api/files").then().statusCode(201)
                .body("replaced", equalTo(List.of(inFolder)));
        u.as().delete("/api/folders/" + folder).then().statusCode(200);
        assertThat(counters(u).get("quotaUsed")).isEqualTo(7_100L);
        assertThat(counters(u).get("storageUsed")).isEqualTo(6_000L);
        assertThat(blobs(u)).hasSize(5);

        u.as().delete("/api/files/" + id).then().statusCode(200);
        u.as().delete("/api/files/" + id + "/permanent").then().statusCode(200);
        assertThat(blobs(u)).hasSize(2);
        u.as().delete("/api/folders/" + folder + "/permanent").then().statusCode(200);
        assertThat(blobs(u)).isEmpty();
        assertThat(counters(u)).isEqualTo(Map.of("files", 0L, "storageUsed", 0L, "quotaUsed", 0L));
    }

    @Test
    void concurrentOverwritesOfOneFileAreAllKeptAndLeaveNoBlobBehind() throws Exception {
        Api.User u = Api.newUser();
        String id = created(u, "busy.bin", content(1_000, 100));
        int writers = 6;
        Set<String> expected = new HashSet<>(Set.of(sha256(content(1_000, 100))));
        long bytes = 1_000;
        CountDownLatch start = new CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            byte[] body = content(2_000 + i, 200 + i);
            expected.add(sha256(body));
            bytes += body.length;
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                    + "/api/files/content?name=busy.bin&onConflict=version"))
                    .header("Authorization", "Bearer " + u.token()).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        start.countDown();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JsonPath.from(r.body()).getString("files[0]._id")).isEqualTo(id);
        }
        threads.shutdown();

        JsonPath list = versions(u, id);
        assertThat(list.getList("versions.current")).containsOnlyOnce(true).hasSize(writers + 1);
        assertThat(new HashSet<>(list.getList("versions.sha256", String.class))).isEqualTo(expected);
        assertThat(u.as().get("/api/files/folder/root").then().extract().jsonPath().getList("_id")).containsExactly(id);
        // one blob per content, each one's, and nothing half-written
        assertThat(blobs(u)).hasSize(writers + 1);
        Set<String> onDisk = new HashSet<>();
        for (Path blob : blobs(u)) {
            onDisk.add(sha256(Files.readAllBytes(blob)));
        }
        assertThat(onDisk).isEqualTo(expected);
        assertThat(partialBlobs()).isEmpty();
        assertThat(quotaUsed(u)).isEqualTo(bytes);
    }

    @Test
    void sharesZipsAndSearchServeTheCurrentContent() throws IOException {
        Api.User u = Api.newUser();
        String id = created(u, "notes.txt", "the zeppelin arrives on tuesday".getBytes(StandardCharsets.UTF_8));
        String shareId = u.as().post("/api/files/" + id + "/share").then().statusCode(200).extract().path("shareId");
        byte[] now = "the aardvark left on friday".getBytes(StandardCharsets.UTF_8);
        overwrite(u, "notes.txt", now, id);

        assertThat(given().get("/api/public/" + shareId + "/download").then().statusCode(200).extract().asByteArray())
                .isEqualTo(now);
        byte[] zip = u.as().contentType(ContentType.JSON).body(Map.of("fileIds", List.of(id)))
                .post("/api/files/download").then().statusCode(200).extract().asByteArray();
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("notes.txt");
        assertThat(entries.get("notes.txt")).isEqualTo(now);

        eventually(() -> assertThat(search(u, "aardvark")).containsExactly(id));
        assertThat(search(u, "zeppelin")).isEmpty();
    }

    private static List<String> search(Api.User u, String q) {
        return u.as().queryParam("q", q).queryParam("type", "files").get("/api/search").then().statusCode(200)
                .extract().jsonPath().getList("files._id", String.class);
    }

    /** The index is written by the in-process worker after the event: polled for a bounded time. */
    static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(assertion::run);
    }
}
