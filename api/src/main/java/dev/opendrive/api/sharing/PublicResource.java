package dev.opendrive.api.sharing;

import java.util.List;


import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.InputStream;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import dev.opendrive.api.auth.ClientAddress;
import dev.opendrive.api.files.FileResource;
import dev.opendrive.api.files.FileService;
import dev.opendrive.api.files.UploadResult;
import dev.opendrive.api.json.RequiredBody;
import dev.opendrive.model.db.ObjectIds;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.files.BlobResponses;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.folders.FolderService;
import dev.opendrive.api.json.Dates;
import dev.opendrive.api.zip.ZipDownloads;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Read-only access through a share link, without an account. Only what a visitor needs is shown:
 * never storage keys, owner ids or the share ids of children; trashed items are unreachable.
 * (added) Every route passes {@link ShareAccess} first: the link's expiry, download limit, password
 * and mode; a file-drop link takes uploads and shows nothing.
 */
@Path("/api/public")
@Produces(MediaType.APPLICATION_JSON)
public class PublicResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicFolder(@JsonProperty("_id") String id, String name, String createdAt, String parentId) {
        static PublicFolder of(FolderDocument f, boolean withParent) {
            return new PublicFolder(f.id.toHexString(), f.name, Dates.iso(f.createdAt),
                    withParent ? ObjectIds.str(f.parentId) : null);
        }
    }

    public record PublicFile(@JsonProperty("_id") String id, String name, String originalName, String mimeType,
            long size, String createdAt, boolean hasThumbnail) {
        static PublicFile of(FileDocument f) {
            return new PublicFile(f.id.toHexString(), f.originalName, f.originalName, f.mimeType, f.size,
                    Dates.iso(f.createdAt), f.hasThumbnail);
        }
    }

    public record Crumb(@JsonProperty("_id") String id, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharedView(String type, PublicFolder folder, List<PublicFolder> subfolders, List<PublicFile> files,
            PublicFile file, List<Crumb> breadcrumb, String rootShareId, String rootFolderId, DropTarget drop,
            Long downloadsLeft) {
    }

    /**
     * (added) Who is asking: the unlock token of a password-protected link, from the X-Share-Token
     * header or, for plain links and images that cannot send a header, the {@code token} query
     * parameter; and the client address (wrong passwords are limited per link and address).
     */
    public static class Visitor {
        @HeaderParam(TOKEN_HEADER)
        @Parameter(description = "(added) The unlock token of a password-protected link")
        String headerToken;
        @QueryParam("token")
        @Parameter(description = "(added) The unlock token, for plain links that cannot send a header")
        String queryToken;
        @Context
        HttpServerRequest request;

        String token() {
            return headerToken != null && !headerToken.isEmpty() ? headerToken : queryToken;
        }

        boolean isHead() {
            return request != null && request.method() == io.vertx.core.http.HttpMethod.HEAD;
        }
    }

    /** (added) The body of the unlock route. */
    public record UnlockRequest(@NotNull(message = "password is required") String password) {
    }

    /** (added) What a file-drop link shows a visitor: where the files go, nothing of what is there. */
    public record DropTarget(String name) {
    }

    public static final String TOKEN_HEADER = "X-Share-Token";

    private final FileRepository files;
    private final FolderRepository folders;
    private final FolderService folderService;
    private final BlobResponses blobs;
    private final ZipDownloads zips;
    private final ShareAccess access;
    private final FileService uploads;

    public PublicResource(FileRepository files, FolderRepository folders, FolderService folderService,
            BlobResponses blobs, ZipDownloads zips, ShareAccess access, FileService uploads) {
        this.files = files;
        this.folders = folders;
        this.folderService = folderService;
        this.blobs = blobs;
        this.zips = zips;
        this.access = access;
        this.uploads = uploads;
    }

    @GET
    @Path("/{shareId}")
    @APIResponse(responseCode = "200", description = "The shared folder or file; (added) for a file-drop link "
            + "{type:\"drop\", drop:{name}} only",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SharedView.class)))
    @APIResponse(responseCode = "401", description = "(added) PASSWORD_REQUIRED: unlock the link first")
    @APIResponse(responseCode = "410", description = "(added) SHARE_EXPIRED or DOWNLOAD_LIMIT_REACHED")
    public SharedView shared(@PathParam("shareId") String shareId, @BeanParam Visitor visitor) {
        ShareAccess.Opened opened = access.open(shareId, visitor.token(), ShareAccess.Purpose.OPEN);
        if (opened.folder() != null) {
            FolderDocument f = opened.folder();
            if (opened.settings().mode() == ShareMode.DROP) {
                return new SharedView("drop", null, null, null, null, null, null, null, new DropTarget(f.name), null);
            }
            return new SharedView("folder", PublicFolder.of(f, false), subfolders(f), files(f), null, null, shareId,
                    null, null, downloadsLeft(opened));
        }
        return new SharedView("file", null, null, null, PublicFile.of(opened.file()), null, null, null, null,
                downloadsLeft(opened));
    }

    /**
     * (added) Checks the password of a protected link and answers a token that opens it for a while
     * (opendrive.shares.unlock.token-lifetime): send it as X-Share-Token or ?token= on the other routes.
     */
    @POST
    @Path("/{shareId}/unlock")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The token and when it expires",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ShareAccess.Unlocked.class)))
    @APIResponse(responseCode = "401", description = "WRONG_PASSWORD")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: too many wrong passwords from this address "
            + "for this link (Retry-After)")
    public ShareAccess.Unlocked unlock(@PathParam("shareId") String shareId,
            @RequiredBody @Valid UnlockRequest body, @BeanParam Visitor visitor) {
        return access.unlock(shareId, body.password(), ClientAddress.of(visitor.request));
    }

    /**
     * (added) A visitor's upload through a file-drop link, into the shared folder only: the form of
     * POST /api/files ("files" parts; a "folderId" field is refused) under the owner's rules (size,
     * count and type limits, names, the owner's quota: 507), as the owner's own upload.
     */
    @POST
    @Path("/{shareId}/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = FileResource.UploadForm.class)))
    public Response upload(@PathParam("shareId") String shareId, @BeanParam Visitor visitor,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Parameter(hidden = true) InputStream body) {
        FolderDocument folder = dropFolder(shareId, visitor);
        return Response.status(201).entity(dropped(uploads.uploadInto(body, contentType, folder))).build();
    }

    /** (added) One file as the raw body through a file-drop link (as PUT /api/files/content, without folderId). */
    @PUT
    @Path("/{shareId}/content")
    @Consumes(MediaType.WILDCARD)
    public Response uploadContent(@PathParam("shareId") String shareId, @BeanParam Visitor visitor,
            @QueryParam("name") String name, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        FolderDocument folder = dropFolder(shareId, visitor);
        return Response.status(201).entity(dropped(uploads.uploadStreamInto(body, name, length, folder))).build();
    }

    /**
     * The folder of a file-drop link. A refused visitor's body is not read on (unlike a signed-in
     * owner's): an anonymous client must not make the server take in up to MAX_BODY_SIZE for nothing.
     */
    private FolderDocument dropFolder(String shareId, Visitor visitor) {
        return access.open(shareId, visitor.token(), ShareAccess.Purpose.UPLOAD).folder();
    }

    /** What a visitor learns of their upload: the names it was stored under, nothing of the owner's drive. */
    private static DropResult dropped(UploadResult result) {
        return new DropResult(result.files().stream().map(f -> new DroppedFile(f.originalName(), f.size())).toList(),
                result.success(), result.failed(), result.errors());
    }

    public record DroppedFile(String name, long size) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DropResult(List<DroppedFile> files, int success, int failed, List<UploadResult.UploadError> errors) {
    }

    @GET
    @Path("/{shareId}/folder/{folderId}")
    public SharedView sharedSubfolder(@PathParam("shareId") String shareId, @PathParam("folderId") String folderId,
            @BeanParam Visitor visitor) {
        ShareAccess.Opened opened = access.open(shareId, visitor.token(), ShareAccess.Purpose.READ);
        FolderDocument root = folderOf(opened);
        FolderDocument folder = folderInShare(root, folderId);
        // the owner's breadcrumb, cut to start at the shared folder
        List<FolderService.Crumb> full = folderService.breadcrumb(folder);
        String rootId = root.id.toHexString();
        int start = Math.max(0, full.stream().map(FolderService.Crumb::id).toList().indexOf(rootId));
        List<Crumb> breadcrumb = full.subList(start, full.size()).stream().map(c -> new Crumb(c.id(), c.name())).toList();
        return new SharedView("folder", PublicFolder.of(folder, true), subfolders(folder), files(folder), null,
                breadcrumb, shareId, root.id.toHexString(), null, downloadsLeft(opened));
    }

    @GET
    @Path("/{shareId}/file/{fileId}/download")
    @Produces(MediaType.WILDCARD)
    public Response downloadFromFolder(@PathParam("shareId") String shareId, @PathParam("fileId") String fileId,
            @BeanParam Visitor visitor, @Context HttpHeaders headers) {
        ShareAccess.Opened opened = access.open(shareId, visitor.token(), ShareAccess.Purpose.READ);
        FileDocument file = fileInShare(folderOf(opened), fileId);
        return access.download(opened, visitor.isHead(), () -> send(file, headers));
    }

    /** (added) A folder inside the shared folder (or the shared folder itself) as one streamed ZIP. */
    @GET
    @Path("/{shareId}/folder/{folderId}/download")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The folder tree as a ZIP (streamed, chunked)",
            content = @Content(mediaType = ZipDownloads.MEDIA_TYPE,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response downloadFolder(@PathParam("shareId") String shareId, @PathParam("folderId") String folderId,
            @BeanParam Visitor visitor, @Context HttpServerResponse http) {
        ShareAccess.Opened opened = access.open(shareId, visitor.token(), ShareAccess.Purpose.READ);
        FolderDocument folder = folderInShare(folderOf(opened), folderId);
        return access.download(opened, visitor.isHead(), () -> zips.folder(folder, http));
    }

    /**
     * (added) Downloads left on a limited link, so the page can say so (and not spend one on a
     * preview by itself); absent for a link without a limit.
     */
    private static Long downloadsLeft(ShareAccess.Opened opened) {
        ShareSettings s = opened.settings();
        return s.maxDownloads() == null ? null : Math.max(0, s.maxDownloads() - s.downloadCount());
    }

    /** The shared folder of a link opened for reading; 404 when the link is a file's. */
    private FolderDocument sharedFolder(String shareId, Visitor visitor) {
        return folderOf(access.open(shareId, visitor.token(), ShareAccess.Purpose.READ));
    }

    private static FolderDocument folderOf(ShareAccess.Opened opened) {
        if (opened.folder() == null) {
            throw ShareAccess.notFound();
        }
        return opened.folder();
    }

    /** A live folder that is the shared folder or below it; 403 for a live folder elsewhere. */
    private FolderDocument folderInShare(FolderDocument root, String folderId) {
        FolderDocument folder = ObjectIds.parse(folderId).flatMap(folders::findByIdOptional)
                .filter(f -> !f.isTrashed()).orElseThrow(PublicResource::notFound);
        if (!isWithin(folder, root)) {
            throw ApiException.forbidden(ErrorCode.ACCESS_DENIED, "Access denied");
        }
        return folder;
    }

    /** A live file whose folder is the shared folder or below it; 403 for anything else that exists. */
    private FileDocument fileInShare(FolderDocument root, String fileId) {
        FileDocument file = ObjectIds.parse(fileId).flatMap(files::findByIdOptional).filter(f -> !f.isTrashed())
                .orElseThrow(PublicResource::notFound);
        FolderDocument parent = file.folderId == null ? null
                : folders.findByIdOptional(file.folderId).filter(f -> !f.isTrashed()).orElse(null);
        if (parent == null || !isWithin(parent, root)) {
            throw ApiException.forbidden(ErrorCode.ACCESS_DENIED, "Access denied");
        }
        return file;
    }


    /** (added) The thumbnail of a file inside the shared folder. */
    @GET
    @Path("/{shareId}/file/{fileId}/thumbnail")
    @Produces(MediaType.WILDCARD)
    public Response thumbnailFromFolder(@PathParam("shareId") String shareId, @PathParam("fileId") String fileId,
            @BeanParam Visitor visitor, @Context HttpHeaders headers) {
        return blobs.sendThumbnail(fileInShare(sharedFolder(shareId, visitor), fileId), headers);
    }

    /** (added) The thumbnail of a shared file. */
    @GET
    @Path("/{shareId}/thumbnail")
    @Produces(MediaType.WILDCARD)
    public Response thumbnail(@PathParam("shareId") String shareId, @BeanParam Visitor visitor,
            @Context HttpHeaders headers) {
        ShareAccess.Opened opened = access.open(shareId, visitor.token(), ShareAccess.Purpose.READ);
        if (opened.file() == null) {
            throw notFound();
        }
        return blobs.sendThumbnail(opened.file(), headers);
    }

    /** The shared file; (added) a shared folder as one streamed ZIP of its live tree. */
    @GET
    @Path("/{shareId}/download")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("shareId") String shareId, @BeanParam Visitor visitor,
            @Context HttpHeaders headers, @Context HttpServerResponse http) {
        ShareAccess.Opened opened = access.open(shareId, visitor.token(), ShareAccess.Purpose.READ);
        if (opened.folder() != null) {
            return access.download(opened, visitor.isHead(), () -> zips.folder(opened.folder(), http));
        }
        return access.download(opened, visitor.isHead(), () -> send(opened.file(), headers));
    }

    private Response send(FileDocument file, HttpHeaders headers) {
        return blobs.sendFile(file, true, headers);
    }

    private static boolean isWithin(FolderDocument folder, FolderDocument root) {
        return folder.id.equals(root.id) || (folder.ancestorIds != null && folder.ancestorIds.contains(root.id)
                && folder.ownerId.equals(root.ownerId));
    }

    private List<PublicFolder> subfolders(FolderDocument folder) {
        return folders.listChildren(folder.ownerId, folder.id).stream().map(f -> PublicFolder.of(f, false)).toList();
    }

    private List<PublicFile> files(FolderDocument folder) {
        return files.listInFolder(folder.ownerId, folder.id).stream().map(PublicFile::of).toList();
    }

    private static ApiException notFound() {
        return ShareAccess.notFound();
    }
}
