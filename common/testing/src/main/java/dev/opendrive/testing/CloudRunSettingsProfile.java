package dev.opendrive.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A packaged app with the settings the Cloud Run deployment gives it, without Atlas or Confluent
 * Cloud: an Atlas-style {@code mongodb+srv://} URI whose host never resolves (.invalid), Confluent
 * API key and secret, the Kafka client's settings dump visible in the log, a fresh data directory
 * and a TLS stand-in for the broker ({@link TlsBrokerStandInTestResource}). Each app's profile adds
 * what is its own through {@link #moreOverrides()}.
 */
public abstract class CloudRunSettingsProfile implements QuarkusTestProfile {

    public static final String ATLAS_URI =
            "mongodb+srv://opendrive:atlas-password@cluster0.opendrive-it.invalid/?retryWrites=true&w=majority";
    /** Part of {@link #ATLAS_URI} that must never appear in a log. */
    public static final String ATLAS_PASSWORD = "atlas-password";

    /** The Confluent API secret of this profile (so a test can check it is never logged). */
    protected abstract String kafkaApiSecret();

    protected Map<String, String> moreOverrides() {
        return Map.of();
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>(Map.of(
                "MONGODB_URI", ATLAS_URI,
                "KAFKA_API_KEY", "IT-CONFLUENT-KEY",
                "KAFKA_API_SECRET", kafkaApiSecret(),
                // the Kafka client's dump of its settings ("ConsumerConfig values: ..."), lowered to DEBUG by Quarkus
                "quarkus.log.category.\"org.apache.kafka.common.config\".level", "DEBUG"));
        settings.putAll(moreOverrides());
        return settings;
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
