package dev.opendrive.api.folders;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

import dev.opendrive.api.access.Ownership;
import dev.opendrive.api.auth.CurrentUser;
import dev.opendrive.api.items.MoveTarget;
import dev.opendrive.api.items.RenameOrMove;
import dev.opendrive.api.json.Message;
import dev.opendrive.api.json.RequiredBody;
import dev.opendrive.api.sharing.ShareRequest;
import dev.opendrive.api.sharing.ShareService;
import dev.opendrive.api.trash.TrashService;
import dev.opendrive.api.zip.ZipDownloads;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerResponse;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/folders")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FolderResource {

    /** What the other JSON routes send (Quarkus REST adds the charset to the objects it writes). */
    private static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

    /** POST body: {name, parentId?}; the name is checked by {@code Names}, the parent by {@code Ownership}. */
    public record CreateRequest(String name, String parentId) {
    }

    /** PUT/PATCH body: {name?} renames, {parentId} (null for the root) moves, both at once do both. */
    public record UpdateRequest(String name, MoveTarget parentId) {
        RenameOrMove change() {
            return new RenameOrMove(name, parentId);
        }
    }

    private final FolderService service;
    private final TrashService trash;
    private final ShareService shares;
    private final Ownership ownership;
    private final ZipDownloads zips;
    private final FolderListings listings;
    private final CurrentUser user;

    public FolderResource(FolderService service, TrashService trash, ShareService shares, Ownership ownership,
            ZipDownloads zips, FolderListings listings, CurrentUser user) {
        this.service = service;
        this.trash = trash;
        this.shares = shares;
        this.ownership = ownership;
        this.zips = zips;
        this.listings = listings;
        this.user = user;
    }

    @GET
    public List<FolderView> roots() {
        return service.roots(user.id());
    }

    @GET
    @Path("/trash/list")
    public List<FolderView> trashList() {
        return trash.trashedFolders(user.id()).stream().map(FolderView::of).toList();
    }

    @GET
    @Path("/stats/summary")
    public FolderService.Stats stats() {
        return service.stats(user.id());
    }

    @POST
    @Path("/trash/empty")
    public Map<String, Object> emptyTrash() {
        long deleted = trash.emptyFolderTrash(user.id());
        return Map.of("message", "Folder trash emptied successfully", "deletedCount", deleted);
    }

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "The folder, its subfolders and files, and its breadcrumb",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FolderService.FolderContents.class)))
    public Response get(@PathParam("id") String id) {
        // already JSON: FolderListings keeps listings as they were written
        return Response.ok(listings.contents(id, user.id()), JSON_UTF8).build();
    }

    /** (added) The folder and everything live below it as one streamed ZIP. */
    @GET
    @Path("/{id}/download")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The folder tree as a ZIP (streamed, chunked)",
            content = @Content(mediaType = ZipDownloads.MEDIA_TYPE,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response download(@PathParam("id") String id, @Context HttpServerResponse http) {
        return zips.folder(ownership.activeFolder(id, user.id()), http);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@RequiredBody @Valid CreateRequest body) {
        FolderView created = service.create(body.name(), body.parentId(), user.id());
        return Response.status(201).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public FolderView update(@PathParam("id") String id, @RequiredBody @Valid UpdateRequest body) {
        return service.update(id, body.change(), user.id());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public FolderView patch(@PathParam("id") String id, @RequiredBody @Valid UpdateRequest body) {
        return update(id, body);
    }

    @DELETE
    @Path("/{id}")
    public Message delete(@PathParam("id") String id) {
        trash.trashFolder(ownership.activeFolder(id, user.id()));
        return new Message("Folder moved to trash");
    }

    @POST
    @Path("/{id}/restore")
    public Message restore(@PathParam("id") String id) {
        trash.restoreFolder(ownership.trashedFolder(id, user.id()));
        return new Message("Folder restored successfully");
    }

    @DELETE
    @Path("/{id}/permanent")
    public Message deletePermanently(@PathParam("id") String id) {
        trash.deleteFolderPermanently(ownership.folderInAnyState(id, user.id()));
        return new Message("Folder permanently deleted");
    }

    /**
     * Shares the folder (sharing again keeps the link). (added) An optional JSON body sets the link's
     * settings (password, expiresAt, maxDownloads, mode "view" or "drop"); without a body the link is made as it always was.
     */
    @POST
    @Path("/{id}/share")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ShareRequest.class)))
    public ShareService.ShareLink share(@PathParam("id") String id, ShareRequest body) {
        return shares.share(ownership.activeFolder(id, user.id()), body);
    }

    /** The old call: no body and no Content-Type (a JSON body is taken by the method above). */
    @POST
    @Path("/{id}/share")
    @Operation(hidden = true)
    public ShareService.ShareLink share(@PathParam("id") String id) {
        return share(id, null);
    }

    /** (added) The folder's link and its settings; 404 SHARE_NOT_FOUND when it is not shared. */
    @GET
    @Path("/{id}/share")
    public ShareService.ShareLink shareSettings(@PathParam("id") String id) {
        return shares.current(ownership.activeFolder(id, user.id()));
    }

    /** (added) Changes the link's settings: absent fields stay, null removes a rule; 404 when not shared. */
    @PATCH
    @Path("/{id}/share")
    @Consumes(MediaType.APPLICATION_JSON)
    public ShareService.ShareLink updateShare(@PathParam("id") String id, @RequiredBody ShareRequest body) {
        return shares.update(ownership.activeFolder(id, user.id()), body);
    }

    @DELETE
    @Path("/{id}/share")
    public Message unshare(@PathParam("id") String id) {
        shares.revoke(ownership.folderInAnyState(id, user.id()));
        return new Message("Share link revoked");
    }
}
