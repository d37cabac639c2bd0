package dev.opendrive.search;

import dev.opendrive.auth.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    private final SearchService search;
    private final CurrentUser user;

    public SearchResource(SearchService search, CurrentUser user) {
        this.search = search;
        this.user = user;
    }

    @GET
    public SearchService.Results search(@QueryParam("q") String q, @QueryParam("type") String type,
            @QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("offset") @DefaultValue("0") int offset) {
        return search.search(q, type, limit, offset, user.id());
    }
}
