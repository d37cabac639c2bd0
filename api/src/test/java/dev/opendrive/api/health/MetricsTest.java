package dev.opendrive.api.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class MetricsTest {

    // Relative to the management root path (/q).
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void prometheusEndpointShowsHttpUploadAndEventHandlingMetrics() throws Exception {
        Api.User u = Api.newUser();
        u.upload(null, "metrics.txt", "count me".getBytes());
        for (int i = 0; i < 100; i++) {
            String text = given().get(metrics).asString();
            if (text.contains("opendrive_events_handled_seconds_count{event=\"file.uploaded\",handler=\"search-indexer\",outcome=\"success\"")) {
                break;
            }
            Thread.sleep(100);
        }
        given().get(metrics).then().statusCode(200)
                .body(containsString("opendrive_uploads_bytes_count"))
                .body(containsString("opendrive_events_handled_seconds_count{event=\"file.uploaded\",handler=\"search-indexer\",outcome=\"success\""))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void metricsAreNotServedOnThePublicPort() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
