package dev.opendrive.api.zip;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Over the configured limits a download is refused before it starts, with a JSON error. */
@QuarkusTest
@TestProfile(ZipLimitsTest.SmallLimits.class)
@QuarkusTestResource(MongoTestResource.class)
class ZipLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opendrive.zip.max-entries", "4", "opendrive.zip.max-bytes", "100",
                    "opendrive.zip.max-selection", "3");
        }
    }

    @Test
    void entriesBytesAndSelectionSizeAreCappedBeforeAnythingIsSent() {
        Api.User u = Api.newUser();
        String folder = u.folder("Four", null);
        String sub = u.folder("sub", folder);
        String a = u.upload(folder, "a.txt", "a".getBytes());
        String b = u.upload(sub, "b.txt", "b".getBytes());
        // 4 entries: the folder, its subfolder and two files
        u.as().get("/api/folders/" + folder + "/download").then().statusCode(200).contentType("application/zip");

        u.upload(sub, "c.txt", "c".getBytes());
        u.as().get("/api/folders/" + folder + "/download").then().statusCode(422).contentType(ContentType.JSON)
                .body("code", equalTo("DOWNLOAD_TOO_LARGE"))
                .body("error", containsString("at most 4 files and folders; this one has 5"));
        String big = u.folder("Big", null);
        u.upload(big, "big.bin", new byte[101]);
        u.as().get("/api/folders/" + big + "/download").then().statusCode(422)
                .body("code", equalTo("DOWNLOAD_TOO_LARGE")).body("error", containsString("at most 100 bytes"));
        u.as().contentType(ContentType.JSON).body(Map.of("folderIds", List.of(folder)))
                .post("/api/files/download").then().statusCode(422).body("code", equalTo("DOWNLOAD_TOO_LARGE"));

        u.as().contentType(ContentType.JSON).body(Map.of("fileIds", List.of(a, b, a, b)))
                .post("/api/files/download").then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"))
                .body("error", equalTo("At most 3 items can be downloaded at once"));
        u.as().contentType(ContentType.JSON).body(Map.of("fileIds", List.of(a, b)))
                .post("/api/files/download").then().statusCode(200);
    }
}
