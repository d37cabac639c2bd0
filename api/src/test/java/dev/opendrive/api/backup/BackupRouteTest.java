package dev.opendrive.api.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import dev.opendrive.api.testing.Api;
import dev.opendrive.api.testing.EmbeddedDatabaseProfile;
import dev.opendrive.embeddeddb.IndexedH2Backend;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * {@code POST /api/admin/backup} on the monolith's embedded database: only with the operator token,
 * a snapshot that opens and holds every acknowledged upload, one at a time, and JSON errors (never
 * a stack trace) for a bad name or an unusable backup directory.
 */
@QuarkusTest
@TestProfile(BackupRouteTest.EmbeddedDatabase.class)
class BackupRouteTest {

    static final Path ROOT = temporaryDirectory();
    static final Path BACKUPS = ROOT.resolve("backups");
    private static final String TOKEN = "test-admin-token";

    /** The embedded database in a fresh DATA_DIR (no MONGODB_URI), backups into a directory of this test. */
    public static class EmbeddedDatabase extends EmbeddedDatabaseProfile {
        @Override
        protected Map<String, String> more() {
            return Map.of("opendrive.backup.dir", BACKUPS.toString());
        }
    }

    @Inject
    BackupService service;

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("opendrive-backup-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response backup(String name) {
        var request = given().header("X-Admin-Token", TOKEN);
        if (name != null) {
            request = request.queryParam("name", name);
        }
        return request.post("/api/admin/backup");
    }

    private static void assertJsonError(Response r, int status, String code) {
        r.then().statusCode(status).contentType("application/json").body("code", equalTo(code))
                .body("error", not(containsString("Exception"))).body(not(containsString("\tat ")));
    }

    @Test
    void onlyTheOperatorTokenWritesABackup() {
        Api.User user = Api.newUser();
        assertJsonError(given().post("/api/admin/backup"), 403, "FORBIDDEN");
        assertJsonError(user.as().post("/api/admin/backup"), 403, "FORBIDDEN");
        assertJsonError(given().header("X-Admin-Token", "wrong").post("/api/admin/backup"), 403, "FORBIDDEN");
        assertThat(BACKUPS.resolve("anything")).doesNotExist();
    }

    @Test
    void aBackupIsASnapshotThatOpensWithEveryAcknowledgedUpload() throws Exception {
        Api.User user = Api.newUser();
        String folder = user.folder("Photos", null);
        Map<String, byte[]> uploaded = Map.of("a.txt", "alpha".getBytes(StandardCharsets.UTF_8), "b.txt",
                "bravo bravo".getBytes(StandardCharsets.UTF_8), "c.bin", new byte[] {0, 1, 2, 3});
        Map<String, String> ids = new java.util.HashMap<>();
        uploaded.forEach((name, content) -> ids.put(user.upload(folder, name, content), name));

        backup("first").then().statusCode(201).body("name", equalTo("first"))
                .body("path", equalTo(BACKUPS.resolve("first").toString()))
                .body("documents.files", equalTo(3)).body("documents.folders", equalTo(1)).body("blobs", equalTo(3));
        Path db = BACKUPS.resolve("first/db/opendrive.mv");
        assertThat(Files.readString(BACKUPS.resolve("first/backup.json"))).contains("\"blobs\" : 3");

        // the blob list names each file's key and the SHA-256 of what was uploaded
        List<String> lines = Files.readAllLines(BACKUPS.resolve("first/db/blobs.tsv")).stream()
                .filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            String[] f = line.split("\t");
            String name = ids.get(f[3]);
            assertThat(name).as(line).isNotNull();
            assertThat(f[0]).isEqualTo("files/" + user.id() + "/" + f[3]);
            assertThat(f[1]).isEqualTo(String.valueOf(uploaded.get(name).length));
            assertThat(f[2]).isEqualTo(sha256(uploaded.get(name)));
            assertThat(f[5]).isEqualTo("0");
            assertThat(f[6]).isEqualTo("-");
        }

