package dev.opendrive.thumbnail;

import dev.opendrive.config.OpenDriveConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * What this worker process is, for operators and Cloud Run probes (liveness and readiness are at
 * /q/health). The event consumer arrives with the event-pipeline work; until then the process
 * starts, reports itself and does nothing else.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ThumbnailWorkerStatus {

    public record Status(String service, String status, String deploymentMode) {
    }

    private final OpenDriveConfig config;

    public ThumbnailWorkerStatus(OpenDriveConfig config) {
        this.config = config;
    }

    @GET
    public Status status() {
        return new Status(config.serviceName(), "ok", config.deploymentMode().name().toLowerCase(java.util.Locale.ROOT));
    }
}
