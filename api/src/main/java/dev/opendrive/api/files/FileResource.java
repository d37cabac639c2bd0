package dev.opendrive.api.files;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

import dev.opendrive.api.access.Ownership;
import dev.opendrive.api.auth.CurrentUser;
import dev.opendrive.api.items.MoveTarget;
import dev.opendrive.api.items.RenameOrMove;
import dev.opendrive.api.json.Message;
import dev.opendrive.api.json.RequiredBody;
import dev.opendrive.api.sharing.DownloadLinks;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import dev.opendrive.model.files.FileDocument;

@Path("/api/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {

    /** PUT/PATCH body: {name?} renames, {folderId} (null for the root) moves, both at once do both. */
    public record UpdateRequest(String name, MoveTarget folderId) {
        RenameOrMove change() {
            return new RenameOrMove(name, folderId);
        }
    }

    private final FileService service;
    private final TrashService trash;
    private final ShareService shares;
    private final Ownership ownership;
    private final DownloadLinks links;
    private final ZipDownloads zips;
    private final CurrentUser user;
    private final FileVersions versions;
    private final KnownDownloads downloads;

    public FileResource(FileService service, TrashService trash, ShareService shares, Ownership ownership,
            DownloadLinks links, ZipDownloads zips, CurrentUser user, FileVersions versions,
            KnownDownloads downloads) {
        this.service = service;
        this.downloads = downloads;
        this.versions = versions;
        this.trash = trash;
        this.shares = shares;
        this.ownership = ownership;
        this.links = links;
        this.zips = zips;
        this.user = user;
    }

    /** The form of POST /api/files as the OpenAPI document shows it; the method reads the raw body. */
    @Schema(name = "UploadForm", requiredProperties = FileService.FILES_FIELD)
    public static class UploadForm {
        @Schema(description = "1 to MAX_FILES_PER_UPLOAD (default 10) files, each at most MAX_FILE_SIZE bytes")
        public List<java.io.File> files;
        @Schema(description = "The target folder's id; absent, empty, \"null\" or \"root\" for the root. "
                + "May come before or after the files")
        public String folderId;
        @Schema(description = "(added) \"version\": a file whose name is already taken in the folder replaces "
                + "that file's content, the old content is kept as a version; \"rename\" (default): stored as "
                + "\"name (1).ext\". The onConflict query parameter, when given, wins", enumeration = { "rename", "version" })
        public String onConflict;
    }

    /**
     * The multipart form ("files" parts, "folderId") as the raw request body, read as it arrives on a
     * worker thread: with no form parameter on the method Quarkus REST does no form decoding of its
     * own (no spool file); {@link FileService#upload} parses the parts and streams each file to storage.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class)))
    public Response upload(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = ON_CONFLICT_DOC) @QueryParam(FileService.ON_CONFLICT_FIELD) String onConflict,
            @Parameter(hidden = true) InputStream body) {
        UploadResult result = service.upload(body, contentType, onConflict, user.id());
        return Response.status(201).entity(result).build();
    }

    /**
     * (added) One file as the raw request body, read as it arrives on a worker thread and written
     * straight to storage: no multipart parsing and no spool file (Cloud Run's disk is memory).
     */
    @PUT
    @Path("/content")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "201", description = "A new file was stored")
    @APIResponse(responseCode = "200", description = "(added) onConflict=version: the existing file's content "
            + "was replaced (its id in replaced), the old content kept as a version")
    public Response uploadContent(@QueryParam("name") String name, @QueryParam("folderId") String folderId,
            @Parameter(description = ON_CONFLICT_DOC) @QueryParam(FileService.ON_CONFLICT_FIELD) String onConflict,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        UploadResult result = service.uploadStream(body, name, folderId, length, onConflict, user.id());
        return Response.status(result.replaced() != null ? 200 : 201).entity(result).build();
    }

    static final String ON_CONFLICT_DOC = "(added) What a name already taken in the folder does: \"rename\" "
            + "(default) stores \"name (1).ext\"; \"version\" replaces that file's content and keeps the old one "
            + "as a version (same file id, so shares and links follow)";

    /** (added) The file's contents, newest first: the current one (versionId "current") and its versions. */
    @GET
    @Path("/{id}/versions")
    public FileVersions.VersionList versions(@PathParam("id") String id) {
        return versions.list(id, user.id());
    }

    /** (added) One version's bytes, with ETag and Range as for the file's own download. */
    @GET
    @Path("/{id}/versions/{versionId}/download")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The version's bytes (206 for a Range)",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response downloadVersion(@PathParam("id") String id, @PathParam("versionId") String versionId,
            @Context HttpHeaders headers) {
        return versions.download(id, versionId, user.id(), headers);
    }

    public record VersionRestored(String message, FileView file) {
    }

    /** (added) The version becomes the current content; the current content becomes a version. */
    @POST
    @Path("/{id}/versions/{versionId}/restore")
    public VersionRestored restoreVersion(@PathParam("id") String id, @PathParam("versionId") String versionId) {
        return new VersionRestored("Version restored", FileView.of(versions.restore(id, versionId, user.id())));
    }

    /** (added) Deletes one version (its bytes are freed). */
    @DELETE
    @Path("/{id}/versions/{versionId}")
    public Message deleteVersion(@PathParam("id") String id, @PathParam("versionId") String versionId) {
        versions.delete(id, versionId, user.id());
        return new Message("Version deleted");
    }

    @GET
    @Path("/folder/{folderId}")
    public List<FileView> inFolder(@PathParam("folderId") String folderId) {
        return service.listFolder(folderId, user.id());
    }

    @GET
    @Path("/trash/list")
    public List<FileView> trashList() {
        return trash.trashedFiles(user.id()).stream().map(FileView::of).toList();
    }

    @POST
    @Path("/trash/empty")
    public Map<String, Object> emptyTrash() {
        long deleted = trash.emptyFileTrash(user.id());
        return Map.of("message", "Trash emptied successfully", "deletedCount", deleted);
    }

    @GET
    @Path("/{id}")
    public FileView get(@PathParam("id") String id) {
        return FileView.of(ownership.activeFile(id, user.id()));
    }

    @GET
    @Path("/{id}/download")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("id") String id, @Context HttpHeaders headers) {
        return downloads.send(KnownDownloads.Kind.CONTENT, id, user.id(), headers);
    }

    /**
     * (added) Several files and folders of the caller as one streamed ZIP: folders as top-level
     * directories with everything live below them, files at the top level.
     */
    @POST
    @Path("/download")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The selected items as a ZIP (streamed, chunked)",
            content = @Content(mediaType = ZipDownloads.MEDIA_TYPE,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response downloadSelection(@RequiredBody @Valid ZipDownloads.Selection body,
            @Context HttpServerResponse http) {
        return zips.selection(body, user.id(), http);
    }

    /** (added) A time-limited link that downloads the file without a token. */
    @GET
    @Path("/{id}/link")
    public DownloadLinks.Link link(@PathParam("id") String id, @QueryParam("expires") Long expires,
            @Context UriInfo uri) {
        FileDocument file = ownership.activeFile(id, user.id());
        return links.create(file, DownloadLinks.ttl(expires), uri.getBaseUri());
    }

    @GET
    @Path("/{id}/thumbnail")
    @Produces(MediaType.WILDCARD)
    public Response thumbnail(@PathParam("id") String id, @Context HttpHeaders headers) {
        return downloads.send(KnownDownloads.Kind.THUMBNAIL, id, user.id(), headers);
    }


    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public FileView update(@PathParam("id") String id, @RequiredBody @Valid UpdateRequest body) {
        return service.update(id, body.change(), user.id());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public FileView patch(@PathParam("id") String id, @RequiredBody @Valid UpdateRequest body) {
        return update(id, body);
    }

    @DELETE
    @Path("/{id}")
    public Message delete(@PathParam("id") String id) {
        trash.trashFile(ownership.activeFile(id, user.id()));
        return new Message("File moved to trash");
    }

    public record Restored(String message, FileView file) {
    }

    @POST
    @Path("/{id}/restore")
    public Restored restore(@PathParam("id") String id) {
        FileDocument restored = trash.restoreFile(ownership.trashedFile(id, user.id()));
        return new Restored("File restored successfully", FileView.of(restored));
    }

    @DELETE
    @Path("/{id}/permanent")
    public Message deletePermanently(@PathParam("id") String id) {
        trash.deleteFilePermanently(ownership.fileInAnyState(id, user.id()));
        return new Message("File permanently deleted");
    }

    /**
     * Shares the file (sharing again keeps the link). (added) An optional JSON body sets the link's
     * settings (password, expiresAt, maxDownloads); without a body the link is made as it always was.
     */
    @POST
    @Path("/{id}/share")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ShareRequest.class)))
    public ShareService.ShareLink share(@PathParam("id") String id, ShareRequest body) {
        return shares.share(ownership.activeFile(id, user.id()), body);
    }

    /** The old call: no body and no Content-Type (a JSON body is taken by the method above). */
    @POST
    @Path("/{id}/share")
    @Operation(hidden = true)
    public ShareService.ShareLink share(@PathParam("id") String id) {
        return share(id, null);
    }

    /** (added) The file's link and its settings; 404 SHARE_NOT_FOUND when it is not shared. */
    @GET
    @Path("/{id}/share")
    public ShareService.ShareLink shareSettings(@PathParam("id") String id) {
        return shares.current(ownership.activeFile(id, user.id()));
    }

    /** (added) Changes the link's settings: absent fields stay, null removes a rule; 404 when not shared. */
    @PATCH
    @Path("/{id}/share")
    @Consumes(MediaType.APPLICATION_JSON)
    public ShareService.ShareLink updateShare(@PathParam("id") String id, @RequiredBody ShareRequest body) {
        return shares.update(ownership.activeFile(id, user.id()), body);
    }

    @DELETE
    @Path("/{id}/share")
    public Message unshare(@PathParam("id") String id) {
        shares.revoke(ownership.fileInAnyState(id, user.id()));
        return new Message("Share link revoked");
    }
}
