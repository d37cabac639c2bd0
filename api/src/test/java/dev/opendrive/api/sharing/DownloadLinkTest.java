package dev.opendrive.api.sharing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class DownloadLinkTest {

    @Inject
    DownloadLinks links;

    @Test
    void aSignedLinkDownloadsWithoutATokenUntilItExpires() {
        Api.User u = Api.newUser();
        byte[] content = "link me".getBytes();
        String id = u.upload(null, "report.txt", content);
        Response created = u.as().queryParam("expires", 120).get("/api/files/" + id + "/link");
        created.then().statusCode(200).body("url", startsWith("http")).body("expiresAt", org.hamcrest.Matchers.notNullValue());
        URI url = URI.create(created.path("url"));
        Response download = given().urlEncodingEnabled(false).get(url.getPath() + "?" + url.getRawQuery());
        download.then().statusCode(200).header("Content-Disposition", startsWith("attachment;"));
        assertThat(download.asByteArray()).isEqualTo(content);

        String tampered = url.getPath() + "?" + url.getRawQuery().replaceAll("signature=.", "signature=A");
        given().urlEncodingEnabled(false).get(tampered).then().statusCode(403).body("code", equalTo("INVALID_LINK"));
        String otherFile = url.getPath().replace(id, u.upload(null, "other.txt", "x".getBytes())) + "?" + url.getRawQuery();
        given().urlEncodingEnabled(false).get(otherFile).then().statusCode(403);

        URI expired = URI.create(links.apiLink(id, Instant.now().minusSeconds(5), URI.create("http://localhost/")));
        given().urlEncodingEnabled(false).get(expired.getPath() + "?" + expired.getRawQuery()).then().statusCode(410)
                .body("code", equalTo("LINK_EXPIRED"));

        u.as().delete("/api/files/" + id).then().statusCode(200);
        given().urlEncodingEnabled(false).get(url.getPath() + "?" + url.getRawQuery()).then().statusCode(404);
    }

    @Test
    void linksAreOnlyForTheOwnerAndWithinBounds() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "a.txt", "a".getBytes());
        Api.newUser().as().get("/api/files/" + id + "/link").then().statusCode(404);
        u.as().queryParam("expires", 10).get("/api/files/" + id + "/link").then().statusCode(400);
        u.as().queryParam("expires", 700000).get("/api/files/" + id + "/link").then().statusCode(400);
        given().get("/api/links/" + id).then().statusCode(403);
    }
}
