package dev.opendrive.api.search;

import dev.opendrive.api.auth.CurrentUser;
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

    private final SearchService search;
    private final Reindexing reindexing;
    private final CurrentUser user;

    public SearchResource(SearchService search, Reindexing reindexing, CurrentUser user) {
        this.search = search;
        this.reindexing = reindexing;
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
        SearchIndexer.Report report = reindexing.reindexOwner(user.id());
        return new ReindexResult("Search index rebuilt", report.indexed(), report.removed(), report.failed());
    }
}
