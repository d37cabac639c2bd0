package dev.opendrive.api.files;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.opendrive.api.testing.Api;
import dev.opendrive.api.testing.EmbeddedDatabaseProfile;
import dev.opendrive.api.testing.PlanStats;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.storage.StorageProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * An owner downloading a file again on the embedded database is answered without the JAX-RS route
 * and without reading the database, with exactly the response the route gives; and yet every change
 * of the file shows at once, and nobody else gets it.
 */
@QuarkusTest
@TestProfile(EmbeddedDatabaseProfile.class)
class KnownDownloadsTest {

    private static final byte[] CONTENT = "The quick brown fox jumps over the lazy dog\n".repeat(200)
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    MongoClient client;

    @Inject
    StorageProvider storage;

    @Test
    void aFileDownloadedAgainIsTheSameResponseWithoutReadingTheDatabase() throws Exception {
        Api.User u = Api.newUser();
        String id = u.upload(null, "notes.txt", CONTENT);
        // the search indexer reads and writes the owner's documents after the upload
        u.awaitSearchable("fox", 1);
        Response first = download(u, id, Map.of());
        String etag = first.header("ETag");
        Response firstRange = download(u, id, Map.of("Range", "bytes=4-8"));
        Response firstNotModified = download(u, id, Map.of("If-None-Match", etag));
        Response firstCrossOrigin = download(u, id, Map.of("Origin", "https://drive.example.org"));

        PlanStats.reset(client);
        Response again = download(u, id, Map.of());
        Response againRange = download(u, id, Map.of("Range", "bytes=4-8"));
        Response againNotModified = download(u, id, Map.of("If-None-Match", etag));
        Response againCrossOrigin = download(u, id, Map.of("Origin", "https://drive.example.org"));

        assertThat(PlanStats.of(client, "files")).as("queries of files for the repeated downloads").isEmpty();
        assertSame(again, first);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.asByteArray()).isEqualTo(CONTENT);
        assertThat(again.header("Content-Disposition")).contains("notes.txt");
        assertThat(again.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertSame(againRange, firstRange);
        assertThat(againRange.statusCode()).isEqualTo(206);
        assertThat(againRange.asString()).isEqualTo("quick");
        assertSame(againNotModified, firstNotModified);
        assertThat(againNotModified.statusCode()).isEqualTo(304);
        assertSame(againCrossOrigin, firstCrossOrigin);
        assertThat(againCrossOrigin.header("Access-Control-Expose-Headers")).contains("Content-Disposition");
    }

    @Test
    void aThumbnailShownAgainIsTheSameResponseWithoutReadingTheDatabase() throws Exception {
        Api.User u = Api.newUser();
        byte[] photo = SampleFiles.png(640, 480);
        String id = u.upload(null, "photo.png", photo);
        assertThat(u.awaitThumbnail(id)).as("thumbnail made").isTrue();
        u.awaitSearchable("photo", 1);
        Response content = download(u, id, Map.of());
        Response thumbnail = u.as().get("/api/files/" + id + "/thumbnail");

        PlanStats.reset(client);
        Response thumbnailAgain = u.as().get("/api/files/" + id + "/thumbnail");
        Response contentAgain = download(u, id, Map.of());

        assertThat(PlanStats.of(client, "files")).as("queries of files for the repeated downloads").isEmpty();
        assertSame(thumbnailAgain, thumbnail);
        assertThat(thumbnailAgain.contentType()).isEqualTo("image/jpeg");
        assertThat(thumbnailAgain.header("Cache-Control")).contains("immutable");
        assertSame(contentAgain, content);
        assertThat(contentAgain.asByteArray()).isEqualTo(photo);
    }

    @Test
    void everyChangeOfTheFileIsInTheNextDownload() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "draft.txt", CONTENT);
        download(u, id, Map.of());

        u.as().contentType(ContentType.JSON).body(Map.of("name", "final.txt")).put("/api/files/" + id).then()
                .statusCode(200);
        assertThat(download(u, id, Map.of()).header("Content-Disposition")).contains("final.txt");

        byte[] newer = "a second version\n".getBytes(StandardCharsets.UTF_8);
        u.as().contentType("application/octet-stream").body(newer)
                .put("/api/files/content?name=final.txt&onConflict=version").then().statusCode(200);
        Response replaced = download(u, id, Map.of());
        assertThat(replaced.asByteArray()).isEqualTo(newer);
        assertThat(replaced.header("Content-Length")).isEqualTo(String.valueOf(newer.length));

        // as the workers write: straight into the database
        client.getDatabase("opendrive").getCollection("files").updateOne(Filters.eq("_id", new ObjectId(id)),
                Updates.set("originalName", "renamed-elsewhere.txt"));
        assertThat(download(u, id, Map.of()).header("Content-Disposition")).contains("renamed-elsewhere.txt");

        u.as().delete("/api/files/" + id).then().statusCode(200);
        Response trashed = download(u, id, Map.of());
        assertThat(trashed.statusCode()).isEqualTo(404);
        assertThat(trashed.jsonPath().getString("code")).isEqualTo("FILE_NOT_FOUND");
    }

    @Test
    void nobodyButTheOwnerGetsARememberedFile() {
        Api.User alice = Api.newUser();
        Api.User bob = Api.newUser();
        String id = alice.upload(null, "private.txt", CONTENT);
        assertThat(download(alice, id, Map.of()).statusCode()).isEqualTo(200);

        Response asBob = download(bob, id, Map.of());
        assertThat(asBob.statusCode()).isEqualTo(404);
        assertThat(asBob.jsonPath().getString("code")).isEqualTo("FILE_NOT_FOUND");

        Response anonymous = given().get("/api/files/" + id + "/download");
        assertThat(anonymous.statusCode()).isEqualTo(401);

        // alice's token with its signature changed: never verified, so never taken as hers
        String forged = alice.token().substring(0, alice.token().length() - 2)
                + (alice.token().endsWith("AA") ? "BB" : "AA");
        Response withForged = given().header("Authorization", "Bearer " + forged).get("/api/files/" + id + "/download");
        assertThat(withForged.statusCode()).isEqualTo(401);
        assertThat(withForged.asString()).doesNotContain("quick brown fox");
    }

    @Test
    void aRememberedFileGoneFromDiskIsAClearError() throws Exception {
        Api.User u = Api.newUser();
        String id = u.upload(null, "lost.txt", CONTENT);
        assertThat(download(u, id, Map.of()).statusCode()).isEqualTo(200);
        String key = client.getDatabase("opendrive").getCollection("files").find(Filters.eq("_id", new ObjectId(id)))
                .first().getString("storageKey");
        Path blob = storage.localFile(key).orElseThrow();
        Files.delete(blob);

        Response missing = download(u, id, Map.of());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.jsonPath().getString("code")).isEqualTo("FILE_CONTENT_MISSING");
    }

    private static Response download(Api.User u, String id, Map<String, String> headers) {
        return u.as().headers(headers).get("/api/files/" + id + "/download");
    }

    /** Same status, headers (but the date) and body. */
    private static void assertSame(Response actual, Response expected) {
        assertThat(actual.statusCode()).isEqualTo(expected.statusCode());
        assertThat(headersOf(actual)).isEqualTo(headersOf(expected));
        assertThat(actual.asByteArray()).isEqualTo(expected.asByteArray());
    }

    private static Map<String, List<String>> headersOf(Response r) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().asList().stream().filter(h -> !h.getName().equalsIgnoreCase("Date"))
                .forEach(h -> headers.computeIfAbsent(h.getName(), n -> new java.util.ArrayList<>()).add(h.getValue()));
        return headers;
    }
}
