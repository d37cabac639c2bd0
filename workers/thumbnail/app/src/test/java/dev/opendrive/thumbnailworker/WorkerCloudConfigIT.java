package dev.opendrive.thumbnailworker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.LaunchedApp;
import dev.opendrive.testing.CloudRunSettingsProfile;
import dev.opendrive.testing.TlsBrokerStandInTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A worker with the settings of the Cloud Run deployment, without Confluent Cloud or Atlas: its
 * Kafka consumer (created at start-up through the kafka-configuration bean of workers/kafka) is
 * given SASL_SSL with PLAIN by KAFKA_API_KEY/KAFKA_API_SECRET and opens TLS to the bootstrap server,
 * and an Atlas-style {@code mongodb+srv://} MONGODB_URI to a host that does not exist does not keep
 * it from starting (the client is created with the first record). One worker app is enough: both
 * get their Kafka and database settings from the same shared code.
 */
@QuarkusIntegrationTest
@TestProfile(WorkerCloudConfigIT.CloudRunSettings.class)
class WorkerCloudConfigIT {

    static final String API_SECRET = "it-confluent-secret-93ab";

    public static class CloudRunSettings extends CloudRunSettingsProfile {
        @Override
        protected String kafkaApiSecret() {
            return API_SECRET;
        }
    }

    TlsBrokerStandInTestResource.Connections broker;

    @Test
    void startsWithAnSrvUriAndServesItsStatus() {
        LaunchedApp.assertLive();
        given().get("/").then().statusCode(200).body("status", is("ok"));
        assertThat(LaunchedApp.log()).doesNotContain(CloudRunSettingsProfile.ATLAS_PASSWORD);
    }

    @Test
    void kafkaApiKeyAndSecretGiveTheConsumerSaslSslWithPlain() {
        String log = LaunchedApp.awaitLog(Duration.ofSeconds(30), "ConsumerConfig values:",
                "security.protocol = SASL_SSL", "sasl.mechanism = PLAIN");
        assertThat(log).contains("sasl.jaas.config = [hidden]").doesNotContain(API_SECRET);
        await("the consumer opens TLS to the bootstrap server").atMost(Duration.ofSeconds(30))
                .until(() -> broker.tlsClientHellos() > 0);
        assertThat(broker.other()).as("plaintext connections").isZero();
    }
}
