package dev.opendrive.testing;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

/**
 * Google Cloud Storage in the test JVM (google-cloud-nio's in-memory {@code Storage}), in place of
 * the client STORAGE_PROVIDER=gcs would build: a test app with {@code testing.gcs=in-memory}
 * (see {@link CloudRunWorkerProfile}) runs the real GCS provider against it, without network.
 */
@ApplicationScoped
@IfBuildProperty(name = "testing.gcs", stringValue = "in-memory")
public class InMemoryGcs {

    @Produces
    @IfBuildProperty(name = "testing.gcs", stringValue = "in-memory")
    @Alternative
    @Priority(1)
    @ApplicationScoped
    Storage storage() {
        return LocalStorageHelper.getOptions().getService();
    }
}
