package dev.opendrive.storage;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

class LocalStorageContractTest extends StorageProviderContract {

    @TempDir
    Path root;

    @Override
    StorageProvider provider() {
        return new LocalStorageProvider(root);
    }
}
