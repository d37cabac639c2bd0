package dev.opendrive.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.jboss.logging.Logger;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

import dev.opendrive.model.config.OpenDriveConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the storage provider from STORAGE_PROVIDER. Created on first use, not at start-up: the
 * GCS client resolves credentials and opens connections only when a blob is first touched.
 */
@ApplicationScoped
public class StorageProviderProducer {

    private static final Logger LOG = Logger.getLogger(StorageProviderProducer.class);

    @Produces
    @ApplicationScoped
    StorageProvider storageProvider(OpenDriveConfig config, GcsConfig gcs, Instance<Storage> gcsClient) {
        String provider = config.storage().provider().trim().toLowerCase(Locale.ROOT);
        switch (provider) {
            case "local":
                return new LocalStorageProvider(config.localStoragePath());
            case "gcs":
                String bucket = gcs.bucket().filter(b -> !b.isBlank())
                        .orElseThrow(() -> new IllegalStateException("STORAGE_PROVIDER=gcs needs GCS_BUCKET"));
                LOG.infof("Blob storage: GCS bucket %s", bucket);
                return new GcsStorageProvider(gcsClient.get(), bucket);
            default:
                throw new IllegalStateException("Unsupported STORAGE_PROVIDER '" + provider + "' (local or gcs)");
        }
    }

    /** The Google Cloud Storage client for STORAGE_PROVIDER=gcs (tests replace it with an in-memory one). */
    @Produces
    @DefaultBean
    @ApplicationScoped
    Storage gcsClient(GcsConfig gcs) {
        StorageOptions.Builder options = StorageOptions.newBuilder();
        gcs.projectId().filter(p -> !p.isBlank()).ifPresent(options::setProjectId);
        gcs.keyfile().filter(k -> !k.isBlank()).ifPresent(keyfile -> {
            try (InputStream in = Files.newInputStream(Path.of(keyfile))) {
                options.setCredentials(GoogleCredentials.fromStream(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read GCS_KEYFILE " + keyfile, e);
            }
        });
        return options.build().getService();
    }
}
