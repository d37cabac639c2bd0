package dev.opendrive.api.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.opendrive.api.backup.BackupService;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.search.Reindexing;
import dev.opendrive.api.usage.UsageCounters;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Operator routes, authorised by the ADMIN_TOKEN shared secret rather than a user role: every
 * registered user has role "admin" (kept from the old service for compatibility), so a role check
 * would let anyone in.
 */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    public record Started(String message) {
    }

    public record Recounted(String message, long repaired) {
    }

    private final AdminConfig config;
    private final Reindexing reindexing;
    private final UsageCounters usage;
    private final BackupService backups;

    public AdminResource(AdminConfig config, Reindexing reindexing, UsageCounters usage, BackupService backups) {
        this.config = config;
        this.reindexing = reindexing;
        this.usage = usage;
        this.backups = backups;
    }

    /**
     * Writes an online snapshot of the embedded database into BACKUP_DIR/{name} (a UTC timestamp
     * by default) while requests go on; scripts/backup.sh calls it, then copies the blobs.
     */
    @POST
    @Path("/backup")
    public Response backup(@HeaderParam("X-Admin-Token") String token, @QueryParam("name") String name) {
        authorise(token);
        return Response.status(Response.Status.CREATED).entity(backups.create(name)).build();
    }

    /** Recounts every user's files, folders and bytes from the documents (repairs drifted counters). */
    @POST
    @Path("/usage/recount")
    public Recounted recountUsage(@HeaderParam("X-Admin-Token") String token) {
        authorise(token);
        long repaired = usage.recountAll();
        return new Recounted("Usage recounted", repaired);
    }

    /** Re-indexes every file of every user in the background (after upgrades or repairs). */
    @POST
    @Path("/reindex")
    public Response reindexAll(@HeaderParam("X-Admin-Token") String token) {
        authorise(token);
        reindexing.startReindexAll();
        return Response.accepted(new Started("Re-index of all files started")).build();
    }

    private void authorise(String token) {
        String expected = config.token().filter(t -> !t.isBlank())
                .orElseThrow(() -> ApiException.notFound(ErrorCode.NOT_FOUND, "Route not found"));
        if (token == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.forbidden(ErrorCode.FORBIDDEN, "Access denied");
        }
    }
}
