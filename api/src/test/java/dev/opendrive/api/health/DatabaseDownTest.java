package dev.opendrive.api.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The API with a database that does not answer: it must still start (nothing connects at boot),
 * stay live, and answer every database-backed route with a quick 503 JSON error.
 */
@QuarkusTest
@TestProfile(DatabaseDownTest.UnreachableDatabase.class)
class DatabaseDownTest {

    public static class UnreachableDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opendrive.mongodb.uri", "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=1500",
                    "opendrive.data-dir", "target/db-down-test-data");
        }
    }

    @Test
    void startsLiveButReportsTheDatabaseAndAnswers503() {
        given().get("/q/health/live").then().statusCode(200);
        given().accept(ContentType.JSON).get("/api/health").then().statusCode(503)
                .body("status", equalTo("unhealthy"))
                .body("message", equalTo("Database connection unavailable"))
                .body("mongodb", equalTo("disconnected"));
        given().get("/q/health/ready").then().statusCode(503);
        given().contentType(ContentType.JSON).body(Map.of("email", "a@example.com", "password", "long enough pw"))
                .post("/api/auth/login").then().statusCode(503).body("code", equalTo("DATABASE_UNAVAILABLE"))
                .body("error", equalTo("Database connection unavailable"));
    }
}
