package dev.opendrive.api.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The worker pools' scaling configuration (cloudrun/kafka-scaler/scaler-config.yaml, rendered with
 * the deployment's defaults) as Google's Kafka autoscaler reads it: a pool with no lag and an idle
 * CPU goes back to zero instances, and a backlog brings it up at the next check.
 */
class KafkaScalerConfigTest {

    /** Cloud Scheduler triggers the scaler every minute (SCALER_SCHEDULE "* * * * *"). */
    private static final int CHECK_EVERY_SECONDS = 60;
    private static final int PARTITIONS = 6;
    /** What an idle JVM consumer uses of its vCPU while it only polls Kafka: a few percent. */
    private static final double IDLE_CPU = 0.04;

    @Test
    void anIdlePoolReturnsToZeroInstances() throws IOException {
        for (String lagSetting : new String[] { "THUMBNAIL_LAG_THRESHOLD", "SEARCH_LAG_THRESHOLD" }) {
            KafkaScalerModel.Config config = KafkaScalerModel.parse(rendered(lagSetting));
            var scaler = new KafkaScalerModel.Simulation(config, PARTITIONS, 2);

            int second = 0;
            while (scaler.instances() > 0 && second < 3600) {
                second += CHECK_EVERY_SECONDS;
                scaler.check(second, 0, IDLE_CPU);
            }

            assertEquals(0, scaler.instances(), lagSetting + ": an idle pool should be scaled to zero within an hour");
            assertTrue(second <= config.scaleDown().stabilizationWindowSeconds() + 3 * CHECK_EVERY_SECONDS,
                    lagSetting + ": back to zero only after " + second + " s");
        }
    }

    @Test
    void aBacklogStartsThePoolAtTheNextCheckAndIdleCpuDoesNotKeepItUp() throws IOException {
        KafkaScalerModel.Config config = KafkaScalerModel.parse(rendered("THUMBNAIL_LAG_THRESHOLD"));
        var scaler = new KafkaScalerModel.Simulation(config, PARTITIONS, 0);
        long lag = 3L * config.lag().average();

        assertEquals(3, scaler.check(60, lag, 0), "three times the per-instance lag target: three instances");
        // the scaler multiplies the running instances by lag / target: at target, nothing changes
        assertEquals(3, scaler.check(120, config.lag().average(), 0.5), "busy and at target: unchanged");
        int second = 120;
        while (scaler.instances() > 0 && second < 3600) {
            second += CHECK_EVERY_SECONDS;
            scaler.check(second, 0, IDLE_CPU);
        }
        assertEquals(0, scaler.instances(), "the backlog drained, the pool is idle again");
    }

    @Test
    void busyCpuWithoutLagKeepsThePoolRunning() throws IOException {
        KafkaScalerModel.Config config = KafkaScalerModel.parse(rendered("SEARCH_LAG_THRESHOLD"));
        var scaler = new KafkaScalerModel.Simulation(config, PARTITIONS, 1);

        for (int second = 60; second <= 900; second += CHECK_EVERY_SECONDS) {
            scaler.check(second, 0, 0.55);
        }

        assertEquals(1, scaler.instances(), "a worker busy with a large file is not stopped under it");
    }

    @Test
    void theRulesRejectWhatTheScalerWouldIgnoreOrMisread() {
        String valid = """
                spec:
                  scaleTargetRef: {name: projects/p/locations/r/workerpools/w}
                  metrics:
                    - type: External
                      external: {metric: {name: consumer_lag}, target: {type: AverageValue, averageValue: 20}}
                """;
        KafkaScalerModel.parse(valid);

        var behaviorBesideSpec = assertThrows(KafkaScalerModel.Invalid.class,
                () -> KafkaScalerModel.parse(valid + "behavior: {scaleDown: {stabilizationWindowSeconds: 300}}\n"));
        assertTrue(behaviorBesideSpec.getMessage().contains("'behavior' at the top level"), behaviorBesideSpec.getMessage());
        assertThrows(KafkaScalerModel.Invalid.class,
                () -> KafkaScalerModel.parse(valid.replace("averageValue: 20", "averageValue: 20, tolerance: 1")));
        assertThrows(KafkaScalerModel.Invalid.class,
                () -> KafkaScalerModel.parse(valid.replace("averageValue: 20", "averageValue: \"20\"")));
    }

    /** The defect this guards against: a CPU activation threshold of 0 counts an idle JVM as active. */
    @Test
    void withoutACpuActivationThresholdTheModelKeepsAnIdlePoolRunning() throws IOException {
        String zeroThreshold = rendered("THUMBNAIL_LAG_THRESHOLD").replace("activationThreshold: 10", "activationThreshold: 0");
        var scaler = new KafkaScalerModel.Simulation(KafkaScalerModel.parse(zeroThreshold), PARTITIONS, 1);

        for (int second = 60; second <= 3600; second += CHECK_EVERY_SECONDS) {
            scaler.check(second, 0, IDLE_CPU);
        }

        assertEquals(1, scaler.instances());
    }

    /** The template with the deployment's defaults, as deploy-serverless-cloudrun.sh renders it. */
    private static String rendered(String lagSetting) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("deploy-serverless-cloudrun.sh"))) {
            root = root.getParent();
        }
        Properties defaults = new Properties();
        try (var in = Files.newBufferedReader(root.resolve("cloudrun/defaults.env"))) {
            defaults.load(in);
        }
        Map<String, String> values = Map.of(
                "SCALER_TARGET", "projects/opendrive-test/locations/us-central1/workerpools/opendrive-worker",
                "SCALER_CPU_TARGET", defaults.getProperty("SCALER_CPU_TARGET"),
                "SCALER_LAG_THRESHOLD", defaults.getProperty(lagSetting));
        String text = Files.readString(root.resolve("cloudrun/kafka-scaler/scaler-config.yaml"));
        for (var e : values.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        assertTrue(!text.contains("${"), "a placeholder this test does not know: " + text);
        return text;
    }
}
