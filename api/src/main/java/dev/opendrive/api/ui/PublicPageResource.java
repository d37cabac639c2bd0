package dev.opendrive.api.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A share link (the shareUrl the API returns) opens the UI's read-only public page. */
@Path("/public/{shareId}")
public class PublicPageResource {

    private final UiShell shell;

    public PublicPageResource(UiShell shell) {
        this.shell = shell;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("shareId") String shareId) {
        return shell.page();
    }
}
