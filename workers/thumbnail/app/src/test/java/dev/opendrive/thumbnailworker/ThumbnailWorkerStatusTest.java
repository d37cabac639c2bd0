package dev.opendrive.thumbnailworker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(ThumbnailWorkerStatusTest.UnreachableDatabase.class)
class ThumbnailWorkerStatusTest {

    /** Cloud Run may start a worker while Atlas is unreachable: it must start and stay live anyway. */
    public static class UnreachableDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opendrive.mongodb.uri", "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=1500");
        }
    }

    @Test
    void startsAndReportsItselfWithAnUnreachableDatabase() {
        given().get("/").then().statusCode(200).body("status", equalTo("ok"))
                .body("deploymentMode", equalTo("microservices")).body("handler", equalTo("thumbnail"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
