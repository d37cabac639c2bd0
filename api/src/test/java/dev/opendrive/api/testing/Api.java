package dev.opendrive.api.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Drives the API the way a client does: a registered user with a token, and small helpers. */
public final class Api {

    public static final String PASSWORD = "correct horse battery";
    /** Lets {@link User#uploadRaw} send a hand-written multipart body unchanged. */
    static final RestAssuredConfig UTF8_MULTIPART = RestAssuredConfig.config()
            .encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                    .encodeContentTypeAs("multipart/form-data", ContentType.BINARY));

    private Api() {
    }

    public record User(String id, String email, String token) {
        public RequestSpecification as() {
            return given().config(UTF8_MULTIPART).header("Authorization", "Bearer " + token);
        }

        public String folder(String name, String parentId) {
            Map<String, Object> body = parentId == null ? Map.of("name", name) : Map.of("name", name, "parentId", parentId);
            return as().contentType(ContentType.JSON).body(body).post("/api/folders").then().statusCode(201)
                    .extract().path("_id");
        }

        public String upload(String folderId, String fileName, byte[] content) {
            var request = as().multiPart("files", fileName, content, "application/octet-stream");
            if (folderId != null) {
                request = request.multiPart("folderId", folderId);
            }
            return request.post("/api/files").then().statusCode(201).extract().path("files[0]._id");
        }

        /** Whether the thumbnail worker made the file's thumbnail within 15 s. */
        public boolean awaitThumbnail(String fileId) throws InterruptedException {
            for (int i = 0; i < 300; i++) {
                if (Boolean.TRUE.equals(as().get("/api/files/" + fileId).path("hasThumbnail"))) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }

        /**
         * Waits until a search for {@code q} finds at least {@code hits} files: the search indexer,
         * which the monolith runs after every upload, has written its last for them.
         */
        public void awaitSearchable(String q, int hits) throws InterruptedException {
            for (int i = 0; i < 200; i++) {
                if (as().queryParam("q", q).get("/api/search").jsonPath().getList("files").size() >= hits) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("not searchable: " + q);
        }

        /** A multipart upload written byte for byte as a browser does (UTF-8 file name in the header). */
        public Response uploadRaw(String fileName, byte[] content) {
            String boundary = "----opendrive" + UUID.randomUUID();
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                    + fileName.replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            body.writeBytes(head);
            body.writeBytes(content);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return as().contentType("multipart/form-data; boundary=" + boundary).body(body.toByteArray())
                    .post("/api/files");
        }
    }

    /** Logs a registered user in again: a new token for the same account. */
    public static User logIn(String email, String password) {
        Response r = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/auth/login");
        r.then().statusCode(200);
        return new User(r.path("user.id"), email, r.path("token"));
    }

    public static User newUser() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        Response r = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/auth/register");
        r.then().statusCode(201);
        return new User(r.path("user.id"), email, r.path("token"));
    }
}
