package dev.opendrive.searchindexer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SearchIndexerStatusTest {

    @Test
    void startsAndReportsItselfWithoutTouchingTheDatabase() {
        given().get("/").then().statusCode(200).body("status", equalTo("ok"))
                .body("deploymentMode", equalTo("microservices")).body("handler", equalTo("search-indexer"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
