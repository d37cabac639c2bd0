package dev.opendrive.platform.logging;

import java.util.Optional;

import dev.opendrive.platform.config.PlatformConfig;

/**
 * When and how the console switches to Cloud Logging JSON: on Cloud Run (a service sets K_SERVICE,
 * a worker pool CLOUD_RUN_WORKER_POOL) or when LOG_FORMAT=json.
 */
public record CloudLoggingSettings(boolean json, String projectId, String service, String revision) {

    public static CloudLoggingSettings from(LoggingConfig log, PlatformConfig platform, Optional<String> gcsProject,
            String serviceName) {
        var run = platform.cloudRun();
        return of(log.format(), run.service().or(run::workerPool), run.revision().or(run::workerPoolRevision),
                platform.projectId().or(() -> gcsProject), serviceName);
    }

    /**
     * @param cloudRunName the Cloud Run service or worker pool running this process, if any
     */
    static CloudLoggingSettings of(Optional<String> format, Optional<String> cloudRunName, Optional<String> revision,
            Optional<String> project, String serviceName) {
        Optional<String> runName = nonBlank(cloudRunName);
        boolean json = runName.isPresent() || nonBlank(format).map("json"::equalsIgnoreCase).orElse(false);
        String service = runName.or(() -> nonBlank(Optional.ofNullable(serviceName))).orElse(null);
        return new CloudLoggingSettings(json, nonBlank(project).orElse(null), service, nonBlank(revision).orElse(null));
    }

    public CloudLoggingFormatter formatter() {
        return new CloudLoggingFormatter(projectId, service, revision);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(s -> !s.isEmpty());
    }
}
