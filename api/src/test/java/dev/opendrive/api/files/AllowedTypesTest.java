package dev.opendrive.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * ALLOWED_MIME_TYPES on the multipart route: the type is sniffed from the first bytes of each part
 * as it streams in; a file of a type not allowed fails alone (its bytes are never stored) while the
 * others of the same request are kept.
 */
@QuarkusTest
@TestProfile(AllowedTypesTest.TextOnly.class)
@QuarkusTestResource(MongoTestResource.class)
class AllowedTypesTest {

    public static class TextOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opendrive.files.allowed-types", "text/plain");
        }
    }

    @Inject
    OpenDriveConfig config;

    @Test
    void aFileOfATypeNotAllowedFailsAloneAndIsNeverStored() throws IOException {
        Api.User u = Api.newUser();
        byte[] text = "just text\n".getBytes(StandardCharsets.UTF_8);
        u.as().multiPart("files", "a.txt", text, "text/plain")
                .multiPart("files", "disguised.txt", FileResourceTest.PNG, "text/plain")
                .multiPart("files", "b.txt", text, "text/plain")
                .post("/api/files").then().statusCode(201)
                .body("success", equalTo(2)).body("failed", equalTo(1))
                .body("files.originalName", contains("a.txt", "b.txt"))
                .body("errors[0].filename", equalTo("disguised.txt"))
                .body("errors[0].code", equalTo("TYPE_NOT_ALLOWED"));
        assertThat(blobs(u)).isEqualTo(2);

        u.as().multiPart("files", "only.png", FileResourceTest.PNG).post("/api/files").then().statusCode(415)
                .body("code", equalTo("TYPE_NOT_ALLOWED")).body("success", equalTo(0)).body("failed", equalTo(1))
                .body("files", empty()).body("errors[0].filename", equalTo("only.png"));
        assertThat(blobs(u)).isEqualTo(2);
        u.as().get("/api/folders/stats/summary").then().body("totalFiles", equalTo(2));
    }

    private long blobs(Api.User u) throws IOException {
        Path dir = config.localStoragePath().resolve("files").resolve(u.id());
        try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            return files.count();
        }
    }
}
