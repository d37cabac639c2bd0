package dev.opendrive.storage;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** GCS_BUCKET, GCS_PROJECT_ID and optional GCS_KEYFILE (else Application Default Credentials). */
@ConfigMapping(prefix = "opendrive.gcs")
public interface GcsConfig {

    Optional<String> bucket();

    @WithName("project-id")
    Optional<String> projectId();

    Optional<String> keyfile();
}
