package dev.opendrive.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * POST /api/files read as a stream: each file goes to storage while the body is still arriving, the
 * folder may come after the files, and a request that breaks a rule at any point leaves no blob, no
 * document and no temporary file behind.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class MultipartStreamingTest {

    @Inject
    OpenDriveConfig config;

    /** Where Quarkus would spool a decoded form: never used by the upload routes. */
    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    Path spool;

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void tenFilesWithTheFolderAfterThemLandInTheFolder() {
        Api.User u = Api.newUser();
        String folder = u.folder("Holiday", null);
        RequestSpecification request = u.as();
        for (int i = 0; i < 10; i++) {
            request = request.multiPart("files", "photo-" + i + ".bin", random(20_000 + i), "application/octet-stream");
        }
        request.multiPart("description", "ignored, as any other text field").multiPart("folderId", folder)
                .post("/api/files").then().statusCode(201)
                .body("success", equalTo(10)).body("failed", equalTo(0))
                .body("files.folderId", everyItem(equalTo(folder)))
                .body("files[9].originalName", equalTo("photo-9.bin")).body("files[9].size", equalTo(20_009));
        u.as().get("/api/files/folder/" + folder).then().body("$", hasSize(10));
        u.as().get("/api/files/folder/root").then().body("$", empty());
        u.as().get("/api/folders/stats/summary").then().body("totalFiles", equalTo(10));
    }

    @Test
    void anEleventhPartIsRefusedAndTheTenBlobsAlreadyWrittenAreRemoved() throws IOException {
        Api.User u = Api.newUser();
        RequestSpecification request = u.as();
        for (int i = 0; i < 10; i++) {
            request = request.multiPart("files", "f" + i + ".bin", random(100_000 + i));
        }
        // the 11th is still being sent when it is refused: the client still gets its answer
        request = request.multiPart("files", "eleventh.bin", random(2 * 1024 * 1024));
        request.post("/api/files").then().statusCode(400).contentType(ContentType.JSON)
                .body("code", equalTo("TOO_MANY_FILES")).body("error", notNullValue());
        assertNothingStored(u);
    }

    @Test
    void aTooLargeSecondPartIs413AndTheFirstBlobIsRemoved() throws IOException {
        Api.User u = Api.newUser();
        String folder = u.folder("F", null);
        u.as().multiPart("folderId", folder).multiPart("files", "first.bin", random(300_000))
                .multiPart("files", "second.bin", new byte[(int) config.storage().maxFileSize() + 1])
                .multiPart("files", "third.txt", "never read".getBytes())
                .post("/api/files").then().statusCode(413).contentType(ContentType.JSON)
                .body("code", equalTo("FILE_TOO_LARGE")).body("error", org.hamcrest.Matchers.containsString("second.bin"));
        assertNothingStored(u);
        u.as().get("/api/files/folder/" + folder).then().body("$", empty());
    }

    @Test
    void aFolderThatIsNotTheCallersIsRefusedBeforeAnyFileIsStored() throws IOException {
        Api.User u = Api.newUser();
        String theirs = Api.newUser().folder("Theirs", null);
        u.as().multiPart("folderId", theirs).multiPart("files", "a.bin", random(100_000)).post("/api/files")
                .then().statusCode(404).body("code", equalTo("FOLDER_NOT_FOUND"));
        u.as().multiPart("files", "a.bin", random(100_000)).multiPart("folderId", "x".repeat(5000)).post("/api/files")
                .then().statusCode(400).body("code", equalTo("INVALID_FOLDER_ID"));
        assertNothingStored(u);
    }

    @Test
    void aBodyWithoutItsClosingBoundaryIsA400JsonErrorAndStoresNothing() throws IOException {
        Api.User u = Api.newUser();
        String boundary = "----opendrive" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(partHead(boundary, "complete.bin"));
        body.writeBytes(random(200_000));
        body.writeBytes(("\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(partHead(boundary, "cut.bin"));
        body.writeBytes(random(1000)); // and then the body just ends
        Response r = u.as().contentType("multipart/form-data; boundary=" + boundary).body(body.toByteArray())
                .post("/api/files");
        r.then().statusCode(400).contentType(ContentType.JSON).body("code", equalTo("MALFORMED_MULTIPART"))
                .body("error", startsWith("Malformed multipart body"));
        assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ");
        u.as().contentType("multipart/form-data").body("--x\r\n\r\n".getBytes()).post("/api/files").then()
                .statusCode(400).body("code", equalTo("MALFORMED_MULTIPART"));
        assertNothingStored(u);
    }

    @Test
    void longUnicodeFileNamesSurviveThePartHeaders() {
        Api.User u = Api.newUser();
        String name = "写真".repeat(125) + ".txt"; // 254 characters, 754 bytes in UTF-8
        u.uploadRaw(name, "hello".getBytes()).then().statusCode(201).body("files[0].originalName", equalTo(name));
    }

    @Test
    void eachFileStreamsToStorageWhileTheBodyArrivesAndAClientThatGoesAwayLeavesNothing() throws Exception {
        Api.User u = Api.newUser();
        String boundary = "----opendrive" + UUID.randomUUID();
        byte[] first = random(700_000);
        byte[] second = random(3 * 1024 * 1024);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        sent.writeBytes(partHead(boundary, "first.bin"));
        sent.writeBytes(first);
        sent.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        sent.writeBytes(partHead(boundary, "second.bin"));
        sent.write(second, 0, second.length / 2);
        long declared = sent.size() + (second.length - second.length / 2) + ("\r\n--" + boundary + "--\r\n").length();
        DirectoryCount spooled = new DirectoryCount(spool);
        DirectoryCount spooledInDataDir = new DirectoryCount(config.dataDir().resolve("uploads-tmp"));
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + u.token()
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + declared
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(sent.toByteArray());
            out.flush();
            // the first file is complete in storage while the request is still being sent: nothing
            // waited for the whole body, and nothing was spooled
            await("the first blob in storage and the second being written",
                    () -> files(userBlobs(u)) == 1 && files(config.localStoragePath().resolve(".tmp")) == 1);
            assertThat(spooled.added() + spooledInDataDir.added()).as("spooled request bodies").isZero();
            socket.setSoLinger(true, 0); // the client goes away: a reset, mid-part
        }
        await("the blobs of the broken request removed",
                () -> files(userBlobs(u)) == 0 && files(config.localStoragePath().resolve(".tmp")) == 0);
        assertNothingStored(u);
    }

    @Test
    void theOpenApiDocumentStillDescribesTheForm() {
        io.restassured.path.json.JsonPath doc = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        String ref = doc.getString("paths.'/api/files'.post.requestBody.content.'multipart/form-data'.schema.$ref");
        assertThat(ref).isEqualTo("#/components/schemas/UploadForm");
        assertThat(doc.getString("components.schemas.UploadForm.properties.files.type")).isEqualTo("array");
        assertThat(doc.getString("components.schemas.UploadForm.properties.files.items.format")).isEqualTo("binary");
        assertThat(doc.getString("components.schemas.UploadForm.properties.folderId.type")).isEqualTo("string");
        assertThat(doc.getList("components.schemas.UploadForm.required")).containsExactly("files");
    }

    private static byte[] partHead(String boundary, String fileName) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private Path userBlobs(Api.User u) {
        return config.localStoragePath().resolve("files").resolve(u.id());
    }

    private void assertNothingStored(Api.User u) throws IOException {
        u.as().get("/api/files/folder/root").then().statusCode(200).body("$", empty());
        u.as().get("/api/folders/stats/summary").then().body("totalFiles", equalTo(0)).body("storageUsed", equalTo(0));
        assertThat(files(userBlobs(u))).as("blobs left behind").isZero();
        assertThat(files(config.localStoragePath().resolve(".tmp"))).as("partial blobs left behind").isZero();
    }

    private static long files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static void await(String what, IoCondition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.met()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface IoCondition {
        boolean met() throws IOException;
    }

    /** Files in a directory now, to tell the ones that appear later. */
    private static final class DirectoryCount {
        private final Path dir;
        private final long before;

        DirectoryCount(Path dir) throws IOException {
            this.dir = dir;
            this.before = files(dir);
        }

        long added() throws IOException {
            return files(dir) - before;
        }
    }
}
