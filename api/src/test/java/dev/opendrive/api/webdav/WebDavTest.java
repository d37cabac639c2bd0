package dev.opendrive.api.webdav;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * WebDAV at /dav/ as a client meets it: app passwords, Basic authentication and its limits, the
 * protocol answers the real-client tests (DavClientsTest) do not pin down, and that WebDAV writes
 * follow the API's rules (same file id on overwrite, quota, trash, names).
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class WebDavTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String ADMIN = "test-admin-token";

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static String appPassword(Api.User u, String name) {
        return u.as().contentType(ContentType.JSON).body(Map.of("name", name)).post("/api/auth/app-passwords").then()
                .statusCode(201).extract().path("password");
    }

    static String basic(String email, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Answer dav(String method, String path, String authorization, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers());
    }

    static Answer dav(String method, String path, String authorization) throws IOException, InterruptedException {
        return dav(method, path, authorization, Map.of(), null);
    }

    static JsonPath rootFiles(Api.User u) {
        return u.as().get("/api/files/folder/root").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void optionsAdvertisesClassesOneAndTwoWithoutCredentials() throws Exception {
        Answer a = dav("OPTIONS", "/dav/", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("DAV")).isEqualTo("1, 2");
        assertThat(a.header("Allow")).contains("PROPFIND", "MKCOL", "LOCK");
        // WebDAV answers (file contents among them) get the API's sandbox policy, not the UI's
        assertThat(a.header("Content-Security-Policy")).contains("sandbox").doesNotContain("script-src");
        assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void withoutOrWithWrongCredentialsTheAnswerIsAChallenge() throws Exception {
        Api.User u = Api.newUser();
        Answer none = dav("PROPFIND", "/dav/", null, Map.of("Depth", "0"), null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Basic realm=");
        Answer bearer = dav("PROPFIND", "/dav/", "Bearer " + u.token(), Map.of("Depth", "0"), null);
        assertThat(bearer.status()).as("a token is not a WebDAV login").isEqualTo(401);
        assertThat(dav("PROPFIND", "/dav/", basic(u.email(), "wrong password"), Map.of("Depth", "0"), null).status())
                .isEqualTo(401);
        assertThat(dav("PROPFIND", "/dav/", basic(u.email(), Api.PASSWORD), Map.of("Depth", "0"), null).status())
                .as("the account password works").isEqualTo(207);
    }

    @Test
    void appPasswordsAreShownOnceListedWithoutSecretsAndRevokedAtOnce() throws Exception {
        Api.User u = Api.newUser();
        String secret = appPassword(u, "laptop rclone");
        assertThat(secret).startsWith("odap_").hasSize(45);
        String auth = basic(u.email(), secret);
        assertThat(dav("PROPFIND", "/dav/", auth, Map.of("Depth", "0"), null).status()).isEqualTo(207);

        var list = u.as().get("/api/auth/app-passwords").then().statusCode(200).extract();
        assertThat(list.asString()).doesNotContain(secret).doesNotContain(secret.substring(5, 15));
        assertThat(list.jsonPath().getList("name")).containsExactly("laptop rclone");
        assertThat(list.jsonPath().getString("[0].lastUsedAt")).isNotNull();
        String id = list.jsonPath().getString("[0].id");

        Api.User other = Api.newUser();
        other.as().delete("/api/auth/app-passwords/" + id).then().statusCode(404);
        assertThat(basicOf(other.email(), secret)).as("another account's email with it").isEqualTo(401);

        u.as().delete("/api/auth/app-passwords/" + id).then().statusCode(200);
        // the verification was cached a moment ago: revoking must still take effect now
        assertThat(dav("PROPFIND", "/dav/", auth, Map.of("Depth", "0"), null).status()).isEqualTo(401);
        assertThat(u.as().get("/api/auth/app-passwords").then().statusCode(200).extract().jsonPath().getList("id"))
                .isEmpty();
    }

    int basicOf(String email, String password) throws Exception {
        return dav("PROPFIND", "/dav/", basic(email, password), Map.of("Depth", "0"), null).status();
    }

    @Test
    void anAppPasswordNeitherLogsInNorManagesTheAccount() throws Exception {
        Api.User u = Api.newUser();
        String secret = appPassword(u, "phone");
        given().contentType(ContentType.JSON).body(Map.of("email", u.email(), "password", secret))
                .post("/api/auth/login").then().statusCode(401);
        given().header("Authorization", basic(u.email(), secret)).get("/api/auth/app-passwords").then()
                .statusCode(401);
        given().header("Authorization", basic(u.email(), secret)).contentType(ContentType.JSON)
                .body(Map.of("name", "more")).post("/api/auth/app-passwords").then().statusCode(401);
        u.as().contentType(ContentType.JSON).body(Map.of("name", " ")).post("/api/auth/app-passwords").then()
                .statusCode(400);
    }

    @Test
    void failedBasicAttemptsAreRateLimited() throws Exception {
        Api.User u = Api.newUser();
        int status = 0;
        for (int i = 0; i < 11; i++) {
            status = basicOf(u.email(), "not the password " + i);
        }
        assertThat(status).isEqualTo(429);
        assertThat(basicOf(u.email(), Api.PASSWORD)).as("even the right password waits for the window").isEqualTo(429);
    }

    @Test
    void propfindOfInfiniteDepthIsRefusedAndDepthOneListsMembers() throws Exception {
        Api.User u = Api.newUser();
        String auth = basic(u.email(), appPassword(u, "t"));
        String folder = u.folder("Docs & Notes", null);
        assertThat(dav("PUT", "/dav/Docs%20%26%20Notes/rapport%20%C3%A9t%C3%A9.txt", auth, Map.of(),
                "hello".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        assertThat(u.as().get("/api/files/folder/" + folder).then().extract().jsonPath().getList("originalName"))
                .containsExactly("rapport été.txt");

        Answer infinite = dav("PROPFIND", "/dav/", auth, Map.of("Depth", "infinity"), null);
        assertThat(infinite.status()).isEqualTo(403);
        assertThat(infinite.body()).contains("propfind-finite-depth");

        Answer listing = dav("PROPFIND", "/dav/Docs%20&%20Notes/", auth, Map.of("Depth", "1"), null);
        assertThat(listing.status()).isEqualTo(207);
        assertThat(listing.body()).contains("<D:href>/dav/Docs%20&amp;%20Notes/</D:href>")
                .contains("<D:href>/dav/Docs%20&amp;%20Notes/rapport%20%C3%A9t%C3%A9.txt</D:href>")
                .contains("<D:getcontentlength>5</D:getcontentlength>").contains("<D:collection/>");

        Answer quota = dav("PROPFIND", "/dav/", auth, Map.of("Depth", "0"), ("<?xml version=\"1.0\"?>"
                + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:quota-used-bytes/><D:quota-available-bytes/>"
                + "</D:prop></D:propfind>").getBytes(StandardCharsets.UTF_8));
        assertThat(quota.body()).contains("<D:quota-used-bytes>5</D:quota-used-bytes>");
    }

    @Test
    void xmlWithADoctypeIsRefusedSoNoExternalEntityIsRead() throws Exception {
        Api.User u = Api.newUser();
        String auth = basic(u.email(), appPassword(u, "t"));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:displayname>&x;</D:displayname></D:prop></D:propfind>";
        Answer a = dav("PROPFIND", "/dav/", auth, Map.of("Depth", "0"), xxe.getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).doesNotContain("root:");
        dav("PUT", "/dav/f.txt", auth, Map.of(), "x".getBytes(StandardCharsets.UTF_8));
        String patch = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop><Z:p>&x;</Z:p></D:prop>"
                + "</D:set></D:propertyupdate>";
        assertThat(dav("PROPPATCH", "/dav/f.txt", auth, Map.of(), patch.getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(400);
        Answer props = dav("PROPFIND", "/dav/f.txt", auth, Map.of("Depth", "0"), null);
        assertThat(props.body()).doesNotContain("root:");
    }

    @Test
    void putOverAFileReplacesItsContentUnderTheSameIdAndKeepsTheOldOneAsAVersion() throws Exception {
        Api.User u = Api.newUser();
        String auth = basic(u.email(), appPassword(u, "t"));
        Answer created = dav("PUT", "/dav/notes.txt", auth, Map.of(), "first".getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).isEqualTo(201);
        String id = rootFiles(u).getString("[0]._id");
        String firstTag = created.header("ETag");

        Answer replaced = dav("PUT", "/dav/NOTES.txt", auth, Map.of("If-Match", firstTag),
                "second, longer".getBytes(StandardCharsets.UTF_8));
        assertThat(replaced.status()).isEqualTo(204);
        assertThat(replaced.header("ETag")).isNotEqualTo(firstTag);
        JsonPath files = rootFiles(u);
        assertThat(files.getList("_id")).containsExactly(id);
        assertThat(files.getString("[0].originalName")).as("the name stays as it was").isEqualTo("notes.txt");
        assertThat(files.getLong("[0].size")).isEqualTo(14);
        assertThat(u.as().get("/api/files/" + id + "/download").asString()).isEqualTo("second, longer");
        // the old content stays as a version of the same file, and counts toward the quota
        String old = u.as().get("/api/files/" + id + "/versions").then().statusCode(200).extract()
                .path("versions[1].versionId");
        assertThat(u.as().get("/api/files/" + id + "/versions/" + old + "/download").asString()).isEqualTo("first");
        JsonPath stats = u.as().get("/api/folders/stats/summary").then().extract().jsonPath();
        assertThat(stats.getLong("quotaUsed")).isEqualTo(14 + 5);

        assertThat(dav("PUT", "/dav/notes.txt", auth, Map.of("If-Match", firstTag), "x".getBytes()).status())
                .as("a stale If-Match").isEqualTo(412);
        assertThat(dav("PUT", "/dav/notes.txt", auth, Map.of("If-None-Match", "*"), "x".getBytes()).status())
                .isEqualTo(412);

        Answer range = dav("GET", "/dav/notes.txt", auth, Map.of("Range", "bytes=8-13"), null);
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo("longer");
        assertThat(range.header("ETag")).isEqualTo(replaced.header("ETag"));
    }

    @Test
    void putIsHeldToTheQuotaAndTheSizeLimit() throws Exception {
        Api.User u = Api.newUser();
        String auth = basic(u.email(), appPassword(u, "t"));
        given().header("X-Admin-Token", ADMIN).contentType(ContentType.JSON).body(Map.of("bytes", 1000))
                .put("/api/admin/users/" + u.id() + "/quota").then().statusCode(200);
        byte[] big = new byte[1500];
        new Random(1).nextBytes(big);
        assertThat(dav("PUT", "/dav/big.bin", auth, Map.of(), big).status()).isEqualTo(507);
        assertThat(dav("PUT", "/dav/small.bin", auth, Map.of(), new byte[600]).status()).isEqualTo(201);
        assertThat(dav("PUT", "/dav/small.bin", auth, Map.of(), new byte[500]).status())
                .as("the old content is kept as a version: 600 + 500 > 1000").isEqualTo(507);
        assertThat(rootFiles(u).getLong("[0].size")).as("unchanged after the refusal").isEqualTo(600);
        assertThat(dav("PUT", "/dav/small.bin", auth, Map.of(), new byte[300]).status())
                .as("one that fits beside the version it leaves").isEqualTo(204);
        assertThat(rootFiles(u).getLong("[0].size")).isEqualTo(300);
    }

    @Test
    void deleteGoesToTheTrashAndMoveKeepsTheFile() throws Exception {
        Api.User u = Api.newUser();
        String auth = basic(u.email(), appPassword(u, "t"));
        dav("MKCOL", "/dav/a", auth);
        dav("PUT", "/dav/a/x.txt", auth, Map.of(), "x".getBytes());
        String id = u.as().get("/api/folders").then().extract().path("[0]._id");
        String fileId = u.as().get("/api/files/folder/" + id).then().extract().path("[0]._id");
        Answer moved = dav("MOVE", "/dav/a/x.txt", auth, Map.of("Destination", "http://elsewhere/dav/y.txt"), null);
        assertThat(moved.status()).isEqualTo(201);
        assertThat(rootFiles(u).getList("_id")).containsExactly(fileId);
        assertThat(rootFiles(u).getString("[0].originalName")).isEqualTo("y.txt");

        assertThat(dav("DELETE", "/dav/y.txt", auth).status()).isEqualTo(204);
        assertThat(u.as().get("/api/files/trash/list").then().extract().jsonPath().getList("_id")).contains(fileId);
        assertThat(dav("DELETE", "/dav/a", auth).status()).isEqualTo(204);
        assertThat(dav("PROPFIND", "/dav/a", auth, Map.of("Depth", "0"), null).status()).isEqualTo(404);
        assertThat(u.as().get("/api/folders/trash/list").then().extract().jsonPath().getList("_id")).contains(id);
    }

    @Test
    void namesTheApiWouldChangeAreRefusedRatherThanStoredUnderAnotherName() throws Exception {
        Api.User u = Api.newUser();
        String auth = basic(u.email(), appPassword(u, "t"));
        assertThat(dav("PUT", "/dav/a%5Cb.txt", auth, Map.of(), "x".getBytes()).status()).isEqualTo(400);
        assertThat(dav("PUT", "/dav/%20padded.txt", auth, Map.of(), "x".getBytes()).status()).isEqualTo(400);
        assertThat(dav("MKCOL", "/dav/a%2Fb", auth).status()).isEqualTo(400);
        assertThat(dav("PUT", "/dav/..%2F..%2Fetc%2Fpasswd", auth, Map.of(), "x".getBytes()).status()).isEqualTo(400);
        assertThat(rootFiles(u).getList("_id")).isEmpty();
    }

    @Test
    void aLockedFileNeedsItsTokenToChange() throws Exception {
        Api.User u = Api.newUser();
        String auth = basic(u.email(), appPassword(u, "t"));
        dav("PUT", "/dav/doc.txt", auth, Map.of(), "v1".getBytes());
        String lockinfo = "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/>"
                + "</D:lockscope><D:locktype><D:write/></D:locktype><D:owner>me</D:owner></D:lockinfo>";
        Answer lock = dav("LOCK", "/dav/doc.txt", auth, Map.of("Timeout", "Second-60"),
                lockinfo.getBytes(StandardCharsets.UTF_8));
        assertThat(lock.status()).isEqualTo(200);
        String token = lock.header("Lock-Token");
        assertThat(token).startsWith("<opaquelocktoken:");
        assertThat(dav("PUT", "/dav/doc.txt", auth, Map.of(), "v2".getBytes()).status()).isEqualTo(423);
        assertThat(dav("DELETE", "/dav/doc.txt", auth).status()).isEqualTo(423);
        assertThat(dav("LOCK", "/dav/doc.txt", auth, Map.of(), lockinfo.getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(423);
        assertThat(dav("PUT", "/dav/doc.txt", auth, Map.of("If", "(" + token + ")"), "v2".getBytes()).status())
                .isEqualTo(204);
        assertThat(dav("UNLOCK", "/dav/doc.txt", auth, Map.of("Lock-Token", token), null).status()).isEqualTo(204);
        assertThat(dav("PUT", "/dav/doc.txt", auth, Map.of(), "v3".getBytes()).status()).isEqualTo(204);
        assertThat(List.of(dav("GET", "/dav/doc.txt", auth).body())).containsExactly("v3");
    }
}
