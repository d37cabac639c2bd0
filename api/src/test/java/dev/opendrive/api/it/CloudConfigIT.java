package dev.opendrive.api.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.LaunchedApp;
import dev.opendrive.testing.CloudRunSettingsProfile;
import dev.opendrive.testing.TlsBrokerStandInTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The API with the settings of the Cloud Run deployment (docs/deploy-cloudrun.md), checked on the
 * packaged app without Atlas or Confluent Cloud: an Atlas-style {@code mongodb+srv://} MONGODB_URI
 * is accepted at start-up without connecting (the client is created on first use; the app stays
 * live and answers health while the database is unreachable), and KAFKA_API_KEY/KAFKA_API_SECRET
 * give the Kafka clients SASL_SSL with PLAIN. The Kafka client here is the log shipper
 * (LOG_KAFKA_ENABLED), the one the API creates at start-up; the event publisher shares its
 * connection settings (KafkaClientProperties) and is created with the first event.
 */
@QuarkusIntegrationTest
@TestProfile(CloudConfigIT.CloudRunSettings.class)
class CloudConfigIT {

    static final String API_SECRET = "it-confluent-secret-5f1c";

    public static class CloudRunSettings extends CloudRunSettingsProfile {
        @Override
        protected String kafkaApiSecret() {
            return API_SECRET;
        }

        @Override
        protected Map<String, String> moreOverrides() {
            return Map.of(
                    "DEPLOYMENT_MODE", "microservices",
                    "JWT_SECRET", "integration-test-secret-of-at-least-32-bytes",
                    "MONGODB_SERVER_SELECTION_TIMEOUT", "1s",
                    // the driver's TXT lookup of a name that does not exist waits for Quarkus' DNS client
                    // lookup timeout (5 s by default, measured here) on every first use: keep it short
                    "quarkus.mongodb.dns.lookup-timeout", "1s",
                    "LOG_KAFKA_ENABLED", "true",
                    "quarkus.management.port", "0");
        }
    }

    TlsBrokerStandInTestResource.Connections broker;

    /**
     * The host of the URI does not exist, so the app could not have started had it resolved or
     * connected at boot. The first database use resolves it (the driver's SRV/TXT lookup, through
     * Quarkus' DNS client in the packaged app) and fails; health says so, and the next use tries again.
     */
    @Test
    void anSrvUriIsAcceptedAtStartupAndTheAppServesHealthWhileTheDatabaseIsUnreachable() {
        LaunchedApp.assertLive();
        given().get("/api/config").then().statusCode(200);

        long started = System.nanoTime();
        given().get("/api/health").then().statusCode(503).body("status", is("unhealthy"))
                .body("mongodb", is("disconnected"));
        Response ready = LaunchedApp.readiness();
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(LaunchedApp.check(ready, "database")).isEqualTo("DOWN");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("health answers while the database is away")
                .isLessThan(Duration.ofSeconds(30));
        LaunchedApp.assertLive();
        assertThat(LaunchedApp.log()).doesNotContain(CloudRunSettingsProfile.ATLAS_PASSWORD);
    }

    @Test
    void kafkaApiKeyAndSecretGiveSaslSslWithPlain() {
        String log = LaunchedApp.awaitLog(Duration.ofSeconds(30), "security.protocol = SASL_SSL",
                "sasl.mechanism = PLAIN");
        assertThat(log).contains("sasl.jaas.config = [hidden]").doesNotContain(API_SECRET);
        await("the Kafka client opens TLS to the bootstrap server").atMost(Duration.ofSeconds(30))
                .until(() -> broker.tlsClientHellos() > 0);
        assertThat(broker.other()).as("plaintext connections").isZero();
    }
}
