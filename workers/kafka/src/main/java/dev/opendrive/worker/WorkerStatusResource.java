package dev.opendrive.worker;

import java.util.Locale;

import dev.opendrive.model.config.OpenDriveConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import dev.opendrive.model.events.FileEventHandler;

/**
 * What a worker process is, for operators: its service name, mode and handler. Liveness and
 * readiness (including the Kafka consumer) are at /q/health.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerStatusResource {

    public record Status(String service, String status, String deploymentMode, String handler) {
    }

    private final OpenDriveConfig config;
    private final FileEventHandler handler;

    public WorkerStatusResource(OpenDriveConfig config, FileEventHandler handler) {
        this.config = config;
        this.handler = handler;
    }

    @GET
    public Status status() {
        return new Status(config.serviceName(), "ok", config.deploymentMode().name().toLowerCase(Locale.ROOT),
                handler.name());
    }
}
