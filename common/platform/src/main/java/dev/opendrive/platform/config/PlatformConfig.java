package dev.opendrive.platform.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** What the platform says about where the process runs (set by Cloud Run / GCP, not by operators). */
@ConfigMapping(prefix = "opendrive.platform")
public interface PlatformConfig {

    /** GOOGLE_CLOUD_PROJECT. */
    @WithName("project-id")
    Optional<String> projectId();

    @WithName("cloud-run")
    CloudRun cloudRun();

    interface CloudRun {
        /** K_SERVICE: set for a Cloud Run service. */
        Optional<String> service();

        /** K_REVISION. */
        Optional<String> revision();

        /** CLOUD_RUN_WORKER_POOL: set for a worker pool, which has no K_SERVICE. */
        @WithName("worker-pool")
        Optional<String> workerPool();

        /** CLOUD_RUN_WORKER_POOL_REVISION. */
        @WithName("worker-pool-revision")
        Optional<String> workerPoolRevision();
    }
}
