package dev.opendrive.api.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.LaunchedApp;
import dev.opendrive.testing.TempDataDirTestResource;
import dev.opendrive.testing.TlsBrokerStandInTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
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

    public static class CloudRunSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("DEPLOYMENT_MODE", "microservices"),
                    Map.entry("JWT_SECRET", "integration-test-secret-of-at-least-32-bytes"),
                    // an Atlas connection string whose host does not exist (.invalid never resolves)
                    Map.entry("MONGODB_URI",
                            "mongodb+srv://opendrive:atlas-password@cluster0.opendrive-it.invalid/?retryWrites=true&w=majority"),
                    Map.entry("MONGODB_SERVER_SELECTION_TIMEOUT", "1s"),
                    // the driver's TXT lookup of a name that does not exist waits for Quarkus' DNS client
                    // lookup timeout (5 s by default, measured here) on every first use: keep it short
                    Map.entry("quarkus.mongodb.dns.lookup-timeout", "1s"),
                    Map.entry("KAFKA_API_KEY", "IT-CONFLUENT-KEY"),
                    Map.entry("KAFKA_API_SECRET", API_SECRET),
                    Map.entry("LOG_KAFKA_ENABLED", "true"),
                    // the Kafka client's dump of its settings ("ProducerConfig values: ..."), which Quarkus
                    // lowers to DEBUG and the API's org.apache.kafka=WARN hides
                    Map.entry("quarkus.log.category.\"org.apache.kafka.common.config\".level", "DEBUG"),
                    Map.entry("quarkus.management.port", "0"));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TempDataDirTestResource.class),
                    new TestResourceEntry(TlsBrokerStandInTestResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
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
        assertThat(LaunchedApp.log()).doesNotContain("atlas-password");
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
