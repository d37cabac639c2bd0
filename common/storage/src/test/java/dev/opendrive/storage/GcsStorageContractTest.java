package dev.opendrive.storage;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;

/** The GCS provider against the in-memory Storage of google-cloud-nio (no network). */
class GcsStorageContractTest extends StorageProviderContract {

    @Override
    StorageProvider provider() {
        return new GcsStorageProvider(LocalStorageHelper.getOptions().getService(), "opendrive-test");
    }
}
