package dev.opendrive.api.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.searchindexer.SearchIndexer;
import dev.opendrive.api.usage.UsageCounters;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.opendrive.platform.logging.LogEvent;

/**
 * Operator routes, authorised by the ADMIN_TOKEN shared secret rather than a user role: every
 * registered user has role "admin" (kept from the old service for compatibility), so a role check
 * would let anyone in.
 */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    public record Started(String message) {
    }

    public record Recounted(String message, long repaired) {
    }

    private final AdminConfig config;
    private final SearchIndexer indexer;
    private final AtomicBoolean reindexing = new AtomicBoolean();
    private final UsageCounters usage;

    public AdminResource(AdminConfig config, SearchIndexer indexer, UsageCounters usage) {
        this.config = config;
        this.indexer = indexer;
        this.usage = usage;
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
        if (!reindexing.compareAndSet(false, true)) {
            throw ApiException.conflict(ErrorCode.REINDEX_RUNNING, "A full re-index is already running");
        }
        CompletableFuture.runAsync(() -> {
            long started = System.nanoTime();
            try {
                SearchIndexer.Report report = indexer.reindexAll();
                LogEvent.of("admin.reindex_done").with("indexed", report.indexed()).with("removed", report.removed())
                        .with("failed", report.failed()).durationSince(started).info(LOG);
            } catch (RuntimeException e) {
                LogEvent.of("admin.reindex_failed").outcome("failure").error(LOG, e);
            } finally {
                reindexing.set(false);
            }
        });
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
