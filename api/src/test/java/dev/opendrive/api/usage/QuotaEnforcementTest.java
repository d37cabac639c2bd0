package dev.opendrive.api.usage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * Storage quotas as a user meets them: every upload route is held to the quota (the trash counts
 * until emptied), a refused upload leaves nothing behind (no blob, no document, no counter change),
 * and uploads running at the same time cannot pass it together. Quotas are set per user through the
 * operator route; DEFAULT_QUOTA has its own test ({@link DefaultQuotaTest}).
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class QuotaEnforcementTest {

    static final String ADMIN = "test-admin-token";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    OpenDriveConfig config;

    record Answer(int status, JsonPath json) {
    }

    static Response setQuota(String user, Object bytes) {
        Map<String, Object> body = new HashMap<>();
        body.put("bytes", bytes);
        return given().header("X-Admin-Token", ADMIN).contentType(ContentType.JSON).body(body)
                .put("/api/admin/users/" + user + "/quota");
    }

    static JsonPath stats(Api.User u) {
        return u.as().get("/api/folders/stats/summary").then().statusCode(200).extract().jsonPath();
    }

    /** Bytes the sniffer calls application/zip, which no background handler opens. */
    static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        byte[] zip = { 0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00 };
        System.arraycopy(zip, 0, b, 0, Math.min(size, zip.length));
        return b;
    }

    static Answer put(Api.User u, String name, BodyPublisher body) throws IOException, InterruptedException {
        return answer(HTTP.send(putRequest(u, name, body), HttpResponse.BodyHandlers.ofString()));
    }

    static HttpRequest putRequest(Api.User u, String name, BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/files/content?name=" + name))
                .header("Authorization", "Bearer " + u.token()).header("Content-Type", "application/octet-stream")
                .PUT(body).build();
    }

    static Answer answer(HttpResponse<String> r) {
        return new Answer(r.statusCode(), JsonPath.from(r.body().isEmpty() ? "{}" : r.body()));
    }

    /** A body of unknown length: sent chunked, so only the stream itself tells when it passes the quota. */
    static BodyPublisher chunked(byte[] bytes) {
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    /** The user's blobs on disk (thumbnails live elsewhere). */
    long blobs(Api.User u) throws IOException {
        Path dir = config.localStoragePath().resolve("files").resolve(u.id());
        try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir).filter(Files::isRegularFile) : Stream.empty()) {
            return files.count();
        }
    }

    List<Path> partialBlobs() throws IOException {
        Path tmp = config.localStoragePath().resolve(".tmp");
        try (Stream<Path> parts = Files.exists(tmp) ? Files.list(tmp) : Stream.empty()) {
            return parts.toList();
        }
    }

    static List<String> names(Api.User u) {
        return u.as().get("/api/files/folder/root").then().statusCode(200).extract().jsonPath().getList("originalName");
    }

    /** Files, bytes and what counts toward the quota: what a refused upload must leave as it was. */
    static List<Long> counters(Api.User u) {
        JsonPath s = stats(u);
        return List.of(s.getLong("totalFiles"), s.getLong("storageUsed"), s.getLong("quotaUsed"));
    }

    @Test
    void uploadsUpToTheQuotaSucceedAndTheOneThatCrossesItIsRefusedLeavingNothing() throws Exception {
        Api.User u = Api.newUser();
        setQuota(u.id(), 10_000).then().statusCode(200).body("quota", equalTo(10_000)).body("source", equalTo("user"));
        assertThat(stats(u).getLong("quota")).isEqualTo(10_000);

        u.as().multiPart("files", "a.bin", content(4_000, 1)).post("/api/files").then().statusCode(201);
        assertThat(put(u, "b.bin", BodyPublishers.ofByteArray(content(6_000, 2))).status()).as("exactly the quota")
                .isEqualTo(201);
        JsonPath full = stats(u);
        assertThat(full.getLong("quotaUsed")).isEqualTo(10_000);
        assertThat(full.getLong("storageUsed")).isEqualTo(10_000);
        List<Long> before = counters(u);

        // one byte more, by each route: 507 with the JSON error, and nothing stored
        Response multipart = u.as().multiPart("files", "c.bin", content(1, 3)).post("/api/files");
        multipart.then().statusCode(507).contentType(ContentType.JSON).body("code", equalTo("QUOTA_EXCEEDED"))
                .body("success", equalTo(0)).body("failed", equalTo(1))
                .body("errors[0].filename", equalTo("c.bin")).body("errors[0].code", equalTo("QUOTA_EXCEEDED"));
        assertThat(multipart.jsonPath().getString("error")).contains("c.bin").contains("quota");

        Answer declared = put(u, "d.bin", BodyPublishers.ofByteArray(content(1, 4)));
        assertThat(declared.status()).isEqualTo(507);
        assertThat(declared.json().getString("code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(declared.json().getString("error"))
                .isEqualTo("Storage quota exceeded: 'd.bin' does not fit in the 0 B left of your 9.8 KB quota");
        Answer streamed = put(u, "e.bin", chunked(content(1, 5)));
        assertThat(streamed.status()).isEqualTo(507);
        assertThat(streamed.json().getString("code")).isEqualTo("QUOTA_EXCEEDED");

        assertThat(names(u)).containsExactlyInAnyOrder("a.bin", "b.bin");
        assertThat(blobs(u)).isEqualTo(2);
        assertThat(partialBlobs()).isEmpty();
        assertThat(counters(u)).isEqualTo(before);
    }

    @Test
    void aMultipartUploadKeepsTheFilesThatFitAndReportsTheOthers() throws Exception {
        Api.User u = Api.newUser();
        setQuota(u.email(), 10_000).then().statusCode(200);
        u.as().multiPart("files", "one.bin", content(4_000, 1))
                .multiPart("files", "two.bin", content(5_000, 2))
                .multiPart("files", "three.bin", content(3_000, 3))
                .multiPart("files", "four.bin", content(1_000, 4))
                .post("/api/files").then().statusCode(201)
                .body("success", equalTo(3)).body("failed", equalTo(1))
                .body("files.originalName", org.hamcrest.Matchers.contains("one.bin", "two.bin", "four.bin"))
                .body("errors[0].filename", equalTo("three.bin"))
                .body("errors[0].code", equalTo("QUOTA_EXCEEDED"))
                // what the earlier parts left, not what was free when the request started
                .body("errors[0].error", equalTo(
                        "Storage quota exceeded: 'three.bin' does not fit in the 1000 B left of your 9.8 KB quota"));
        assertThat(blobs(u)).isEqualTo(3);
        assertThat(counters(u)).isEqualTo(List.of(3L, 10_000L, 10_000L));
    }

    @Test
    void aStreamOfUnknownLengthIsRefusedAsSoonAsItPassesTheQuotaAndLeavesNothing() throws Exception {
        Api.User u = Api.newUser();
        setQuota(u.id(), 100_000).then().statusCode(200);
        put(u, "first.bin", BodyPublishers.ofByteArray(content(30_000, 1)));
        List<Long> before = counters(u);

        // far more than fits, and than the space left: cut off mid-stream
        Answer over = put(u, "over.bin", chunked(content(1_000_000, 2)));
        assertThat(over.status()).isEqualTo(507);
        assertThat(over.json().getString("code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(over.json().getString("error")).contains("over.bin");
        assertThat(names(u)).containsExactly("first.bin");
        assertThat(blobs(u)).isEqualTo(1);
        assertThat(partialBlobs()).isEmpty();
        assertThat(counters(u)).isEqualTo(before);

        // what is left fits exactly, also when only the stream tells the size
        assertThat(put(u, "rest.bin", chunked(content(70_000, 3))).status()).isEqualTo(201);
        assertThat(stats(u).getLong("quotaUsed")).isEqualTo(100_000);
    }

    /**
     * The quota is checked again when a file is charged: a stream that fitted when it started but no
     * longer does when it ends (another upload took the space meanwhile) is refused then, and the
     * blob it had written is deleted.
     */
    @Test
    void aFileThatNoLongerFitsWhenItEndsIsRefusedAndItsWrittenBlobDeleted() throws Exception {
        Api.User u = Api.newUser();
        setQuota(u.id(), 200_000).then().statusCode(200);
        byte[] slow = content(150_000, 1);
        CountDownLatch rest = new CountDownLatch(1);
        InputStream held = new SequenceInputStream(new ByteArrayInputStream(slow, 0, 100_000), new InputStream() {
            private InputStream tail;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (tail == null) {
                    try {
                        if (!rest.await(60, TimeUnit.SECONDS)) {
                            throw new IOException("the test never released the rest of the body");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                    tail = new ByteArrayInputStream(slow, 100_000, slow.length - 100_000);
                }
                return tail.read(b, off, len);
            }
        });
        Set<Path> partsBefore = Set.copyOf(partialBlobs());
        CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(
                putRequest(u, "slow.bin", BodyPublishers.ofInputStream(() -> held)), HttpResponse.BodyHandlers.ofString());
        // the server is writing the first file's blob: its quota was read when it started
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .failFast("the first upload ended before the test released its rest", first::isDone)
                .until(() -> !partsBefore.containsAll(partialBlobs()));
        assertThat(put(u, "quick.bin", BodyPublishers.ofByteArray(content(100_000, 2))).status()).isEqualTo(201);
        rest.countDown();

        Answer refused = answer(first.get(60, TimeUnit.SECONDS));
        assertThat(refused.status()).isEqualTo(507);
        assertThat(refused.json().getString("code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(names(u)).containsExactly("quick.bin");
        assertThat(blobs(u)).isEqualTo(1);
        assertThat(partialBlobs()).isEmpty();
        assertThat(counters(u)).isEqualTo(List.of(1L, 100_000L, 100_000L));
    }

    @Test
    void concurrentUploadsCannotOvershootTheQuota() throws Exception {
        Api.User u = Api.newUser();
        setQuota(u.id(), 1_000_000).then().statusCode(200);
        put(u, "already.bin", BodyPublishers.ofByteArray(content(200_000, 0)));
        int each = 400_000; // half of what is left: exactly two fit

        List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] bytes = content(each, i + 1);
            // half declare their length (refused at once once the space is gone), half stream it
            BodyPublisher body = i % 2 == 0 ? BodyPublishers.ofByteArray(bytes) : chunked(bytes);
            uploads.add(HTTP.sendAsync(putRequest(u, "parallel-" + i + ".bin", body), HttpResponse.BodyHandlers.ofString()));
        }
        List<Answer> answers = new ArrayList<>();
        for (var upload : uploads) {
            answers.add(answer(upload.get(120, TimeUnit.SECONDS)));
        }
        Map<Integer, Long> statuses = answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        assertThat(statuses).as("statuses of the 8 uploads").isEqualTo(Map.of(201, 2L, 507, 6L));
        assertThat(answers.stream().filter(a -> a.status() == 507).map(a -> a.json().getString("code")))
                .containsOnly("QUOTA_EXCEEDED");

        JsonPath s = stats(u);
        assertThat(s.getLong("quotaUsed")).isEqualTo(1_000_000).isLessThanOrEqualTo(s.getLong("quota"));
        assertThat(s.getLong("totalFiles")).isEqualTo(3);
        assertThat(names(u)).hasSize(3);
        assertThat(blobs(u)).as("no blob of a refused upload stays").isEqualTo(3);
        assertThat(partialBlobs()).isEmpty();
    }

    @Test
    void theTrashCountsUntilItIsEmptiedAndARestoreNeverNeedsRoom() throws Exception {
        Api.User u = Api.newUser();
        setQuota(u.id(), 10_000).then().statusCode(200);
        String folder = u.folder("Old", null);
        String a = u.upload(null, "a.bin", content(5_000, 1));
        u.upload(folder, "inside.bin", content(3_000, 2));
        u.upload(null, "b.bin", content(2_000, 3));

        u.as().delete("/api/files/" + a).then().statusCode(200);
        u.as().delete("/api/folders/" + folder).then().statusCode(200);
        JsonPath s = stats(u);
        assertThat(s.getLong("storageUsed")).isEqualTo(2_000);
        assertThat(s.getLong("trash.storageUsed")).isEqualTo(8_000);
        assertThat(s.getLong("quotaUsed")).as("the trash still takes space").isEqualTo(10_000);
        assertThat(put(u, "new.bin", BodyPublishers.ofByteArray(content(1, 4))).status()).isEqualTo(507);

        // a lowered quota does not keep a user from getting their files back
        setQuota(u.id(), 5_000).then().statusCode(200);
        u.as().post("/api/files/" + a + "/restore").then().statusCode(200);
        u.as().post("/api/folders/" + folder + "/restore").then().statusCode(200);
        s = stats(u);
        assertThat(s.getLong("storageUsed")).isEqualTo(10_000);
        assertThat(s.getLong("quotaUsed")).isEqualTo(10_000);

        setQuota(u.id(), 10_000).then().statusCode(200);
        u.as().delete("/api/files/" + a).then().statusCode(200);
        assertThat(put(u, "new.bin", BodyPublishers.ofByteArray(content(5_000, 4))).status()).isEqualTo(507);
        u.as().post("/api/files/trash/empty").then().statusCode(200);
        assertThat(stats(u).getLong("quotaUsed")).as("emptying the trash frees its space").isEqualTo(5_000);
        assertThat(put(u, "new.bin", BodyPublishers.ofByteArray(content(5_000, 4))).status()).isEqualTo(201);
        assertThat(stats(u).getLong("quotaUsed")).isEqualTo(10_000);
    }

    @Test
    void theQuotaRoutesAreTheOperatorsAndFindUsersByIdOrEmail() {
        Api.User u = Api.newUser();
        String route = "/api/admin/users/" + u.id() + "/quota";
        given().get(route).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        u.as().get(route).then().statusCode(403);
        given().header("X-Admin-Token", "wrong").get(route).then().statusCode(403);
        u.as().contentType(ContentType.JSON).body(Map.of("bytes", 1_000_000_000)).put(route).then().statusCode(403);
        u.as().delete(route).then().statusCode(403);
        given().header("X-Admin-Token", ADMIN).get(route).then().statusCode(200)
                .body("userId", equalTo(u.id())).body("email", equalTo(u.email()))
                .body("quota", nullValue()).body("source", equalTo("default")).body("defaultQuota", nullValue())
                .body("quotaUsed", equalTo(0));

        setQuota(u.email().toUpperCase(java.util.Locale.ROOT), 5_000).then().statusCode(200)
                .body("userId", equalTo(u.id())).body("quota", equalTo(5_000)).body("source", equalTo("user"));
        given().header("X-Admin-Token", ADMIN).get(route).then().body("quota", equalTo(5_000));
        assertThat(stats(u).getLong("quota")).isEqualTo(5_000);
        // a recount of the counters keeps the quota
        given().header("X-Admin-Token", ADMIN).post("/api/admin/usage/recount").then().statusCode(200);
        assertThat(stats(u).getLong("quota")).isEqualTo(5_000);

        setQuota(u.id(), 0).then().statusCode(200).body("quota", equalTo(0));
        u.as().multiPart("files", "x.bin", content(10, 1)).post("/api/files").then().statusCode(507);
        setQuota(u.id(), null).then().statusCode(200).body("quota", nullValue()).body("source", equalTo("user"));
        u.as().multiPart("files", "x.bin", content(10, 1)).post("/api/files").then().statusCode(201);
        given().header("X-Admin-Token", ADMIN).delete(route).then().statusCode(200)
                .body("quota", nullValue()).body("source", equalTo("default")).body("quotaUsed", equalTo(10));

        for (Object bad : Arrays.asList(-1, "5000", 1.5, true, Map.of("n", 1))) {
            setQuota(u.id(), bad).then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
        }
        given().header("X-Admin-Token", ADMIN).contentType(ContentType.JSON).body("{}").put(route).then()
                .statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        given().header("X-Admin-Token", ADMIN).contentType(ContentType.JSON).body("[1]").put(route).then()
                .statusCode(400).body("code", equalTo("INVALID_BODY"));
        given().header("X-Admin-Token", ADMIN).contentType(ContentType.JSON).body("{bytes:").put(route).then()
                .statusCode(400).body("code", equalTo("INVALID_JSON"));
        setQuota("nobody@example.com", 1).then().statusCode(404).body("code", equalTo("USER_NOT_FOUND"));
        setQuota("0123456789abcdef01234567", 1).then().statusCode(404).body("code", equalTo("USER_NOT_FOUND"));
        given().header("X-Admin-Token", ADMIN).get(route).then().body("quota", nullValue());
    }

    @Test
    void withoutAQuotaUploadsGoOnAsBefore() throws Exception {
        Api.User u = Api.newUser();
        byte[] big = content((int) config.storage().maxFileSize(), 1);
        assertThat(put(u, "big.bin", BodyPublishers.ofByteArray(big)).status()).isEqualTo(201);
        String small = u.upload(null, "small.bin", content(100, 2));
        u.as().delete("/api/files/" + small).then().statusCode(200);
        u.as().get("/api/folders/stats/summary").then().statusCode(200)
                .body("quota", nullValue())
                .body("storageUsed", equalTo(big.length))
                .body("trash.storageUsed", equalTo(100))
                .body("quotaUsed", equalTo(big.length + 100));
        assertThat(stats(u).getMap("$")).containsKey("quota");
    }
}
