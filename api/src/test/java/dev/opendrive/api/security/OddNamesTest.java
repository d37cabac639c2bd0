package dev.opendrive.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Hostile file and folder names: path parts, absolute paths, NUL, 1000 characters, the right-to-left
 * override. Upload names are made safe; names typed for folders and renames are refused with 400.
 * Either way the blob key never comes from the name and the download header stays one clean line.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class OddNamesTest {

    static final String RLO = "\u202E";
    /** RFC 6266 with an ASCII fallback that has no quote, backslash or control, and an RFC 5987 value. */
    static final Pattern SAFE_DISPOSITION = Pattern.compile(
            "(inline|attachment); filename=\"[\\x20-\\x7e&&[^\"\\\\]]*\"; filename\\*=UTF-8''[A-Za-z0-9!#$&+\\-.^_`|~%]+");

    @Test
    void uploadNamesAreReducedToASafeDisplayNameAndNeverReachTheStorageKey() {
        Api.User u = Api.newUser();
        String longName = "n".repeat(1000) + ".txt";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("../../etc/passwd", "passwd");
        expected.put("/etc/shadow", "shadow");
        expected.put("C:\\Windows\\System32\\evil.dll", "evil.dll");
        expected.put("..\\..\\boot.ini", "boot.ini");
        expected.put("nul\u0000byte.txt", "nulbyte.txt");
        expected.put("invoice" + RLO + "gpj.exe", "invoicegpj.exe");
        expected.put("..", "unnamed");
        expected.put(longName, "n".repeat(251) + ".txt");
        Pattern key = Pattern.compile("files/" + u.id() + "/[0-9a-f]{24}");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Response r = u.uploadRaw(e.getKey(), "x".getBytes());
            r.then().statusCode(201);
            String id = r.path("files[0]._id");
            assertThat((String) r.path("files[0].originalName")).as(e.getKey()).isEqualTo(e.getValue());
            assertThat((String) r.path("files[0].storageKey")).as(e.getKey()).matches(key);
            assertThat(((String) r.path("files[0].name")).chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20))
                    .as("name field of " + e.getKey()).isTrue();
            assertSafeDisposition(u.as().get("/api/files/" + id + "/download"));
        }
    }

    @Test
    void typedNamesWithPathPartsControlsOrOverridesAreRefusedWith400() {
        Api.User u = Api.newUser();
        String folder = u.folder("Ok", null);
        String file = u.upload(folder, "ok.txt", "x".getBytes());
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("../up", "INVALID_NAME");
        bad.put("/absolute", "INVALID_NAME");
        bad.put("a\\b", "INVALID_NAME");
        bad.put("..", "INVALID_NAME");
        bad.put("nul\u0000byte", "INVALID_NAME");
        bad.put("line\r\nContent-Type: text/html", "INVALID_NAME");
        bad.put("invoice" + RLO + "fdp.exe", "INVALID_NAME");
        bad.put("x".repeat(1000), "NAME_TOO_LONG");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            String what = e.getKey().length() > 40 ? e.getKey().substring(0, 40) + "..." : e.getKey();
            Map<String, Object> body = Map.of("name", e.getKey());
            Response create = u.as().contentType(ContentType.JSON).body(body).post("/api/folders");
            assertThat(create.statusCode()).as("create folder " + what).isEqualTo(400);
            create.then().body("code", equalTo(e.getValue()));
            u.as().contentType(ContentType.JSON).body(body).put("/api/folders/" + folder).then().statusCode(400)
                    .body("code", equalTo(e.getValue()));
            u.as().contentType(ContentType.JSON).body(body).put("/api/files/" + file).then().statusCode(400)
                    .body("code", equalTo(e.getValue()));
        }
        u.as().get("/api/folders/" + folder).then().body("folder.name", equalTo("Ok")).body("files[0].originalName",
                equalTo("ok.txt"));
    }

    @Test
    void quotesSemicolonsAndNonLatinNamesDownloadWithACleanHeader() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "a.txt", "x".getBytes());
        for (String name : new String[] { "say \"hi\"; filename=evil.html", "100% ✓ Ωμέγα 文件.txt",
                "emoji 😀.png", "semi;colon=\"x\".txt" }) {
            u.as().contentType(ContentType.JSON).body(Map.of("name", name)).put("/api/files/" + id).then().statusCode(200)
                    .body("originalName", equalTo(name));
            Response r = u.as().get("/api/files/" + id + "/download");
            assertSafeDisposition(r);
            String share = u.as().post("/api/files/" + id + "/share").path("shareId");
            assertSafeDisposition(io.restassured.RestAssured.given().get("/api/public/" + share + "/download"));
        }
    }

    private static void assertSafeDisposition(Response r) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().getValues("Content-Disposition")).hasSize(1);
        assertThat(r.header("Content-Disposition")).matches(SAFE_DISPOSITION);
    }
}
