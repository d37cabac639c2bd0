package dev.opendrive.searchindexer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SearchIndexerStatusTest {

    @Test
    void startsWithoutADatabaseAndReportsItself() {
        given().get("/").then().statusCode(200).body("status", equalTo("ok"))
                .body("deploymentMode", equalTo("microservices"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
