package dev.opendrive.model.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Settings every OpenDrive process shares. The upstream environment variable names
 * (DEPLOYMENT_MODE, DATA_DIR, STORAGE_PROVIDER, ...) are mapped onto these keys in each
 * application's application.properties, so operators keep the names they know.
 */
@ConfigMapping(prefix = "opendrive")
public interface OpenDriveConfig {

    @WithName("deployment-mode")
    @WithDefault("monolith")
    DeploymentMode deploymentMode();

    /** Root for everything the monolith keeps on disk: embedded database, blobs, generated secret. */
    @WithName("data-dir")
    @WithDefault("./data")
    Path dataDir();

    /** Name reported as the "service" of published events and in logs. */
    @WithName("service-name")
    @WithDefault("opendrive-api")
    String serviceName();

    Storage storage();

    interface Storage {
        /** local | gcs (s3 is accepted in documents written by the old system, not served yet). */
        @WithDefault("local")
        String provider();

        /** Blob directory of the local provider; defaults to {data-dir}/storage. */
        Optional<Path> path();

        @WithName("max-file-size")
        @WithDefault("104857600")
        long maxFileSize();
    }

    default Path localStoragePath() {
        return storage().path().orElse(dataDir().resolve("storage"));
    }
}
