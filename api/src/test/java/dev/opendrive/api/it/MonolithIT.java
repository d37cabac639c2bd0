package dev.opendrive.api.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import dev.opendrive.api.testing.Api;
import dev.opendrive.api.testing.EmbeddedDatabaseProfile;
import dev.opendrive.testing.LaunchedApp;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The monolith as a user runs it: the packaged app on its embedded defaults (embedded database,
 * local blobs and a generated JWT secret in a fresh DATA_DIR, in-process workers), driven over
 * HTTP only. What it proves beyond the @QuarkusTest suites: the libraries the packaged app needs at
 * run time are in it and work (bcrypt, JWT signing, the embedded database, ImageIO with the
 * TwelveMonkeys plugins, PDFBox and the text extractors).
 */
@QuarkusIntegrationTest
@TestProfile(MonolithIT.EmbeddedDefaults.class)
class MonolithIT {

    /** Nothing but a fresh DATA_DIR (and a free management port, as builds run side by side). */
    public static class EmbeddedDefaults extends EmbeddedDatabaseProfile {
        @Override
        protected Map<String, String> more() {
            return Map.of("quarkus.management.port", "0");
        }
    }

    /** MONGODB_DATABASE's default. */
    static final String DATABASE = "opendrive";

    private static final Duration BACKGROUND_WORK = Duration.ofSeconds(60);

    @Test
    void healthAndTheWebUiAnswerOnTheEmbeddedDatabase() {
        given().accept(ContentType.JSON).get("/api/health").then().statusCode(200)
                .body("status", is("ok")).body("mongodb", is("connected"));
        LaunchedApp.assertLive();
        LaunchedApp.awaitReady(Duration.ofSeconds(30));
        given().accept("text/html").get("/").then().statusCode(200).contentType(containsString("text/html"));
        assertThat(Path.of(LaunchedApp.handedTo("opendrive.data-dir"), "db")).isDirectory();
    }

    @Test
    void registerAndLogInGiveHs256TokensSignedWithTheGeneratedSecret() throws Exception {
        Api.User registered = Api.newUser();
        Api.User loggedIn = Api.logIn(registered.email(), Api.PASSWORD);
        assertThat(loggedIn.id()).isEqualTo(registered.id());

        given().contentType(ContentType.JSON).body(Map.of("email", registered.email(), "password", "not the password"))
                .post("/api/auth/login").then().statusCode(401);
        loggedIn.as().get("/api/auth/me").then().statusCode(200).body("user.email", is(registered.email()));

        // the monolith without JWT_SECRET keeps a generated secret in DATA_DIR: tokens survive restarts
        String secret = Files.readString(Path.of(LaunchedApp.handedTo("opendrive.data-dir"), "jwt-secret")).trim();
        String[] jwt = loggedIn.token().split("\\.");
        assertThat(new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8)).contains("\"HS256\"");
        assertThat(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8))
                .contains("\"userId\":\"" + registered.id() + "\"");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = hmac.doFinal((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(jwt[2]).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(signature));

        // the stored password is a bcrypt hash of cost BCRYPT_COST (12): read from the embedded
        // database, which listens on a loopback port it logs
        Matcher address = Pattern.compile("Embedded MongoDB-wire database on (\\S+):(\\d+)").matcher(LaunchedApp.log());
        assertThat(address.find()).as("embedded database address in the log").isTrue();
        try (TestDatabase db = TestDatabase.at("mongodb://" + address.group(1) + ":" + address.group(2), DATABASE)) {
            Document account = db.collection("users", Document.class).find(Filters.eq("email", registered.email())).first();
            assertThat(account.getString("password")).matches("\\$2[aby]\\$12\\$.{53}");
        }
    }

    @Test
    void uploadedImagesGetThumbnails() {
        Api.User user = Api.newUser();
        String photo = user.upload(null, "holiday.jpg", SampleFiles.jpeg(1600, 900));
        String webp = user.upload(null, "sticker.webp", SampleFiles.webp());

        for (String id : List.of(photo, webp)) {
            byte[] thumbnail = await("thumbnail of " + id).atMost(BACKGROUND_WORK).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Response r = user.as().get("/api/files/" + id + "/thumbnail");
                        return r.statusCode() == 200 ? r.asByteArray() : null;
                    }, b -> b != null);
            BufferedImage image = SampleFiles.image(thumbnail);
            assertThat(image.getWidth()).isEqualTo(200);
            assertThat(image.getHeight()).isEqualTo(200);
            user.as().get("/api/files/" + id).then().statusCode(200).body("hasThumbnail", is(true));
        }
    }

    @Test
    void theContentOfTextAndPdfFilesIsSearchable() {
        Api.User user = Api.newUser();
        String text = user.upload(null, "minutes.txt",
                "Minutes: the aquarium budget was approved.".getBytes(StandardCharsets.UTF_8));
        String pdf = user.upload(null, "report.pdf", SampleFiles.pdf("Annual zebra migration survey"));

        awaitContentMatch(user, "aquarium budget", text);
        awaitContentMatch(user, "zebra migration", pdf);
    }

    private static void awaitContentMatch(Api.User user, String query, String fileId) {
        await("search '" + query + "' finds " + fileId + " by content").atMost(BACKGROUND_WORK)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    Response r = user.as().queryParam("q", query).get("/api/search");
                    r.then().statusCode(200);
                    List<Map<String, Object>> files = r.jsonPath().getList("files");
                    return files.stream().anyMatch(f -> fileId.equals(f.get("_id")) && "content".equals(f.get("matches")));
                });
    }

    @Test
    void downloadsAndRanges() {
        Api.User user = Api.newUser();
        byte[] content = "0123456789 resumable downloads".getBytes(StandardCharsets.UTF_8);
        String id = user.upload(null, "digits.txt", content);

        assertThat(user.as().get("/api/files/" + id + "/download").then().statusCode(200)
                .header("Accept-Ranges", "bytes").extract().asByteArray()).isEqualTo(content);
        Response part = user.as().header("Range", "bytes=2-5").get("/api/files/" + id + "/download");
        part.then().statusCode(206).header("Content-Range", "bytes 2-5/" + content.length);
        assertThat(part.asString()).isEqualTo("2345");
        user.as().header("Range", "bytes=" + content.length + "-").get("/api/files/" + id + "/download").then()
                .statusCode(416);
    }
}
