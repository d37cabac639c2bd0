package dev.opendrive.functions;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The functions with the settings docs/deploy-cloudrun.md deploys them with (STORAGE_PROVIDER=gcs,
 * GCS_BUCKET, MONGODB_DATABASE), against Google Cloud Storage in the test JVM (InMemoryGcs).
 */
public class FunctionsOnGcs implements QuarkusTestProfile {

    static final String BUCKET = "opendrive-files";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("STORAGE_PROVIDER", "gcs", "GCS_BUCKET", BUCKET, "MONGODB_DATABASE", "opendrive",
                "testing.gcs", "in-memory");
    }
}
