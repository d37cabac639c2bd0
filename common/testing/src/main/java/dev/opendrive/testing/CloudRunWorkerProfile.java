package dev.opendrive.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A worker (or function) app with the environment its Cloud Run manifest gives it (rendered from
 * .env.cloudrun, {@link CloudRunManifest}): STORAGE_PROVIDER=gcs with the deployment's bucket, the
 * topic names, JSON logs, ... against Google Cloud Storage in the test JVM ({@link InMemoryGcs}) and
 * the test's real broker and database (the manifest takes those from Secret Manager).
 */
public abstract class CloudRunWorkerProfile implements QuarkusTestProfile {

    /** The manifest, e.g. "cloudrun/thumbnail-worker-pool.yaml". */
    protected abstract String manifest();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>(CloudRunManifest.env(manifest()));
        settings.put("testing.gcs", "in-memory");
        return settings;
    }
}