        // the snapshot opens on its own, as after a restore, with the documents and agreeing indexes
        IndexedH2Backend backend = IndexedH2Backend.open(db);
        MongoServer server = new MongoServer(backend.version(ServerVersion.MONGO_5_0));
        try {
            var address = server.bind();
            try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
                var files = client.getDatabase("opendrive").getCollection("files");
                List<String> names = files.find(new Document("ownerId", new ObjectId(user.id())))
                        .map(d -> d.getString("originalName")).into(new ArrayList<>());
                assertThat(names).containsExactlyInAnyOrderElementsOf(uploaded.keySet());
                assertThat(client.getDatabase("opendrive").getCollection("users")
                        .countDocuments(new Document("email", user.email()))).isEqualTo(1);
                Document validation = client.getDatabase("opendrive")
                        .runCommand(new Document("validate", "files").append("full", true));
                assertThat(validation.getBoolean("valid")).as(validation.toJson()).isTrue();
            }
        } finally {
            server.shutdownNow();
            backend.close();
        }

        assertJsonError(backup("first"), 409, "BACKUP_EXISTS");
        // the live drive goes on
        user.upload(folder, "d.txt", "delta".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOverwrittenFilesEarlierContentIsInTheBlobListToo() throws Exception {
        Api.User user = Api.newUser();
        byte[] first = "first content".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second content, longer".getBytes(StandardCharsets.UTF_8);
        String id = user.upload(null, "v.txt", first);
        user.as().contentType("application/octet-stream").body(second).queryParam("name", "v.txt")
                .queryParam("onConflict", "version").put("/api/files/content").then().statusCode(200);

        backup("versions").then().statusCode(201);
        // gone from the live drive again: the other tests' backups count the documents
        user.as().delete("/api/files/" + id + "/permanent").then().statusCode(200);
        List<String[]> blobs = Files.readAllLines(BACKUPS.resolve("versions/db/blobs.tsv")).stream()
                .filter(l -> !l.startsWith("#")).map(l -> l.split("\t")).filter(f -> f[3].equals(id)).toList();
        assertThat(blobs).hasSize(2);
        String[] current = blobs.stream().filter(f -> f[5].equals("0")).findFirst().orElseThrow();
        String[] version = blobs.stream().filter(f -> f[5].equals("v")).findFirst().orElseThrow();
        assertThat(current[2]).isEqualTo(sha256(second));
        assertThat(current[0]).startsWith("files/" + user.id() + "/" + id + "_");
        assertThat(version[2]).isEqualTo(sha256(first));
        assertThat(version[0]).isEqualTo("files/" + user.id() + "/" + id);
        assertThat(version[1]).isEqualTo(String.valueOf(first.length));
        assertThat(version[6]).isEqualTo("-");
    }

    @Test
    void aSecondBackupWhileOneIsBeingWrittenIsRefused() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        service.afterSnapshot(() -> {
            inside.countDown();
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<Response> running = first.submit(() -> backup("slow"));
            assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();
            assertJsonError(backup("second"), 409, "BACKUP_RUNNING");
            assertThat(BACKUPS.resolve("second")).doesNotExist();
            release.countDown();
            running.get(1, TimeUnit.MINUTES).then().statusCode(201).body("name", equalTo("slow"));
        } finally {
            service.afterSnapshot(null);
            release.countDown();
            first.shutdown();
        }
        backup("after-slow").then().statusCode(201);
    }

    @Test
    void aBadNameOrAnUnusableBackupDirectoryAnswersAJsonError() throws Exception {
        for (String bad : List.of("../outside", ".hidden", "a/b", "x".repeat(101))) {
            assertJsonError(backup(bad), 400, "INVALID_BACKUP_NAME");
        }
        assertThat(ROOT.resolve("outside")).doesNotExist();

        // BACKUP_DIR is a regular file (a mount gone wrong): nothing can be written below it
        Path moved = ROOT.resolve("backups.moved");
        boolean existed = Files.isDirectory(BACKUPS);
        if (existed) {
            Files.move(BACKUPS, moved);
        }
        Files.writeString(BACKUPS, "not a directory");
        try {
            assertJsonError(backup("blocked"), 500, "BACKUP_FAILED");
        } finally {
            Files.delete(BACKUPS);
            if (existed) {
                Files.move(moved, BACKUPS);
            }
        }
        backup("unblocked").then().statusCode(201);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
