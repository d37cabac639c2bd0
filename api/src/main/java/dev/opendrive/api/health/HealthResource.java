package dev.opendrive.api.health;

import dev.opendrive.api.ui.UiShell;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The old service's health answer on /, /health and /api/health; a browser at / gets the web UI. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    public record Health(String status, String message, String mongodb) {
    }

    private final DatabaseProbe database;
    private final UiShell ui;

    public HealthResource(DatabaseProbe database, UiShell ui) {
        this.database = database;
        this.ui = ui;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_HTML })
    public Response root(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        if (UiShell.wantsHtml(accept)) {
            return ui.page();
        }
        return Response.fromResponse(health()).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
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
