package dev.opendrive.storage;

import dev.opendrive.config.OpenDriveConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the storage provider from STORAGE_PROVIDER; created on first use, not at start-up. */
@ApplicationScoped
public class StorageProviderProducer {

    @Produces
    @ApplicationScoped
    StorageProvider storageProvider(OpenDriveConfig config) {
        String provider = config.storage().provider().trim().toLowerCase(java.util.Locale.ROOT);
        if ("local".equals(provider)) {
            return new LocalStorageProvider(config.localStoragePath());
        }
        throw new IllegalStateException("Unsupported STORAGE_PROVIDER '" + provider + "' (supported: local)");
    }
}
