package dev.opendrive.api.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.api.auth.UserDocument;
import dev.opendrive.api.auth.UserRepository;
import dev.opendrive.api.backup.BackupService;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.search.Reindexing;
import dev.opendrive.api.usage.Quota;
import dev.opendrive.api.usage.Quotas;
import dev.opendrive.api.usage.UsageCounters;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

    /** A user's quota as an operator sees it. */
    public record UserQuota(String userId, String email,
            @Schema(description = "Bytes the user may keep (live files and trash); null: unlimited", nullable = true)
            Long quota,
            @Schema(description = "\"user\": set for this user; \"default\": DEFAULT_QUOTA applies",
                    enumeration = { "user", "default" })
            String source,
            @Schema(description = "DEFAULT_QUOTA in bytes; null: unlimited", nullable = true) Long defaultQuota,
            @Schema(description = "Bytes that count toward the quota: live files and the trash") long quotaUsed) {
    }

    /** PUT body of a user's quota (documentation: the route reads it itself, see {@link #setQuota}). */
    @Schema(name = "QuotaRequest", requiredProperties = "bytes")
    public static class QuotaRequest {
        @Schema(description = "The quota in bytes (0: the user can store nothing more); null: unlimited",
                nullable = true, minimum = "0")
        public Long bytes;
    }

    private final AdminConfig config;
    private final Reindexing reindexing;
    private final UsageCounters usage;
    private final BackupService backups;
    private final Quotas quotas;
    private final UserRepository users;
    private final ObjectMapper json;

    public AdminResource(AdminConfig config, Reindexing reindexing, UsageCounters usage, BackupService backups,
            Quotas quotas, UserRepository users, ObjectMapper json) {
        this.config = config;
        this.reindexing = reindexing;
        this.usage = usage;
        this.backups = backups;
        this.quotas = quotas;
        this.users = users;
        this.json = json;
    }

    /** (added) A user's quota, whose it is (their own or DEFAULT_QUOTA) and what counts toward it. */
    @GET
    @Path("/users/{user}/quota")
    public UserQuota quota(@HeaderParam("X-Admin-Token") String token,
            @Parameter(description = "The user's id or email") @PathParam("user") String user) {
        authorise(token);
        UserDocument account = account(user);
        return view(account, quotas.standing(account.id));
    }

    /**
     * (added) Sets a user's own quota: {"bytes": n} (0 or more), {"bytes": null} for unlimited. It
     * applies to the next upload; files already stored stay, also over a lowered quota.
     */
    @PUT
    @Path("/users/{user}/quota")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = QuotaRequest.class)))
    public UserQuota setQuota(@HeaderParam("X-Admin-Token") String token,
            @Parameter(description = "The user's id or email") @PathParam("user") String user,
            @Parameter(hidden = true) String body) {
        authorise(token);
        Quota quota = requestedQuota(body);
        UserDocument account = account(user);
        return view(account, quotas.set(account.id, Optional.of(quota)));
    }

    /** (added) Drops a user's own quota: DEFAULT_QUOTA applies again. */
    @DELETE
    @Path("/users/{user}/quota")
    public UserQuota resetQuota(@HeaderParam("X-Admin-Token") String token,
            @Parameter(description = "The user's id or email") @PathParam("user") String user) {
        authorise(token);
        UserDocument account = account(user);
        return view(account, quotas.set(account.id, Optional.empty()));
    }

    private UserDocument account(String user) {
        return users.findByIdOrEmail(user)
                .orElseThrow(() -> ApiException.notFound(ErrorCode.USER_NOT_FOUND, "User not found"));
    }

    private UserQuota view(UserDocument account, Quotas.Standing standing) {
        return new UserQuota(account.id.toHexString(), account.email, standing.quota().limit(),
                standing.own() ? "user" : "default", quotas.defaultQuota().limit(), standing.charged());
    }

    /** {"bytes": a whole number >= 0, or null}; anything else is a 400 that says what is expected. */
    private Quota requestedQuota(String body) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_JSON, "The request body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw ApiException.badRequest(ErrorCode.INVALID_BODY, "A JSON object body is required");
        }
        JsonNode bytes = request.get("bytes");
        if (bytes == null) {
            throw ApiException.badRequest(ErrorCode.VALIDATION_ERROR,
                    "'bytes' is required: the quota in bytes, or null for unlimited");
        }
        if (bytes.isNull()) {
            return Quota.UNLIMITED;
        }
        if (!bytes.isIntegralNumber() || !bytes.canConvertToLong() || bytes.longValue() < 0) {
            throw ApiException.badRequest(ErrorCode.INVALID_FIELD,
                    "Field 'bytes' must be a whole number of bytes (0 or more), or null for unlimited");
        }
        return Quota.of(bytes.longValue());
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
