package dev.opendrive.api.sharing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;


import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** (added) Share links with settings: password, expiry, download limit, file drop; old links unchanged. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class ShareSettingsTest {

    static final String LINK_PASSWORD = "open sesame 7";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    FileRepository files;

    @Inject
    ShareSettingsStore store;

    private static Response shareFile(Api.User u, String fileId, Map<String, Object> settings) {
        return u.as().contentType(ContentType.JSON).body(settings).post("/api/files/" + fileId + "/share");
    }

    private static Response shareFolder(Api.User u, String folderId, Map<String, Object> settings) {
        return u.as().contentType(ContentType.JSON).body(settings).post("/api/folders/" + folderId + "/share");
    }

    private static Response patch(Api.User u, String kind, String id, Map<String, Object> settings) {
        return u.as().contentType(ContentType.JSON).body(settings).patch("/api/" + kind + "/" + id + "/share");
    }

    private static Map<String, Object> with(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static String unlock(String shareId, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("password", password))
                .post("/api/public/" + shareId + "/unlock").then().statusCode(200)
                .body("expiresAt", notNullValue()).extract().path("token");
    }

    private Document stored(String shareId) {
        return files.mongoDatabase().getCollection(ShareSettingsStore.COLLECTION).find(Filters.eq("_id", shareId))
                .first();
    }

    @Test
    void aLinkSharedTheOldWayHasNoSettingsAndWorksAsBefore() {
        Api.User u = Api.newUser();
        String fileId = u.upload(null, "plain.txt", "plain".getBytes());
        // exactly as old clients call it: no body, no content type
        String shareId = u.as().post("/api/files/" + fileId + "/share").then().statusCode(200)
                .body("message", equalTo("Share link generated")).body("shareUrl", notNullValue())
                .body("hasPassword", equalTo(false)).body("expiresAt", nullValue())
                .body("maxDownloads", nullValue()).body("mode", equalTo("view")).body("downloadCount", equalTo(0))
                .extract().path("shareId");
        u.as().post("/api/files/" + fileId + "/share").then().statusCode(200).body("shareId", equalTo(shareId));
        assertThat(stored(shareId)).as("no settings document for an old-style link").isNull();

        given().get("/api/public/" + shareId).then().statusCode(200).body("type", equalTo("file"))
                .body("file.originalName", equalTo("plain.txt")).body("$", not(hasKey("drop")));
        for (int i = 0; i < 3; i++) {
            assertThat(given().get("/api/public/" + shareId + "/download").then().statusCode(200).extract().asString())
                    .isEqualTo("plain");
        }
        u.as().get("/api/files/" + fileId + "/share").then().statusCode(200).body("shareId", equalTo(shareId))
                .body("downloadCount", equalTo(0));
        assertThat(stored(shareId)).as("downloads of an old-style link write nothing").isNull();

        u.as().delete("/api/files/" + fileId + "/share").then().statusCode(200);
        given().get("/api/public/" + shareId).then().statusCode(404).body("code", equalTo("SHARE_NOT_FOUND"));
    }

    @Test
    void aPasswordProtectedLinkOpensOnlyWithATokenFromTheRightPassword() {
        Api.User u = Api.newUser();
        String fileId = u.upload(null, "secret.txt", "secret".getBytes());
        String json = shareFile(u, fileId, with("password", LINK_PASSWORD)).then().statusCode(200)
                .body("hasPassword", equalTo(true)).extract().asString();
        String shareId = io.restassured.path.json.JsonPath.from(json).getString("shareId");
        assertThat(json).doesNotContain(LINK_PASSWORD).doesNotContain("$2").doesNotContain("password\"");
        String settings = u.as().get("/api/files/" + fileId + "/share").then().statusCode(200)
                .body("hasPassword", equalTo(true)).extract().asString();
        assertThat(settings).doesNotContain(LINK_PASSWORD).doesNotContain("$2");
        assertThat(u.as().get("/api/files/" + fileId).asString()).doesNotContain("$2").doesNotContain(LINK_PASSWORD);
        Document doc = stored(shareId);
        assertThat(doc.getString("passwordHash")).startsWith("$2").doesNotContain(LINK_PASSWORD);
        assertThat(doc.toJson()).doesNotContain(LINK_PASSWORD);

        given().get("/api/public/" + shareId).then().statusCode(401).body("code", equalTo("PASSWORD_REQUIRED"));
        given().get("/api/public/" + shareId + "/download").then().statusCode(401)
                .body("code", equalTo("PASSWORD_REQUIRED"));
        given().contentType(ContentType.JSON).body(Map.of("password", "not it")).post("/api/public/" + shareId + "/unlock")
                .then().statusCode(401).body("code", equalTo("WRONG_PASSWORD"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/public/" + shareId + "/unlock")
                .then().statusCode(400);

        String token = unlock(shareId, LINK_PASSWORD);
        given().header("X-Share-Token", token).get("/api/public/" + shareId).then().statusCode(200)
                .body("file.originalName", equalTo("secret.txt"));
        assertThat(given().queryParam("token", token).get("/api/public/" + shareId + "/download").then()
                .statusCode(200).extract().asString()).isEqualTo("secret");
        given().header("X-Share-Token", token + "x").get("/api/public/" + shareId).then().statusCode(401)
                .body("code", equalTo("PASSWORD_REQUIRED"));

        // a token opens its own link only
        String otherFile = u.upload(null, "other.txt", "other".getBytes());
        String otherShare = shareFile(u, otherFile, with("password", LINK_PASSWORD)).path("shareId");
        given().header("X-Share-Token", token).get("/api/public/" + otherShare).then().statusCode(401);

        // a new password ends the tokens of the old one at once
        patch(u, "files", fileId, with("password", "another one")).then().statusCode(200)
                .body("hasPassword", equalTo(true));
        given().header("X-Share-Token", token).get("/api/public/" + shareId).then().statusCode(401)
                .body("code", equalTo("PASSWORD_REQUIRED"));
        given().contentType(ContentType.JSON).body(Map.of("password", LINK_PASSWORD))
                .post("/api/public/" + shareId + "/unlock").then().statusCode(401);
        String second = unlock(shareId, "another one");

        // revoking ends it at once, token or not
        u.as().delete("/api/files/" + fileId + "/share").then().statusCode(200);
        given().header("X-Share-Token", second).get("/api/public/" + shareId).then().statusCode(404);
        given().header("X-Share-Token", second).get("/api/public/" + shareId + "/download").then().statusCode(404);
        assertThat(stored(shareId)).as("a revoked link's settings are gone").isNull();

        // removing the password opens the link to everyone again
        String third = shareFile(u, otherFile, with("password", null)).then().statusCode(200)
                .body("hasPassword", equalTo(false)).extract().path("shareId");
        assertThat(third).isEqualTo(otherShare);
        given().get("/api/public/" + otherShare).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("password", "x")).post("/api/public/" + otherShare + "/unlock")
                .then().statusCode(400).body("code", equalTo("NO_PASSWORD"));
    }

    @Test
    void wrongPasswordsAreLimitedPerLinkAndAddressWith429AndRetryAfter() {
        Api.User u = Api.newUser();
        String fileId = u.upload(null, "guarded.txt", "guarded".getBytes());
        String shareId = shareFile(u, fileId, with("password", LINK_PASSWORD)).path("shareId");
        String otherFile = u.upload(null, "elsewhere.txt", "x".getBytes());
        String otherShare = shareFile(u, otherFile, with("password", LINK_PASSWORD)).path("shareId");

        for (int i = 0; i < 10; i++) {
            given().contentType(ContentType.JSON).body(Map.of("password", "guess " + i))
                    .post("/api/public/" + shareId + "/unlock").then().statusCode(401)
                    .body("code", equalTo("WRONG_PASSWORD"));
        }
        Response limited = given().contentType(ContentType.JSON).body(Map.of("password", LINK_PASSWORD))
                .post("/api/public/" + shareId + "/unlock");
        limited.then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        // another link is not affected
        unlock(otherShare, LINK_PASSWORD);
    }

    @Test
    void anExpiredLinkAnswers410AtOnceOnEveryRouteAndComesBackWhenExtended() {
        Api.User u = Api.newUser();
        String folder = u.folder("Expiring", null);
        String fileId = u.upload(folder, "a.txt", "a".getBytes());
        String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String shareId = shareFolder(u, folder, with("expiresAt", future)).then().statusCode(200)
                .body("expiresAt", equalTo(future.replace("Z", ".000Z"))).extract().path("shareId");
        given().get("/api/public/" + shareId).then().statusCode(200);

        String past = Instant.now().minusSeconds(1).toString();
        patch(u, "folders", folder, with("expiresAt", past)).then().statusCode(200);
        for (String route : List.of("", "/folder/" + folder, "/download", "/folder/" + folder + "/download",
                "/file/" + fileId + "/download", "/file/" + fileId + "/thumbnail")) {
            given().get("/api/public/" + shareId + route).then().statusCode(410).body("code", equalTo("SHARE_EXPIRED"));
        }
        patch(u, "folders", folder, with("expiresAt", future)).then().statusCode(200);
        given().get("/api/public/" + shareId).then().statusCode(200);
        patch(u, "folders", folder, with("expiresAt", null)).then().statusCode(200).body("expiresAt", nullValue());
        given().get("/api/public/" + shareId + "/file/" + fileId + "/download").then().statusCode(200);

        patch(u, "folders", folder, with("expiresAt", "tomorrow")).then().statusCode(400)
                .body("code", equalTo("INVALID_EXPIRES"));
    }

    @Test
    void eightParallelDownloadsOfALinkLimitedToThreeGiveExactlyThree() throws Exception {
        Api.User u = Api.newUser();
        byte[] content = new byte[200_000];
        new java.util.Random(5).nextBytes(content);
        String fileId = u.upload(null, "popular.bin", content);
        String shareId = shareFile(u, fileId, with("maxDownloads", 3)).then().statusCode(200)
                .body("maxDownloads", equalTo(3)).body("downloadCount", equalTo(0)).extract().path("shareId");
        given().get("/api/public/" + shareId).then().statusCode(200).body("downloadsLeft", equalTo(3));
        given().head("/api/public/" + shareId + "/download").then().statusCode(200);
        u.as().get("/api/files/" + fileId + "/share").then().body("downloadCount", equalTo(0)); // a HEAD is no download

        List<Integer> statuses = parallel(8, () -> {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + RestAssured.port + "/api/public/" + shareId + "/download")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                assertThat(r.body()).isEqualTo(content);
            } else {
                assertThat(new String(r.body())).contains("DOWNLOAD_LIMIT_REACHED");
            }
            return r.statusCode();
        });
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(3);
        assertThat(statuses.stream().filter(s -> s == 410).count()).isEqualTo(5);
        u.as().get("/api/files/" + fileId + "/share").then().body("downloadCount", equalTo(3));
        given().get("/api/public/" + shareId).then().statusCode(410).body("code", equalTo("DOWNLOAD_LIMIT_REACHED"));
        given().head("/api/public/" + shareId + "/download").then().statusCode(410);

        patch(u, "files", fileId, with("maxDownloads", 4)).then().statusCode(200).body("downloadCount", equalTo(3));
        given().get("/api/public/" + shareId + "/download").then().statusCode(200);
        given().get("/api/public/" + shareId + "/download").then().statusCode(410);
        patch(u, "files", fileId, with("maxDownloads", null)).then().statusCode(200);
        given().get("/api/public/" + shareId + "/download").then().statusCode(200);
        u.as().get("/api/files/" + fileId + "/share").then().body("downloadCount", equalTo(5))
                .body("maxDownloads", nullValue());
    }

    /**
     * The count is decided by the database's conditional update, not by the settings a request read
     * when it started: with the same stale snapshot (count 0) for every call, as parallel requests
     * have, exactly the limit is granted. (The parallel HTTP test above depends on timing to catch a
     * check-then-write; this one does not.)
     */
    @Test
    void aDownloadIsCountedOnTheStoredCountNotOnTheSnapshotARequestRead() {
        Api.User u = Api.newUser();
        String fileId = u.upload(null, "stale.txt", "s".getBytes());
        String shareId = shareFile(u, fileId, with("maxDownloads", 3)).path("shareId");
        ShareSettings snapshot = store.find(shareId);
        assertThat(snapshot.downloadCount()).isZero();
        List<Boolean> granted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            granted.add(store.tryCount(snapshot));
        }
        assertThat(granted).containsExactly(true, true, true, false, false, false, false, false);
        assertThat(store.find(shareId).downloadCount()).isEqualTo(3);
    }

    @Test
    void folderDownloadsAndZipsCountAndObeyThePasswordListingsAndThumbnailsDoNotCount() {
        Api.User u = Api.newUser();
        String folder = u.folder("Album", null);
        String fileId = u.upload(folder, "one.txt", "one".getBytes());
        String shareId = shareFolder(u, folder, with("maxDownloads", 2, "password", LINK_PASSWORD)).path("shareId");
        given().get("/api/public/" + shareId + "/download").then().statusCode(401);
        given().get("/api/public/" + shareId + "/folder/" + folder + "/download").then().statusCode(401);
        given().get("/api/public/" + shareId + "/file/" + fileId + "/download").then().statusCode(401);
        String token = unlock(shareId, LINK_PASSWORD);

        for (int i = 0; i < 3; i++) {
            given().queryParam("token", token).get("/api/public/" + shareId).then().statusCode(200)
                    .body("files._id", contains(fileId));
        }
        given().queryParam("token", token).get("/api/public/" + shareId + "/download").then().statusCode(200)
                .contentType("application/zip");
        // a file outside the share is refused before anything is counted
        String outside = u.upload(null, "outside.txt", "no".getBytes());
        given().queryParam("token", token).get("/api/public/" + shareId + "/file/" + outside + "/download").then()
                .statusCode(403);
        given().queryParam("token", token).get("/api/public/" + shareId + "/file/" + fileId + "/download").then()
                .statusCode(200);
        given().queryParam("token", token).get("/api/public/" + shareId + "/folder/" + folder + "/download").then()
                .statusCode(410).body("code", equalTo("DOWNLOAD_LIMIT_REACHED"));
        u.as().get("/api/folders/" + folder + "/share").then().body("downloadCount", equalTo(2));
    }

    @Test
    void aFileDropTakesUploadsUnderTheOwnersRulesAndShowsNothing() throws Exception {
        Api.User u = Api.newUser();
        String folder = u.folder("Inbox", null);
        String sub = u.folder("Private", folder);
        String existing = u.upload(folder, "report.txt", "owner's".getBytes());
        String shareId = shareFolder(u, folder, with("mode", "drop")).then().statusCode(200)
                .body("mode", equalTo("drop")).extract().path("shareId");

        String view = given().get("/api/public/" + shareId).then().statusCode(200).body("type", equalTo("drop"))
                .body("drop.name", equalTo("Inbox")).body("$", not(hasKey("files")))
                .body("$", not(hasKey("subfolders"))).body("$", not(hasKey("folder"))).extract().asString();
        assertThat(view).doesNotContain(existing).doesNotContain(sub).doesNotContain("report");
        for (String route : List.of("/folder/" + folder, "/folder/" + sub, "/download", "/folder/" + folder + "/download",
                "/file/" + existing + "/download", "/file/" + existing + "/thumbnail", "/thumbnail")) {
            given().get("/api/public/" + shareId + route).then().statusCode(403).body("code", equalTo("UPLOAD_ONLY"));
        }

        // a visitor's upload: stored in the shared folder, named by the owner's rules (no overwrite)
        given().multiPart("files", "report.txt", "visitor's".getBytes(), "text/plain")
                .post("/api/public/" + shareId + "/upload").then().statusCode(201)
                .body("files[0].name", equalTo("report (1).txt")).body("success", equalTo(1))
                .body("files[0]", not(hasKey("_id"))).body("files[0]", not(hasKey("storageKey")));
        given().contentType("application/octet-stream").body(SampleFiles.png(40, 30)).queryParam("name", "photo.png")
                .put("/api/public/" + shareId + "/content").then().statusCode(201)
                .body("files[0].name", equalTo("photo.png"));
        List<String> names = u.as().get("/api/files/folder/" + folder).jsonPath().getList("originalName");
        assertThat(names).containsExactlyInAnyOrder("report.txt", "report (1).txt", "photo.png");
        String photoId = u.as().get("/api/files/folder/" + folder).jsonPath()
                .getString("find { it.originalName == 'photo.png' }._id");
        assertThat(u.as().get("/api/files/" + photoId).path("mimeType").toString()).isEqualTo("image/png");
        assertThat(u.as().get("/api/files/" + photoId + "/download").asByteArray()).isEqualTo(SampleFiles.png(40, 30));
        // the file.uploaded event reached the workers: the owner's photo gets its thumbnail
        assertThat(u.awaitThumbnail(photoId)).as("thumbnail of the dropped photo").isTrue();

        // visitors cannot pick another folder
        given().multiPart("folderId", sub).multiPart("files", "sneaky.txt", "x".getBytes(), "text/plain")
                .post("/api/public/" + shareId + "/upload").then().statusCode(400)
                .body("code", equalTo("UNEXPECTED_FIELD"));
        assertThat(u.as().get("/api/files/folder/" + sub).jsonPath().getList("$")).isEmpty();

        // the server's size limit holds (opendrive.storage.max-file-size, 4 MiB in tests): 413, nothing kept
        given().multiPart("files", "huge.bin", new byte[4 * 1024 * 1024 + 1], "application/octet-stream")
                .post("/api/public/" + shareId + "/upload").then().statusCode(413)
                .body("code", equalTo("FILE_TOO_LARGE"));
        assertThat(u.as().get("/api/files/folder/" + folder).jsonPath().getList("$")).hasSize(3);

        // the owner's quota holds: 507, nothing kept
        given().header("X-Admin-Token", "test-admin-token").contentType(ContentType.JSON)
                .body(Map.of("bytes", 100)).put("/api/admin/users/" + u.id() + "/quota").then().statusCode(200);
        given().multiPart("files", "big.bin", new byte[5_000], "application/octet-stream")
                .post("/api/public/" + shareId + "/upload").then().statusCode(507)
                .body("code", equalTo("QUOTA_EXCEEDED"));
        assertThat(u.as().get("/api/files/folder/" + folder).jsonPath().getList("$")).hasSize(3);

        // a view link takes no uploads; a drop is for folders only
        String viewFolder = u.folder("Viewable", null);
        String viewShare = u.as().post("/api/folders/" + viewFolder + "/share").path("shareId");
        given().multiPart("files", "x.txt", "x".getBytes(), "text/plain").post("/api/public/" + viewShare + "/upload")
                .then().statusCode(403);
        shareFile(u, existing, with("mode", "drop")).then().statusCode(400)
                .body("code", equalTo("INVALID_SHARE_SETTINGS"));
    }

    @Test
    void aPasswordProtectedDropNeedsTheTokenToUpload() {
        Api.User u = Api.newUser();
        String folder = u.folder("Submissions", null);
        String shareId = shareFolder(u, folder, with("mode", "drop", "password", LINK_PASSWORD)).path("shareId");
        given().multiPart("files", "essay.txt", "essay".getBytes(), "text/plain")
                .post("/api/public/" + shareId + "/upload").then().statusCode(401)
                .body("code", equalTo("PASSWORD_REQUIRED"));
        given().get("/api/public/" + shareId).then().statusCode(401);
        String token = unlock(shareId, LINK_PASSWORD);
        given().header("X-Share-Token", token).get("/api/public/" + shareId).then().statusCode(200)
                .body("type", equalTo("drop"));
        given().header("X-Share-Token", token).multiPart("files", "essay.txt", "essay".getBytes(), "text/plain")
                .post("/api/public/" + shareId + "/upload").then().statusCode(201);
        // back to a view link: the folder can be listed again and takes no more uploads
        patch(u, "folders", folder, with("mode", "view")).then().statusCode(200).body("mode", equalTo("view"));
        given().header("X-Share-Token", token).get("/api/public/" + shareId).then().statusCode(200)
                .body("files.originalName", contains("essay.txt"));
    }

    @Test
    void settingsAreCheckedAndOnlyTheOwnerSeesOrChangesThem() {
        Api.User u = Api.newUser();
        String fileId = u.upload(null, "f.txt", "f".getBytes());
        u.as().get("/api/files/" + fileId + "/share").then().statusCode(404).body("code", equalTo("SHARE_NOT_FOUND"));
        patch(u, "files", fileId, with("maxDownloads", 2)).then().statusCode(404);
        shareFile(u, fileId, with("maxDownloads", 0)).then().statusCode(400).body("code", equalTo("INVALID_SHARE_SETTINGS"));
        shareFile(u, fileId, with("password", "")).then().statusCode(400);
        shareFile(u, fileId, with("password", "x".repeat(73))).then().statusCode(400)
                .body("code", equalTo("PASSWORD_TOO_LONG"));
        shareFile(u, fileId, with("mode", "edit")).then().statusCode(400);
        u.as().get("/api/files/" + fileId + "/share").then().statusCode(404);
        String shareId = shareFile(u, fileId, with("maxDownloads", 2)).then().statusCode(200).extract().path("shareId");

        Api.User other = Api.newUser();
        other.as().get("/api/files/" + fileId + "/share").then().statusCode(404);
        other.as().contentType(ContentType.JSON).body(Map.of("maxDownloads", 100))
                .patch("/api/files/" + fileId + "/share").then().statusCode(404);
        u.as().get("/api/files/" + fileId + "/share").then().statusCode(200).body("shareId", equalTo(shareId))
                .body("maxDownloads", equalTo(2));
        u.as().contentType(ContentType.JSON).patch("/api/files/" + fileId + "/share").then().statusCode(400)
                .body("code", equalTo("INVALID_BODY"));
        shareFile(u, fileId, with("password", 42)).then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
        // a PATCH changes only what it names
        patch(u, "files", fileId, with("expiresAt", "2099-01-01T00:00:00Z")).then().statusCode(200)
                .body("maxDownloads", equalTo(2)).body("expiresAt", equalTo("2099-01-01T00:00:00.000Z"));
    }

    @Test
    void theOpenApiDocumentDescribesTheSettingsAndTheNewRoutes() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.ShareSettingsRequest.properties", hasKey("password"))
                .body("components.schemas.ShareSettingsRequest.properties", hasKey("expiresAt"))
                .body("components.schemas.ShareSettingsRequest.properties", hasKey("maxDownloads"))
                .body("components.schemas.ShareSettingsRequest.properties", hasKey("mode"))
                .body("paths", hasKey("/api/public/{shareId}/unlock"))
                .body("paths", hasKey("/api/public/{shareId}/upload"))
                .body("paths.'/api/files/{id}/share'", hasKey("patch"))
                .body("paths.'/api/folders/{id}/share'", hasKey("get"));
    }

    /** Runs {@code n} calls at once (released together) and answers their results. */
    private static <T> List<T> parallel(int n, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
