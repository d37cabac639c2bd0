package dev.opendrive.api.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class HealthAndErrorsTest {

    @Test
    void healthOnAllThreePaths() {
        for (String path : new String[] { "/", "/health", "/api/health" }) {
            given().accept("application/json").get(path).then().statusCode(200)
                    .body("status", equalTo("ok"))
                    .body("message", equalTo("Storage Platform API is running"))
                    .body("mongodb", equalTo("connected"));
        }
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void unknownRoutesAndMethodsAnswerJson() {
        given().get("/api/nothing-here").then().statusCode(404).contentType(startsWith("application/json"))
                .body("error", notNullValue()).body("code", equalTo("NOT_FOUND"));
        given().header("Authorization", "Bearer x").patch("/api/auth/login").then().statusCode(405)
                .body("code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void corsPreflightFromAnotherOriginSucceeds() {
        given().header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/files/abc")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:3000")
                .header("Access-Control-Allow-Methods", containsString("DELETE"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
        given().header("Origin", "http://localhost:3000").get("/api/health").then()
                .header("Access-Control-Expose-Headers", containsString("Content-Disposition"));
    }

    @Test
    void securityHeadersOnApiResponses() {
        given().get("/api/health").then()
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("default-src 'none'"));
    }

    @Test
    void openApiDocumentDescribesTheRoutes() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/files/{id}/download"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/auth/register"));
    }
}
