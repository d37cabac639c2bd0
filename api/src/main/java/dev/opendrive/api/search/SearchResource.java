package dev.opendrive.api.search;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.types.ObjectId;

import dev.opendrive.api.auth.CurrentUser;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.searchindexer.SearchIndexer;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    public record ReindexResult(String message, int indexed, int removed, int failed) {
    }

    /** Owners with a re-index running: one at a time each, it reads every file they have. */
    private static final Set<ObjectId> REINDEXING = ConcurrentHashMap.newKeySet();

    private final SearchService search;
    private final SearchIndexer indexer;
    private final CurrentUser user;

    public SearchResource(SearchService search, SearchIndexer indexer, CurrentUser user) {
        this.search = search;
        this.indexer = indexer;
        this.user = user;
    }

    @GET
    public SearchService.Results search(@QueryParam("q") String q, @QueryParam("type") String type,
            @QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("offset") @DefaultValue("0") int offset) {
        return search.search(q, type, limit, offset, user.id());
    }

    /** Rebuilds the caller's search index entries from their files (after an upgrade or a repair). */
    @POST
    @Path("/reindex")
    public ReindexResult reindex() {
        ObjectId owner = user.id();
        if (!REINDEXING.add(owner)) {
            throw ApiException.conflict(ErrorCode.REINDEX_RUNNING, "A re-index of your files is already running");
        }
        try {
            SearchIndexer.Report report = indexer.reindexOwner(owner);
            return new ReindexResult("Search index rebuilt", report.indexed(), report.removed(), report.failed());
        } finally {
            REINDEXING.remove(owner);
        }
    }
}
