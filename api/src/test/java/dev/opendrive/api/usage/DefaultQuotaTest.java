package dev.opendrive.api.usage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * DEFAULT_QUOTA, set by its environment variable name as an operator does: every user without a
 * quota of their own gets it; an operator's own quota for a user replaces it, and dropping that
 * brings the default back.
 */
@QuarkusTest
@TestProfile(DefaultQuotaTest.SixtyFourKilobytes.class)
@QuarkusTestResource(MongoTestResource.class)
class DefaultQuotaTest {

    public static class SixtyFourKilobytes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("DEFAULT_QUOTA", "64KB");
        }
    }

    @Test
    void everyUserGetsTheDefaultUnlessAnOperatorGaveThemTheirOwn() {
        Api.User u = Api.newUser();
        u.as().get("/api/folders/stats/summary").then().statusCode(200).body("quota", equalTo(65_536));
        String route = "/api/admin/users/" + u.id() + "/quota";
        given().header("X-Admin-Token", QuotaEnforcementTest.ADMIN).get(route).then().statusCode(200)
                .body("quota", equalTo(65_536)).body("source", equalTo("default")).body("defaultQuota", equalTo(65_536));

        u.upload(null, "fits.bin", QuotaEnforcementTest.content(60_000, 1));
        u.as().multiPart("files", "too-much.bin", QuotaEnforcementTest.content(10_000, 2)).post("/api/files").then()
                .statusCode(507).body("code", equalTo("QUOTA_EXCEEDED"));

        QuotaEnforcementTest.setQuota(u.id(), 200_000).then().statusCode(200).body("source", equalTo("user"));
        u.upload(null, "now-fits.bin", QuotaEnforcementTest.content(10_000, 2));

        given().header("X-Admin-Token", QuotaEnforcementTest.ADMIN).delete(route).then().statusCode(200)
                .body("quota", equalTo(65_536)).body("source", equalTo("default")).body("quotaUsed", equalTo(70_000));
        // over the default now: what is stored stays, nothing more fits
        u.as().multiPart("files", "one-byte.bin", QuotaEnforcementTest.content(1, 3)).post("/api/files").then()
                .statusCode(507);
        assertThat(QuotaEnforcementTest.names(u)).containsExactlyInAnyOrder("fits.bin", "now-fits.bin");

        Api.User other = Api.newUser();
        other.as().get("/api/folders/stats/summary").then().body("quota", equalTo(65_536)).body("quotaUsed", equalTo(0));
    }
}
