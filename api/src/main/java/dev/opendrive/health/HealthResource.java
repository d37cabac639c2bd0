package dev.opendrive.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The old service's health answer on /, /health and /api/health. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    public record Health(String status, String message, String mongodb) {
    }

    private final DatabaseProbe database;

    public HealthResource(DatabaseProbe database) {
        this.database = database;
    }

    @GET
    public Response root() {
        return health();
    }

    @GET
    @Path("health")
    public Response plain() {
        return health();
    }

    @GET
    @Path("api/health")
    public Response health() {
        if (database.isUp()) {
            return Response.ok(new Health("ok", "Storage Platform API is running", "connected")).build();
        }
        return Response.status(503)
                .entity(new Health("unhealthy", "Database connection unavailable", "disconnected")).build();
    }
}
