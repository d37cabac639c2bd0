package dev.opendrive.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * What every Kafka worker app promises at start-up, whichever handler it runs: Cloud Run may start
 * it while Atlas is unreachable, and it must start, report itself and stay live and ready anyway.
 * A worker's test extends this with {@code @QuarkusTest}, a Kafka test resource and
 * {@code @TestProfile(WorkerStatusContract.UnreachableDatabase.class)}.
 */
public abstract class WorkerStatusContract {

    /** The database URI points at a closed port. */
    public static class UnreachableDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opendrive.mongodb.uri", "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=1500");
        }
    }

    /** The handler the app reports at "/". */
    protected abstract String handler();

    @Test
    void startsAndReportsItselfWithAnUnreachableDatabase() {
        given().get("/").then().statusCode(200).body("status", equalTo("ok"))
                .body("deploymentMode", equalTo("microservices")).body("handler", equalTo(handler()));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
