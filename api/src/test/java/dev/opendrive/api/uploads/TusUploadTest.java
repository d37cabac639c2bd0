package dev.opendrive.api.uploads;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

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
 * The tus 1.0 protocol under /api/uploads, as a client that resumes uploads sees it: pieces become
 * one file exactly like any other upload, broken connections lose only what never arrived, and
 * every refusal leaves the upload (or nothing) as the rule says.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class TusUploadTest {

    static final String ADMIN = "test-admin-token";
    static final String OCTETS = "application/offset+octet-stream";
    /** A ZIP local file header: sniffed as application/zip, which no background handler opens. */
    static final byte[] ZIP_HEADER = HexFormat.of().parseHex("504b0304140000000800");

    @Inject
    OpenDriveConfig config;

    @Inject
    ResumableUploadRepository uploads;

    @Inject
    ResumableUploads service;

    static RequestSpecification tus(Api.User u) {
        return u.as().header("Tus-Resumable", "1.0.0");
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String metadata(String fileName, String folderId) {
        String m = "filename " + b64(fileName) + ",filetype " + b64("application/zip");
        return folderId == null ? m : m + ",folderId " + b64(folderId);
    }

    /** Creates an upload and answers its path (/api/uploads/<id>). */
    static String create(Api.User u, long length, String fileName, String folderId) {
        Response r = tus(u).header("Upload-Length", length).header("Upload-Metadata", metadata(fileName, folderId))
                .post("/api/uploads");
        r.then().statusCode(201).header("Tus-Resumable", "1.0.0").header("Location", startsWith("/api/uploads/"));
        if (length > 0) { // an empty file is complete at once: nothing left to expire
            r.then().header("Upload-Expires", org.hamcrest.Matchers.endsWith(" GMT"));
        }
        return r.header("Location");
    }

    static Response patch(Api.User u, String upload, long offset, byte[] body) {
        return tus(u).header("Upload-Offset", offset).contentType(OCTETS).body(body).patch(upload);
    }

    static long offset(Api.User u, String upload) {
        Response r = tus(u).head(upload);
        r.then().statusCode(200).header("Cache-Control", "no-store").header("Tus-Resumable", "1.0.0");
        return Long.parseLong(r.header("Upload-Offset"));
    }

    static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        System.arraycopy(ZIP_HEADER, 0, b, 0, ZIP_HEADER.length);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String digest(String algorithm, byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(b));
    }

    /** The caller's files in a folder (null: the root), as the listing shows them. */
    static List<Map<String, Object>> listed(Api.User u, String folderId) {
        return u.as().get("/api/files/folder/" + (folderId == null ? "root" : folderId)).then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    private Path chunksOf(Api.User u, String upload) {
        return config.localStoragePath().resolve("uploads").resolve(u.id())
                .resolve(upload.substring(upload.lastIndexOf('/') + 1));
    }

    private static long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void discoveryTellsVersionExtensionsLimitAndChecksums() {
        given().options("/api/uploads").then().statusCode(204).header("Tus-Version", "1.0.0")
                .header("Tus-Extension", "creation,termination,expiration,checksum")
                .header("Tus-Max-Size", String.valueOf(config.storage().maxFileSize()))
                .header("Tus-Checksum-Algorithm", "sha1,sha256");
    }

    @Test
    void aBrowserOnAnotherOriginMaySendAndReadTheTusHeaders() {
        given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization,tus-resumable,upload-offset,upload-checksum,content-type")
                .options("/api/uploads/0123456789abcdef01234567").then()
                .header("Access-Control-Allow-Origin", "http://localhost:3000")
                .header("Access-Control-Allow-Methods", org.hamcrest.Matchers.containsString("PATCH"))
                .header("Access-Control-Allow-Headers", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsStringIgnoringCase("Tus-Resumable"),
                        org.hamcrest.Matchers.containsStringIgnoringCase("Upload-Offset"),
                        org.hamcrest.Matchers.containsStringIgnoringCase("Upload-Checksum")));
        Api.User u = Api.newUser();
        tus(u).header("Origin", "http://localhost:3000").header("Upload-Length", 10)
                .header("Upload-Metadata", metadata("cors.bin", null)).post("/api/uploads").then().statusCode(201)
                .header("Access-Control-Expose-Headers", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("Location"), org.hamcrest.Matchers.containsString("Upload-Offset"),
                        org.hamcrest.Matchers.containsString("Upload-Expires"), org.hamcrest.Matchers.containsString("Tus-Resumable")));
    }

    @Test
    void theOpenApiDocumentDescribesTheProtocolRoutes() {
        io.restassured.path.json.JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
        assertThat(doc.getMap("paths.'/api/uploads'")).containsKey("post");
        assertThat(doc.getMap("paths.'/api/uploads/{id}'")).containsKeys("head", "patch", "delete");
        assertThat(doc.getMap("paths.'/api/uploads/{id}'.patch.requestBody.content")).containsKey(OCTETS);
    }

    @Test
    void piecesBecomeOneFileOnlyWhenTheLastByteArrives() throws Exception {
        Api.User u = Api.newUser();
        String folder = u.folder("Videos", null);
        byte[] data = content(1_000_000, 1);
        String upload = create(u, data.length, "holiday.zip", folder);
        assertThat(offset(u, upload)).isZero();
        tus(u).head(upload).then().header("Upload-Length", String.valueOf(data.length))
                .header("Upload-Metadata", metadata("holiday.zip", folder));

        int[] cuts = { 0, 1, 65_536, 400_000, 999_999, data.length };
        Response last = null;
        for (int i = 0; i < cuts.length - 1; i++) {
            assertThat(listed(u, folder)).as("no file before the last byte").isEmpty();
            last = patch(u, upload, cuts[i], Arrays.copyOfRange(data, cuts[i], cuts[i + 1]));
            last.then().statusCode(204).header("Upload-Offset", String.valueOf(cuts[i + 1])).header("Tus-Resumable", "1.0.0");
            assertThat(offset(u, upload)).isEqualTo(cuts[i + 1]);
        }

        List<Map<String, Object>> files = listed(u, folder);
        assertThat(files).hasSize(1);
        Map<String, Object> file = files.get(0);
        assertThat(last.header("OpenDrive-File-Id")).as("the last answer names the file").isEqualTo(file.get("_id"));
        assertThat(file.get("originalName")).isEqualTo("holiday.zip");
        assertThat(file.get("sha256")).isEqualTo(sha256(data));
        assertThat(((Number) file.get("size")).longValue()).isEqualTo(data.length);
        assertThat(file.get("mimeType")).isEqualTo("application/zip");
        byte[] downloaded = u.as().get("/api/files/" + file.get("_id") + "/download").then().statusCode(200).extract()
                .asByteArray();
        assertThat(downloaded).isEqualTo(data);
        // the same fields as a multipart upload of the same bytes
        String twin = u.upload(folder, "twin.zip", data);
        Map<String, Object> multipart = u.as().get("/api/files/" + twin).then().extract().jsonPath().getMap("$");
        assertThat(file.keySet()).isEqualTo(multipart.keySet());
        assertThat(file.get("sha256")).isEqualTo(multipart.get("sha256"));

        // the finished upload still answers (a client that lost the last answer), its pieces are gone
        assertThat(offset(u, upload)).isEqualTo(data.length);
        patch(u, upload, data.length, new byte[0]).then().statusCode(204).header("Upload-Offset", String.valueOf(data.length));
        assertThat(filesIn(chunksOf(u, upload))).isZero();
        assertThat(u.as().get("/api/folders/stats/summary").then().extract().jsonPath().getLong("storageUsed"))
                .isEqualTo(2L * data.length);
    }

    @Test
    void withOnConflictVersionAFinishedUploadReplacesTheFileOfThatNameAndKeepsTheOldContent() throws Exception {
        Api.User u = Api.newUser();
        String folder = u.folder("Backups", null);
        byte[] first = content(70_000, 11);
        String existing = u.upload(folder, "disk.zip", first);
        byte[] second = content(90_000, 12);
        String m = metadata("disk.zip", folder) + ",onConflict " + b64("version");
        String upload = tus(u).header("Upload-Length", second.length).header("Upload-Metadata", m).post("/api/uploads")
                .then().statusCode(201).extract().header("Location");
        patch(u, upload, 0, second).then().statusCode(204).header("OpenDrive-File-Id", existing);

        List<Map<String, Object>> files = listed(u, folder);
        assertThat(files).as("replaced, not a second file 'disk (1).zip'").hasSize(1);
        assertThat(files.get(0).get("sha256")).isEqualTo(sha256(second));
        String old = u.as().get("/api/files/" + existing + "/versions").then().statusCode(200).extract()
                .path("versions[1].versionId");
        assertThat(u.as().get("/api/files/" + existing + "/versions/" + old + "/download").then().statusCode(200)
                .extract().asByteArray()).isEqualTo(first);

        tus(u).header("Upload-Length", 10).header("Upload-Metadata", metadata("x.zip", folder) + ",onConflict " + b64("overwrite"))
                .post("/api/uploads").then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_ON_CONFLICT"));
    }

    @Test
    void anEmptyFileIsMadeAtCreation() {
        Api.User u = Api.newUser();
        String upload = create(u, 0, "empty.txt", null);
        assertThat(offset(u, upload)).isZero();
        assertThat(listed(u, null)).extracting(f -> f.get("originalName")).containsExactly("empty.txt");
    }

    @Test
    void aWrongOffsetIsAConflictAndChangesNothing() {
        Api.User u = Api.newUser();
        byte[] data = content(5000, 2);
        String upload = create(u, data.length, "a.zip", null);
        patch(u, upload, 0, Arrays.copyOfRange(data, 0, 1000)).then().statusCode(204);
        patch(u, upload, 500, Arrays.copyOfRange(data, 500, 2000)).then().statusCode(409).contentType(ContentType.JSON)
                .body("code", equalTo("UPLOAD_OFFSET_MISMATCH"));
        patch(u, upload, 0, Arrays.copyOfRange(data, 0, 1000)).then().statusCode(409);
        assertThat(offset(u, upload)).isEqualTo(1000);
        patch(u, upload, 1000, Arrays.copyOfRange(data, 1000, 5000)).then().statusCode(204);
        assertThat(listed(u, null)).hasSize(1);
    }

    @Test
    void aBodyThatDoesNotMatchItsChecksumIsNotKept() throws Exception {
        Api.User u = Api.newUser();
        byte[] data = content(3000, 3);
        String upload = create(u, data.length, "checked.zip", null);
        byte[] first = Arrays.copyOfRange(data, 0, 1000);
        tus(u).header("Upload-Offset", 0).header("Upload-Checksum", "sha1 " + digest("SHA-1", first)).contentType(OCTETS)
                .body(first).patch(upload).then().statusCode(204).header("Upload-Offset", "1000");

        byte[] second = Arrays.copyOfRange(data, 1000, 3000);
        byte[] corrupted = second.clone();
        corrupted[700] ^= 1;
        tus(u).header("Upload-Offset", 1000).header("Upload-Checksum", "sha256 " + digest("SHA-256", second))
                .contentType(OCTETS).body(corrupted).patch(upload).then().statusCode(460)
                .body("code", equalTo("CHECKSUM_MISMATCH"));
        assertThat(offset(u, upload)).isEqualTo(1000);
        assertThat(filesIn(chunksOf(u, upload))).as("only the first piece is stored").isEqualTo(1);
        tus(u).header("Upload-Offset", 1000).header("Upload-Checksum", "md5 " + digest("MD5", second)).contentType(OCTETS)
                .body(second).patch(upload).then().statusCode(400).body("code", equalTo("CHECKSUM_ALGORITHM_UNSUPPORTED"));

        tus(u).header("Upload-Offset", 1000).header("Upload-Checksum", "sha256 " + digest("SHA-256", second))
                .contentType(OCTETS).body(second).patch(upload).then().statusCode(204).header("Upload-Offset", "3000");
        assertThat(listed(u, null)).extracting(f -> f.get("sha256")).containsExactly(sha256(data));
    }

    @Test
    void terminationRemovesTheUploadAndItsBytes() throws Exception {
        Api.User u = Api.newUser();
        String upload = create(u, 4000, "gone.zip", null);
        patch(u, upload, 0, content(1500, 4)).then().statusCode(204);
        assertThat(filesIn(chunksOf(u, upload))).isEqualTo(1);
        tus(u).delete(upload).then().statusCode(204).header("Tus-Resumable", "1.0.0");
        tus(u).head(upload).then().statusCode(404);
        patch(u, upload, 1500, content(2500, 5)).then().statusCode(404).body("code", equalTo("UPLOAD_NOT_FOUND"));
        tus(u).delete(upload).then().statusCode(404);
        assertThat(filesIn(chunksOf(u, upload))).isZero();
        assertThat(listed(u, null)).isEmpty();
    }

    @Test
    void anAbandonedUploadExpiresWithItsBytes() throws Exception {
        Api.User u = Api.newUser();
        String upload = create(u, 4000, "late.zip", null);
        patch(u, upload, 0, content(1000, 6)).then().statusCode(204);
        String swept = create(u, 4000, "swept.zip", null);
        patch(u, swept, 0, content(1000, 7)).then().statusCode(204);
        String kept = create(u, 4000, "kept.zip", null);
        patch(u, kept, 0, content(1000, 8)).then().statusCode(204);
        expire(upload);
        expire(swept);

        tus(u).head(upload).then().statusCode(410);
        assertThat(filesIn(chunksOf(u, upload))).isZero();
        patch(u, upload, 1000, content(3000, 6)).then().statusCode(404);

        assertThat(filesIn(chunksOf(u, swept))).isEqualTo(1);
        assertThat(service.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(filesIn(chunksOf(u, swept))).isZero();
        tus(u).head(swept).then().statusCode(404);
        assertThat(offset(u, kept)).as("an upload within its expiry is kept").isEqualTo(1000);
    }

    private void expire(String upload) {
        ObjectId id = new ObjectId(upload.substring(upload.lastIndexOf('/') + 1));
        uploads.mongoCollection().updateOne(Filters.eq("_id", id),
                Updates.set("expiresAt", Instant.now().minus(Duration.ofMinutes(1))));
    }

    @Test
    void refusedAtCreationByTheRulesOfEveryUpload() {
        Api.User u = Api.newUser();
        long max = config.storage().maxFileSize();
        tus(u).header("Upload-Length", max + 1).header("Upload-Metadata", metadata("big.zip", null)).post("/api/uploads")
                .then().statusCode(413).contentType(ContentType.JSON).body("code", equalTo("FILE_TOO_LARGE"));
        tus(u).header("Upload-Length", 10).header("Upload-Metadata", "filetype " + b64("text/plain")).post("/api/uploads")
                .then().statusCode(400).body("code", equalTo("NAME_REQUIRED"));
        tus(u).header("Upload-Length", 10).header("Upload-Metadata", metadata("x.txt", new ObjectId().toHexString()))
                .post("/api/uploads").then().statusCode(404).body("code", equalTo("FOLDER_NOT_FOUND"));
        tus(u).header("Upload-Metadata", metadata("x.txt", null)).post("/api/uploads").then().statusCode(400)
                .body("code", equalTo("INVALID_UPLOAD_HEADER"));
        u.as().header("Upload-Length", 10).header("Upload-Metadata", metadata("x.txt", null)).post("/api/uploads").then()
                .statusCode(412).header("Tus-Version", "1.0.0").body("code", equalTo("TUS_VERSION_UNSUPPORTED"));
        patch(u, create(u, 10, "x.zip", null), 0, new byte[11]).then().statusCode(413);
    }

    @Test
    void theQuotaIsCheckedAtCreationAndChargedAtCompletion() {
        Api.User u = Api.newUser();
        given().header("X-Admin-Token", ADMIN).contentType(ContentType.JSON).body(Map.of("bytes", 10_000))
                .put("/api/admin/users/" + u.id() + "/quota").then().statusCode(200);
        tus(u).header("Upload-Length", 10_001).header("Upload-Metadata", metadata("big.zip", null)).post("/api/uploads")
                .then().statusCode(507).contentType(ContentType.JSON).body("code", equalTo("QUOTA_EXCEEDED"));

        // two uploads that each fit, but not together: the second to complete is refused, and only its last piece is undone
        byte[] a = content(6000, 9);
        byte[] b = content(6000, 10);
        String first = create(u, a.length, "a.zip", null);
        String second = create(u, b.length, "b.zip", null);
        patch(u, second, 0, Arrays.copyOfRange(b, 0, 3000)).then().statusCode(204);
        patch(u, first, 0, a).then().statusCode(204);
        patch(u, second, 3000, Arrays.copyOfRange(b, 3000, 6000)).then().statusCode(507).body("code", equalTo("QUOTA_EXCEEDED"));
        assertThat(offset(u, second)).isEqualTo(3000);
        assertThat(listed(u, null)).extracting(f -> f.get("originalName")).containsExactly("a.zip");

        // room made: the same upload resumes and completes
        String aId = (String) listed(u, null).get(0).get("_id");
        u.as().delete("/api/files/" + aId + "/permanent").then().statusCode(200);
        patch(u, second, 3000, Arrays.copyOfRange(b, 3000, 6000)).then().statusCode(204);
        assertThat(listed(u, null)).extracting(f -> f.get("originalName")).containsExactly("b.zip");
    }

    @Test
    void anotherUsersUploadIsNotFound() {
        Api.User owner = Api.newUser();
        Api.User intruder = Api.newUser();
        String upload = create(owner, 3000, "mine.zip", null);
        patch(owner, upload, 0, content(1000, 11)).then().statusCode(204);
        tus(intruder).head(upload).then().statusCode(404);
        patch(intruder, upload, 1000, content(2000, 12)).then().statusCode(404).body("code", equalTo("UPLOAD_NOT_FOUND"));
        tus(intruder).delete(upload).then().statusCode(404);
        given().header("Tus-Resumable", "1.0.0").head(upload).then().statusCode(401);
        assertThat(offset(owner, upload)).isEqualTo(1000);
    }

    @Test
    void aConnectionThatBreaksMidBodyKeepsWhatArrivedAndTheUploadResumesFromThere() throws Exception {
        Api.User u = Api.newUser();
        byte[] data = content(2_000_000, 13);
        String upload = create(u, data.length, "flaky.zip", null);
        int sent = 1_234_567;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + upload + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + u.token()
                    + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: " + OCTETS + "\r\nContent-Length: "
                    + data.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data, 0, sent);
            out.flush();
            socket.shutdownOutput(); // the connection ends mid-body
            drain(socket.getInputStream());
        }
        long resumeAt = awaitOffset(u, upload);
        // What reached the application is kept; Quarkus drops the little it had read ahead but not yet
        // handed over when the connection breaks (VertxInputStream releases its buffers), so the
        // offset may end a few network buffers short of what the client wrote, never beyond it.
        assertThat(resumeAt).as("the bytes that arrived before the connection broke")
                .isBetween((long) sent - 512 * 1024, (long) sent);
        assertThat(listed(u, null)).isEmpty();

        patch(u, upload, resumeAt, Arrays.copyOfRange(data, (int) resumeAt, data.length)).then().statusCode(204)
                .header("Upload-Offset", String.valueOf(data.length));
        Map<String, Object> file = listed(u, null).get(0);
        assertThat(file.get("sha256")).isEqualTo(sha256(data));
        assertThat(u.as().get("/api/files/" + file.get("_id") + "/download").then().statusCode(200).extract().asByteArray())
                .isEqualTo(data);
    }

    @Test
    void ofTwoRequestsForTheSameBytesOnlyOneIsKept() throws Exception {
        Api.User u = Api.newUser();
        byte[] winner = content(200_000, 14);
        byte[] loser = content(200_000, 15);
        String upload = create(u, 400_000, "race.zip", null);
        Path tmp = config.localStoragePath().resolve(".tmp");
        long partsBefore = filesIn(tmp);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + upload + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + u.token()
                    + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: " + OCTETS + "\r\nContent-Length: "
                    + loser.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(loser, 0, 100_000);
            out.flush();
            // the slow request checked the offset and is writing its piece...
            await("the slow request's piece being written", () -> filesIn(tmp) > partsBefore);
            // ...when another one for the same bytes completes first
            patch(u, upload, 0, winner).then().statusCode(204).header("Upload-Offset", "200000");
            out.write(loser, 100_000, 100_000);
            out.flush();
            String answer = new String(drain(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 409");
        }
        assertThat(offset(u, upload)).isEqualTo(200_000);
        assertThat(filesIn(chunksOf(u, upload))).as("the loser's piece is not kept").isEqualTo(1);
        patch(u, upload, 200_000, winner).then().statusCode(204);
        byte[] expected = new byte[400_000];
        System.arraycopy(winner, 0, expected, 0, 200_000);
        System.arraycopy(winner, 0, expected, 200_000, 200_000);
        assertThat(listed(u, null).get(0).get("sha256")).isEqualTo(sha256(expected));
    }

    /** Reads the answer until the server closes (or a complete small answer arrived). */
    private static byte[] drain(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                    if (!m.find() || got.size() >= end + 4 + Integer.parseInt(m.group(1))) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // a reset after the answer, or instead of one
        }
        return got.toByteArray();
    }

    /** The offset once the broken request's bytes are recorded (the server sees the break a moment later). */
    private static long awaitOffset(Api.User u, String upload) throws Exception {
        long[] seen = new long[1];
        await("the broken request's bytes recorded", () -> (seen[0] = offset(u, upload)) > 0);
        return seen[0];
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
}
